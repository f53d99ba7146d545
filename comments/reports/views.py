"""
Readers report approved comments; moderators review them (keep or withdraw).

Each approved comment on the story page links to its report page, which holds the
form. Like the comment form it carries no CSRF token (a reader needs no session to
report): a post from another site is refused by origin instead
(comments.views.same_origin_required).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from comments import desks, moderation
from comments.models import Comment, RejectionReason
from comments.views import same_origin_required, story_edition
from newsroom.pagination import LimitPaginator

from . import services
from .forms import ReportForm, ResolveForm
from .models import Report, ReportEntry

REPORT_CROSS_SITE_MESSAGE = gettext_lazy(
    "We could not confirm that this report was sent from our site, so it was not sent. "
    "Please send it again from this page."
)


@same_origin_required
@never_cache  # a refusal carries what one reader typed
def report_comment(request, pk):
    """
    GET: the report form of one approved comment (templates/comments/reports_form.html),
    or, with ``?sent=1``, the thanks. POST: take the report and redirect to the thanks;
    a refusal gives the form back with what the reader chose and wrote.
    """
    comment = get_object_or_404(
        Comment.objects.approved().exclude(name="").select_related("article"), pk=pk
    )
    with story_edition(request, comment.article):
        return _report(request, comment)


def _report(request, comment):
    if not comment.article.is_public:
        return render(request, "comments/reports_form.html", {"gone": True}, status=404)
    if request.method != "POST":
        form = ReportForm()
        return _report_page(request, comment, form, sent=request.GET.get("sent") == "1")
    form = ReportForm(request.POST)
    if request.comment_cross_site:
        form.is_valid()
        form.add_error(None, str(REPORT_CROSS_SITE_MESSAGE))
        return _report_page(request, comment, form, status=403)
    if not form.is_valid():
        return _report_page(request, comment, form, status=400)
    try:
        services.report_comment(
            comment=comment,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            sender=moderation.sender_hash(moderation.client_ip(request)),
        )
    except services.ReportRefused as refusal:
        form.add_error(None, refusal.message)
        return _report_page(request, comment, form, status=refusal.status)
    return HttpResponseRedirect(reverse("comments:report", args=[comment.pk]) + "?sent=1")


def _report_page(request, comment, form, *, status=200, sent=False):
    context = {"comment": comment, "article": comment.article, "form": form, "sent": sent}
    return render(request, "comments/reports_form.html", context, status=status)


@method_decorator(login_required, name="dispatch")
@method_decorator(
    permission_required("comments.moderate_comment", raise_exception=True), name="dispatch"
)
class ReportQueueView(ListView):
    """
    templates/comments/reports_queue.html: reported comments awaiting review, most
    reported first; ``?status=kept`` or ``withdrawn`` shows the record.

    Context: ``entries`` (a page, each with its comment, story and its latest
    reports), ``status``, ``statuses``, ``open_total``, ``reasons``, ``edition_filter`` and
    ``edition_filters`` (the moderator's editions: comments.desks).
    """

    template_name = "comments/reports_queue.html"
    context_object_name = "entries"
    paginate_by = 50
    paginator_class = LimitPaginator
    latest_reports = 5

    @property
    def status(self):
        status = self.request.GET.get("status", "")
        return status if status in ReportEntry.Status.values else ReportEntry.Status.OPEN

    @cached_property
    def editions(self):
        """(the edition filter's value, the edition codes shown or None for all)."""
        return desks.chosen_editions(self.request.user, self.request.GET.get("edition", ""))

    def in_editions(self, entries):
        shown = self.editions[1]
        return entries if shown is None else entries.filter(comment__article__edition__in=shown)

    def get_queryset(self):
        entries = self.in_editions(ReportEntry.objects.filter(status=self.status))
        entries = entries.select_related("comment", "comment__article", "resolved_by")
        # The latest few reports of each entry, in one query (a window per entry).
        latest = Report.objects.order_by("-reported_at", "-pk")
        entries = entries.prefetch_related(
            Prefetch("reports", queryset=latest[: self.latest_reports], to_attr="latest")
        )
        if self.status == ReportEntry.Status.OPEN:
            return entries.order_by("-report_count", "first_reported_at", "pk")
        return entries.order_by("-resolved_at", "-pk")

    def get_context_data(self, **kwargs):
        open_total = self.in_editions(ReportEntry.objects.open()).aggregate(total=Count("*"))[
            "total"
        ]
        return super().get_context_data(
            status=self.status,
            statuses=ReportEntry.Status.choices,
            open_total=open_total,
            reasons=RejectionReason.choices,
            edition_filter=self.editions[0],
            edition_filters=desks.filter_options(self.request.user),
            **kwargs,
        )


@login_required
@permission_required("comments.moderate_comment", raise_exception=True)
@require_POST
def resolve_report(request):
    """The review queue's buttons: keep or withdraw one reported comment."""
    form = ResolveForm(request.POST)
    back = redirect(reverse("comments:reports"))
    if not form.is_valid():
        for error in form.non_field_errors() or [_("That answer was not understood.")]:
            messages.error(request, error)
        messages.info(request, _("Nothing was changed."))
        return back
    entry = (
        ReportEntry.objects.filter(pk=form.cleaned_data["entry"])
        .select_related("comment__article")
        .first()
    )
    if entry is None:
        messages.error(request, _("That report no longer exists; nothing was changed."))
        return back
    if not desks.may_moderate(request.user, entry.comment.article.edition):
        messages.error(
            request,
            desks.refusal_message(
                name=entry.comment.name, edition_code=entry.comment.article.edition
            ),
        )
        return back
    try:
        if form.cleaned_data["action"] == "keep":
            services.keep_comment(
                entry=entry, moderator=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Kept: the comment stays on the page."))
        else:
            reason = form.cleaned_data["reason"]
            services.withdraw_comment(
                entry=entry, moderator=request.user, reason=reason, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                _("Withdrawn (%(reason)s): the comment is off the story page.")
                % {"reason": RejectionReason(reason).label},
            )
    except services.AlreadyResolved as conflict:
        messages.warning(request, str(conflict))
    return back
