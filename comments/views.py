"""
Readers post comments; moderators decide them in the queue.

A refused comment is answered by a page of this app
(templates/comments/comment_form.html), never by the story page: that page is the
articles app's, and it stays one cached page for every reader.

The comment form sits on story pages that are cached for every reader, so it
carries no per-reader CSRF token (a token means a cookie, and a cookie means a
page nobody can share). Cross-site posts are refused by origin instead: see
same_origin_required(). The form's stamp is the one per-reader part: the form's
script fetches it from comment_stamp(), which no cache keeps; a refusal page
carries a fresh one for readers without JavaScript.

Every edition's form posts to the same unprefixed address, so what a reader gets back
(errors, refusal page, redirect) is in the story's edition: story_edition().
Moderators work in their own language, on the editions of their desks
(comments.desks).
"""

import re
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, F, Min
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView

from articles.models import Article, Section
from newsroom.pagination import LimitPaginator

from . import desks, moderation, services
from .forms import CommentForm
from .holds.campaigns import pending_groups
from .holds.services import decide_campaign
from .models import Comment, Flag, RejectionReason

CROSS_SITE_MESSAGE = _(
    "We could not confirm that this form was sent from our site, so the comment was not "
    "posted. Your text is still here: please send it again from this page."
)


def _origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def is_same_origin(request) -> bool:
    """
    True when the browser says the POST comes from this site: the Origin header
    first, then Sec-Fetch-Site, then the Referer. A request with none is refused.
    """
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in allowed
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    referer = request.headers.get("Referer")
    return referer is not None and _origin_of(referer) in allowed


@contextmanager
def story_edition(request, article):
    """
    Answer in ``article``'s edition: its language for every message, page and redirect,
    its direction and zone. The comments' addresses carry no edition prefix (every
    edition's form posts to /stories/<pk>/comments/), so the story says which.
    """
    edition = article.edition_info
    request.edition = edition
    request.LANGUAGE_CODE = edition.language  # the response's Content-Language
    with translation.override(edition.language), timezone.override(edition.zone):
        yield edition


def same_origin_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.comment_cross_site = not is_same_origin(request)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)


@same_origin_required
@require_POST
@never_cache  # a refusal carries what one reader typed
def post_comment(request, pk):
    """POST a comment: on success redirect to the story's "awaits moderation" state."""
    article = get_object_or_404(Article.objects.published(), pk=pk)
    with story_edition(request, article):
        return _post_comment(request, article)


def _post_comment(request, article):
    form = CommentForm(request.POST, article=article)
    if not services.comments_open(article):
        return _refusal_page(request, form, status=403, closed=True)
    if request.comment_cross_site:
        form.is_valid()
        form.add_error(None, str(CROSS_SITE_MESSAGE))
        return _refusal_page(request, form, status=403)
    if not form.is_valid():
        return _refusal_page(request, form, status=400)
    try:
        services.submit_comment(
            article=article,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            body=form.cleaned_data["body"],
            ip=moderation.client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            stamp=form.stamp.nonce,
            notify=form.cleaned_data["notify"],
        )
    except services.CommentRefused as refusal:
        form.add_error(refusal.field, refusal.message)
        return _refusal_page(request, form, status=refusal.status, closed=refusal.code == "closed")
    return HttpResponseRedirect(f"{article.get_absolute_url()}?comment=received#comments")


def _refusal_page(request, form, *, status, closed=False):
    """
    templates/comments/comment_form.html: why the comment was not posted, with a
    link back to the story, and the reader's form again (everything typed kept,
    each error beside its field) or, when comments are closed, their words to keep.

    Context: ``article``, ``form``, ``stamp`` (a fresh one for this reader, to send
    the form again), ``is_open``, ``close_after_days``.
    """
    article = form.article
    context = {
        "article": article,
        "form": form,
        "stamp": moderation.renew_stamp(request.POST.get("stamp", ""), article.pk),
        "is_open": not closed,
        "close_after_days": settings.COMMENTS_CLOSE_AFTER_DAYS,
    }
    return render(request, "comments/comment_form.html", context, status=status)


