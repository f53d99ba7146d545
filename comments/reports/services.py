"""
Reports on approved comments: a reader reports, a moderator keeps or withdraws.
Withdrawing is a rejection of an approved comment through comments.services, so it
is a Decision like every other (who, when, which guideline) and the story's page
is refreshed at once. The comment's words are never touched.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from comments import services as comment_services
from comments.models import Comment, RejectionReason
from comments.services import serialize_submissions

from .models import Report, ReportEntry


class ReportRefused(Exception):
    """The report was not taken; ``message`` tells the reader why."""

    def __init__(self, message, *, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


class AlreadyResolved(Exception):
    """Another moderator resolved the entry first."""

    def __init__(self, entry):
        self.entry = entry
        who = entry.resolved_by.get_username() if entry.resolved_by else _("someone")
        super().__init__(
            _("This report was already resolved (%(outcome)s) by %(who)s. Nothing was changed.")
            % {"outcome": entry.get_status_display().lower(), "who": who}
        )


def report_limit():
    """(reports, seconds): how many reports one sender may make in how long."""
    return (
        getattr(settings, "COMMENTS_REPORT_RATE_LIMIT", 10),
        getattr(settings, "COMMENTS_REPORT_RATE_WINDOW", 3600),
    )


def reportable(comment) -> bool:
    """Only what readers can see may be reported: approved, not erased."""
    return comment.status == Comment.Status.APPROVED and bool(comment.name)


@dataclass
class Reported:
    entry: ReportEntry
    counted: bool  # False: this sender had reported this comment already


def report_comment(*, comment, reason: str, note: str = "", sender: str, now=None) -> Reported:
    """
    Put an approved ``comment`` in the review queue for ``reason`` (a guideline), or
    count one more report on its open entry. ``sender`` is the reader's sender_hash.
    ReportRefused past the sender's limit or when the comment cannot be reported.
    """
    if reason not in RejectionReason.values:
        raise ReportRefused(_("Please choose which guideline the comment breaks."))
    if not reportable(comment):
        raise ReportRefused(_("This comment is no longer on the page."), status=404)
    now = now or timezone.now()
    limit, window = report_limit()
    with transaction.atomic():
        # One report at a time per sender, so parallel posts cannot all pass the limit.
        serialize_submissions(f"report-sender:{sender}")
        recent = Report.objects.filter(
            sender_hash=sender, reported_at__gte=now - timedelta(seconds=window)
        )
        if recent.count() >= limit:
            raise ReportRefused(
                _(
                    "You have sent %(limit)d reports recently, the most we take. A moderator "
                    "will look at them; please try again later."
                )
                % {"limit": limit},
                status=429,
            )
        entry = ReportEntry.objects.select_for_update().filter(comment=comment).open().first()
        if entry is None:
            try:
                with transaction.atomic():
                    entry = ReportEntry.objects.create(
                        comment=comment, first_reported_at=now, last_reported_at=now
                    )
            except IntegrityError:  # another reader opened it at the same moment
                entry = ReportEntry.objects.select_for_update().open().get(comment=comment)
        if Report.objects.filter(entry=entry, sender_hash=sender).exists():
            return Reported(entry, counted=False)
        Report.objects.create(
            entry=entry, reason=reason, note=note.strip(), sender_hash=sender, reported_at=now
        )
        ReportEntry.objects.filter(pk=entry.pk).update(
            report_count=F("report_count") + 1, last_reported_at=now
        )
    entry.refresh_from_db()
    return Reported(entry, counted=True)


def _resolve(*, entry, moderator, status, reason="", note=""):
    """Close an open entry; the conditional UPDATE picks one winner between two moderators."""
    won = ReportEntry.objects.filter(pk=entry.pk, status=ReportEntry.Status.OPEN).update(
        status=status,
        resolved_at=timezone.now(),
        resolved_by=moderator,
        reason=reason,
        note=note.strip()[:500],
    )
    if not won:
        raise AlreadyResolved(ReportEntry.objects.select_related("resolved_by").get(pk=entry.pk))
    entry.refresh_from_db()
    return entry


def keep_comment(*, entry, moderator, note: str = "") -> ReportEntry:
    """The comment stays on the page; the reports are answered."""
    with transaction.atomic():
        return _resolve(entry=entry, moderator=moderator, status=ReportEntry.Status.KEPT, note=note)


def withdraw_comment(*, entry, moderator, reason: str, note: str = "") -> ReportEntry:
    """
    Take the approved comment off its story page for a guideline ``reason``: a
    Decision (reject, previous status approved) and the page refreshed at once.
    A comment someone already took off closes the entry as withdrawn, with a note.
    """
    if reason not in RejectionReason.values:
        raise ValueError(f"Unknown reason: {reason!r}")
    with transaction.atomic():
        entry = _resolve(
            entry=entry,
            moderator=moderator,
            status=ReportEntry.Status.WITHDRAWN,
            reason=reason,
            note=note,
        )
        comment = Comment.objects.select_related("decided_by").get(pk=entry.comment_id)
        try:
            comment_services.reject_comment(
                comment=comment,
                moderator=moderator,
                reason=reason,
                expected=Comment.Status.APPROVED,
            )
        except comment_services.AlreadyDecided:
            # Rejected in the main queue meanwhile: already off the page.
            pass
    return entry
