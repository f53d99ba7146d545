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
"""

import re
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Min
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView

from articles.models import Article, Section
from newsroom.pagination import LimitPaginator

from . import moderation, services
from .forms import CommentForm
from .holds.campaigns import pending_groups
from .holds.services import decide_campaign
from .models import Comment, Flag, RejectionReason

CROSS_SITE_MESSAGE = (
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
    form = CommentForm(request.POST, article=article)
    if not services.comments_open(article):
        return _refusal_page(request, form, status=403, closed=True)
    if request.comment_cross_site:
        form.is_valid()
        form.add_error(None, CROSS_SITE_MESSAGE)
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
    if not services.comments_open(article):
        return JsonResponse({"error": "Comments on this story are closed."}, status=403)
    if not moderation.stamp_allowed(moderation.sender_hash(moderation.client_ip(request))):
        return JsonResponse(
            {"error": "Too many forms opened from your address. Please try again later."},
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
    "1h": ("Older than an hour", 3600),
    "1d": ("Older than a day", 86400),
    "3d": ("Older than three days", 3 * 86400),
}
# Who sent it, as known at submission (comments.holds.services.hold_facts).
MARK_FILTERS = {
    "trusted": ("Trusted senders (fast lane)", "trusted_sender"),
    "new": ("First-time senders", "first_time_sender"),
}
STATUS_FILTERS = {
    "pending": "Pending",
    "approved": "Approved",
    "rejected": "Rejected",
}


@method_decorator(login_required, name="dispatch")
@method_decorator(
    permission_required("comments.moderate_comment", raise_exception=True), name="dispatch"
)
class QueueView(ListView):
    """
    templates/comments/queue.html: the moderators' queue.

    Context: ``comments`` (a page of comments, oldest first, story selected),
    ``page_obj``, ``pending_total`` and ``oldest_pending`` (header),
    ``filters`` (the active filters), ``sections``, ``reasons``, ``flags``,
    ``age_filters``, ``status_filters``, ``query_string`` (to return here),
    ``mark_filters`` and ``groups_collapsed`` (pending campaigns shown one item each:
    their oldest comment, with ``group_pending``, ``group_senders``, ``group_latest``).
    """

    template_name = "comments/queue.html"
    context_object_name = "comments"
    paginate_by = 50

    paginator_class = LimitPaginator

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
        }

    def get_queryset(self):
        filters = self.filters
        queryset = Comment.objects.filter(status=filters["status"]).select_related(
            "article", "article__section", "decided_by"
        )
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
            queryset = pending_groups(queryset)
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
        header = Comment.objects.pending().aggregate(total=Count("*"), oldest=Min("submitted_at"))
        filters = self.filters
        active = {key: value for key, value in filters.items() if value and key != "status"}
        if filters["status"] != "pending":
            active["status"] = filters["status"]
        return super().get_context_data(
            pending_total=header["total"],
            oldest_pending=header["oldest"],
            filters=filters,
            sections=Section.objects.all(),
            reasons=list(enumerate(RejectionReason.choices, start=1)),
            flags=Flag.choices,
            age_filters=[(key, label) for key, (label, _) in AGE_FILTERS.items()],
            status_filters=STATUS_FILTERS.items(),
            mark_filters=[(key, label) for key, (label, _) in MARK_FILTERS.items()],
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


@login_required
@permission_required("comments.moderate_comment", raise_exception=True)
@require_POST
def moderate(request):
    """
    One POST endpoint for the queue's buttons (works without JavaScript):
    ``decision`` = "approve:<id>" or "reject:<id>:<reason>" for one comment;
    ``bulk`` = "approve" or "reject" (with ``bulk_reason``) for the ticked ``selected``.
    ``expected`` is the status the moderator was looking at.
    """
    expected = request.POST.get("expected", Comment.Status.PENDING)
    if expected not in Comment.Status.values:
        raise Http404
    if group := request.POST.get("group"):
        return _decide_group(request, group)
    if decision := request.POST.get("decision"):
        action, _, rest = decision.partition(":")
        pk, _, reason = rest.partition(":")
        targets, bulk_reason = [pk], reason
    elif bulk := request.POST.get("bulk"):
        action, targets = bulk, request.POST.getlist("selected")
        bulk_reason = request.POST.get("bulk_reason", "")
        if not targets:
            messages.warning(request, "Tick the comments to decide first.")
            return _back_to_queue(request)
    else:
        messages.error(request, "Nothing to do: choose approve or reject.")
        return _back_to_queue(request)
    if action not in {"approve", "reject"} or not all(pk.isdigit() for pk in targets):
        messages.error(request, "That decision was not understood; nothing was changed.")
        return _back_to_queue(request)
    if action == "reject" and bulk_reason not in RejectionReason.values:
        messages.error(request, "Choose a guideline reason to reject; nothing was changed.")
        return _back_to_queue(request)

    done = 0
    for comment in Comment.objects.filter(pk__in=targets).select_related("decided_by"):
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
        verb = (
            "Approved"
            if action == "approve"
            else f"Rejected ({RejectionReason(bulk_reason).label})"
        )
        messages.success(request, f"{verb}: {done} comment{'s' if done != 1 else ''}.")
    return _back_to_queue(request)


def _decide_group(request, group):
    """
    ``group`` = "approve:<campaign>:<newest seen>" or "reject:<campaign>:<newest seen>:<reason>":
    every pending comment of the campaign up to the newest one the moderator saw.
    """
    parts = group.split(":")
    action, campaign, up_to, reason = (parts + ["", "", ""])[:4]
    known = all(DATABASE_ID.fullmatch(value) for value in (campaign, up_to))
    if len(parts) != {"approve": 3, "reject": 4}.get(action) or not known:
        messages.error(request, "That decision was not understood; nothing was changed.")
        return _back_to_queue(request)
    if action == "reject" and reason not in RejectionReason.values:
        messages.error(request, "Choose a guideline reason to reject; nothing was changed.")
        return _back_to_queue(request)
    outcome = decide_campaign(
        campaign_id=int(campaign),
        moderator=request.user,
        action=action,
        reason=reason,
        up_to=int(up_to),
    )
    if outcome.decided:
        verb = "Approved" if action == "approve" else f"Rejected ({RejectionReason(reason).label})"
        messages.success(
            request,
            f"{verb}: {outcome.decided} comment{'s' if outcome.decided != 1 else ''} of the group.",
        )
    if outcome.already_decided:
        count = len(outcome.already_decided)
        messages.warning(
            request,
            f"{count} comment{'s' if count != 1 else ''} of the group "
            f"{'were' if count != 1 else 'was'} already decided by another moderator; "
            "they were left as they were.",
        )
    if outcome.arrived_later:
        messages.info(
            request,
            f"{outcome.arrived_later} more near-duplicate"
            f"{'s' if outcome.arrived_later != 1 else ''} arrived after you looked; "
            "still waiting.",
        )
    if not (outcome.decided or outcome.already_decided):
        messages.warning(request, "No comment of that group is waiting; nothing was changed.")
    return _back_to_queue(request)