@require_GET
@never_cache  # one reader's stamp: no cache may keep or share it
def comment_stamp(request, pk):
    """
    A fresh form stamp for one reader of the story, as JSON ``{"stamp": …}``
    (static/js/comment-stamp.js puts it in the form); 403 when comments are closed,
    429 past COMMENTS_STAMP_RATE_LIMIT for the sender. Sets no cookie.
    """
    article = get_object_or_404(Article.objects.published(), pk=pk)
    with story_edition(request, article):
        if not services.comments_open(article):
            return JsonResponse(
                {"error": gettext("Comments on this story are closed.")}, status=403
            )
        if not moderation.stamp_allowed(moderation.sender_hash(moderation.client_ip(request))):
            return JsonResponse(
                {
                    "error": gettext(
                        "Too many forms opened from your address. Please try again later."
                    )
                },
                status=429,
            )
        return JsonResponse({"stamp": moderation.make_stamp(article.pk)})


# The moderation queue -----------------------------------------------------------------

SLUG = re.compile(r"[-\w]{1,80}")
SENDER_HASH = re.compile(r"[0-9a-f]{1,64}")
DATABASE_ID = re.compile(r"[0-9]{1,18}")  # longer is no id of ours (and overflows a bigint)


def _matching(pattern, value):
    return value if pattern.fullmatch(value) else ""


AGE_FILTERS = {
    "1h": (_("Older than an hour"), 3600),
    "1d": (_("Older than a day"), 86400),
    "3d": (_("Older than three days"), 3 * 86400),
}
# Who sent it, as known at submission (comments.holds.services.hold_facts).
MARK_FILTERS = {
    "trusted": (_("Trusted senders (fast lane)"), "trusted_sender"),
    "new": (_("First-time senders"), "first_time_sender"),
}
STATUS_FILTERS = {
    "pending": _("Pending"),
    "approved": _("Approved"),
    "rejected": _("Rejected"),
}


@method_decorator(login_required, name="dispatch")
@method_decorator(
    permission_required("comments.moderate_comment", raise_exception=True), name="dispatch"
)
class QueueView(ListView):
    """
    templates/comments/queue.html: the moderators' queue.

    Context: ``comments`` (a page of comments, oldest first, story selected),
    ``page_obj``, ``pending_total`` and ``oldest_pending`` (header, in the editions
    shown), ``filters`` (the active filters), ``sections``, ``reasons``, ``flags``,
    ``age_filters``, ``status_filters``, ``edition_filters``, ``query_string`` (to
    return here), ``mark_filters`` and ``groups_collapsed`` (pending campaigns shown
    one item each: their oldest comment, with ``group_pending``, ``group_senders``,
    ``group_latest``).

    Editions: a moderator sees their desks' editions (comments.desks), every edition
    when they have no desk; ``?edition=<code>`` narrows to one of those.
    """

    template_name = "comments/queue.html"
    context_object_name = "comments"
    paginate_by = 50

    paginator_class = LimitPaginator

    @cached_property
    def editions(self):
        """(the edition filter's value, the edition codes shown or None for all)."""
        return desks.chosen_editions(self.request.user, self.request.GET.get("edition", ""))

    @property
    def filters(self):
        params = self.request.GET
        return {
            "status": params.get("status") if params.get("status") in STATUS_FILTERS else "pending",
            "article": _matching(DATABASE_ID, params.get("article", "")),
            # Values no link of the queue makes are ignored, not sent to the database
            # (a NUL in a text filter is an error on PostgreSQL).
            "section": _matching(SLUG, params.get("section", "")),
            "age": params.get("age") if params.get("age") in AGE_FILTERS else "",
            "flag": params.get("flag") if params.get("flag") in Flag.values else "",
            "sender": _matching(SENDER_HASH, params.get("sender", "")),
            "campaign": _matching(DATABASE_ID, params.get("campaign", "")),
            "mark": params.get("mark") if params.get("mark") in MARK_FILTERS else "",
            "edition": self.editions[0],
        }

    def in_editions(self, queryset):
        shown = self.editions[1]
        return queryset if shown is None else queryset.filter(article__edition__in=shown)

    def get_queryset(self):
        filters = self.filters
        queryset = Comment.objects.filter(status=filters["status"]).select_related(
            "article", "article__section", "decided_by"
        )
        queryset = self.in_editions(queryset)
        if filters["article"]:
            queryset = queryset.filter(article_id=filters["article"])
        if filters["section"]:
            queryset = queryset.filter(article__section__slug=filters["section"])
        if filters["age"]:
            seconds = AGE_FILTERS[filters["age"]][1]
            queryset = queryset.filter(
                submitted_at__lte=timezone.now() - timedelta(seconds=seconds)
            )
        if filters["flag"] == Flag.CAMPAIGN:
            queryset = queryset.filter(campaign__isnull=False)
        elif filters["flag"] == Flag.NEW_SENDER:
            queryset = queryset.filter(first_time_sender=True)
        elif filters["flag"]:
            queryset = queryset.filter(flags__contains=filters["flag"])
        if filters["sender"]:
            queryset = queryset.filter(sender_hash=filters["sender"])
        queryset = queryset.select_related("campaign")
        if filters["campaign"]:
            queryset = queryset.filter(campaign_id=filters["campaign"])
        if filters["mark"]:
            queryset = queryset.filter(**{MARK_FILTERS[filters["mark"]][1]: True})
        if self.groups_collapsed:
            queryset = pending_groups(queryset, editions=self.editions[1])
        order = ["submitted_at", "pk"] if filters["status"] == "pending" else ["-decided_at", "-pk"]
        if filters["status"] == "pending":
            order.insert(0, "-trusted_sender")  # the fast lane: trusted senders first
        return queryset.order_by(*order)

    @property
    def groups_collapsed(self):
        """Pending campaigns show as one item each, unless one campaign or sender is asked for."""
        filters = self.filters
        return filters["status"] == "pending" and not filters["campaign"] and not filters["sender"]

    def get_context_data(self, **kwargs):
        # COUNT(*), not COUNT(id): the queue index (status, submitted_at) answers it alone.
        header = self.in_editions(Comment.objects.pending()).aggregate(
            total=Count("*"), oldest=Min("submitted_at")
        )
        filters = self.filters
        active = {
            key: value
            for key, value in filters.items()
            if value and key not in ("status", "edition")
        }
        if filters["status"] != "pending":
            active["status"] = filters["status"]
        if filters["edition"] != "all":
            active["edition"] = filters["edition"]
        shown = self.editions[1]
        sections = (
            Section.objects.all() if shown is None else Section.objects.filter(edition__in=shown)
        )
        return super().get_context_data(
            pending_total=header["total"],
            oldest_pending=header["oldest"],
            filters=filters,
            sections=sections,
            reasons=list(enumerate(RejectionReason.choices, start=1)),
            flags=Flag.choices,
            age_filters=[(key, label) for key, (label, _seconds) in AGE_FILTERS.items()],
            status_filters=STATUS_FILTERS.items(),
            mark_filters=[(key, label) for key, (label, _field) in MARK_FILTERS.items()],
            edition_filters=desks.filter_options(self.request.user),
            groups_collapsed=self.groups_collapsed,
            query_string=urlencode(active),
            now=timezone.now(),
            **kwargs,
        )


def _back_to_queue(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        if target.startswith(reverse("comments:queue")):
            return HttpResponseRedirect(target)
    return redirect("comments:queue")


def _decided_message(action, reason, count):
    if action == "approve":
        return ngettext("Approved: %(count)d comment.", "Approved: %(count)d comments.", count) % {
            "count": count
        }
    return ngettext(
        "Rejected (%(reason)s): %(count)d comment.",
        "Rejected (%(reason)s): %(count)d comments.",
        count,
    ) % {"count": count, "reason": RejectionReason(reason).label}


@login_required
@permission_required("comments.moderate_comment", raise_exception=True)
@require_POST
def moderate(request):
    """
    One POST endpoint for the queue's buttons (works without JavaScript):
    ``decision`` = "approve:<id>" or "reject:<id>:<reason>" for one comment;
    ``bulk`` = "approve" or "reject" (with ``bulk_reason``) for the ticked ``selected``.
    ``expected`` is the status the moderator was looking at. A comment on a story of
    an edition the moderator does not moderate (comments.desks) is left as it is,
    with a message saying why.
    """
    expected = request.POST.get("expected", Comment.Status.PENDING)
    if expected not in Comment.Status.values:
        raise Http404
    if group := request.POST.get("group"):
        return _decide_group(request, group)
    if decision := request.POST.get("decision"):
        action, _sep, rest = decision.partition(":")
        pk, _sep, reason = rest.partition(":")
        targets, bulk_reason = [pk], reason
    elif bulk := request.POST.get("bulk"):
        action, targets = bulk, request.POST.getlist("selected")
        bulk_reason = request.POST.get("bulk_reason", "")
        if not targets:
            messages.warning(request, gettext("Tick the comments to decide first."))
            return _back_to_queue(request)
    else:
        messages.error(request, gettext("Nothing to do: choose approve or reject."))
        return _back_to_queue(request)
    if action not in {"approve", "reject"} or not all(DATABASE_ID.fullmatch(pk) for pk in targets):
        messages.error(request, gettext("That decision was not understood; nothing was changed."))
        return _back_to_queue(request)
    if action == "reject" and bulk_reason not in RejectionReason.values:
        messages.error(
            request, gettext("Choose a guideline reason to reject; nothing was changed.")
        )
        return _back_to_queue(request)

    done = 0
    comments = Comment.objects.filter(pk__in=targets).select_related("decided_by")
    for comment in comments.annotate(story_edition=F("article__edition")):
        if not desks.may_moderate(request.user, comment.story_edition):
            messages.error(
                request,
                desks.refusal_message(name=comment.name, edition_code=comment.story_edition),
            )
            continue
        try:
            if action == "approve":
                services.approve_comment(comment=comment, moderator=request.user, expected=expected)
            else:
                services.reject_comment(
                    comment=comment, moderator=request.user, reason=bulk_reason, expected=expected
                )
            done += 1
        except services.AlreadyDecided as conflict:
            messages.warning(request, str(conflict))
    if done:
        messages.success(request, _decided_message(action, bulk_reason, done))
    return _back_to_queue(request)


def _decide_group(request, group):
    """
    ``group`` = "approve:<campaign>:<newest seen>" or "reject:<campaign>:<newest seen>:<reason>":
    every pending comment of the campaign up to the newest one the moderator saw, in
    the editions they moderate.
    """
    parts = group.split(":")
    action, campaign, up_to, reason = (parts + ["", "", ""])[:4]
    known = all(DATABASE_ID.fullmatch(value) for value in (campaign, up_to))
    if len(parts) != {"approve": 3, "reject": 4}.get(action) or not known:
        messages.error(request, gettext("That decision was not understood; nothing was changed."))
        return _back_to_queue(request)
    if action == "reject" and reason not in RejectionReason.values:
        messages.error(
            request, gettext("Choose a guideline reason to reject; nothing was changed.")
        )
        return _back_to_queue(request)
    outcome = decide_campaign(
        campaign_id=int(campaign),
        moderator=request.user,
        action=action,
        reason=reason,
        up_to=int(up_to),
        editions=desks.limited_to(request.user),
    )
    if outcome.decided:
        count = outcome.decided
        if action == "approve":
            text = ngettext(
                "Approved: %(count)d comment of the group.",
                "Approved: %(count)d comments of the group.",
                count,
            )
        else:
            text = ngettext(
                "Rejected (%(reason)s): %(count)d comment of the group.",
                "Rejected (%(reason)s): %(count)d comments of the group.",
                count,
            )
        reason_label = RejectionReason(reason).label if reason else ""
        messages.success(request, text % {"count": count, "reason": reason_label})
    if outcome.already_decided:
        count = len(outcome.already_decided)
        messages.warning(
            request,
            ngettext(
                "%(count)d comment of the group was already decided by another moderator; "
                "it was left as it was.",
                "%(count)d comments of the group were already decided by another moderator; "
                "they were left as they were.",
                count,
            )
            % {"count": count},
        )
    if outcome.other_editions:
        count = outcome.other_editions
        messages.warning(
            request,
            ngettext(
                "%(count)d comment of the group is on a story of an edition you do not "
                "moderate; it was left as it was.",
                "%(count)d comments of the group are on stories of editions you do not "
                "moderate; they were left as they were.",
                count,
            )
            % {"count": count},
        )
    if outcome.arrived_later:
        count = outcome.arrived_later
        messages.info(
            request,
            ngettext(
                "%(count)d more near-duplicate arrived after you looked; still waiting.",
                "%(count)d more near-duplicates arrived after you looked; still waiting.",
                count,
            )
            % {"count": count},
        )
    if not (outcome.decided or outcome.already_decided or outcome.other_editions):
        messages.warning(
            request, gettext("No comment of that group is waiting; nothing was changed.")
        )
    return _back_to_queue(request)
