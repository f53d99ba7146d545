"""
Reports on approved comments: one ReportEntry per comment under review (however many
readers report it) and one Report per reader's report. The entry keeps the outcome:
who kept or withdrew the comment, when and why; a withdrawal is also a Decision.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from comments.models import Comment, RejectionReason


class ReportEntryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReportEntry.Status.OPEN)


class ReportEntry(models.Model):
    """A comment in the post-publication review queue: reports counted, one outcome."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting review")
        KEPT = "kept", _("Kept")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="report_entries")
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    report_count = models.PositiveIntegerField(default=0)
    first_reported_at = models.DateTimeField(default=timezone.now)
    last_reported_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why the comment was withdrawn: a guideline, as every rejection (also on its Decision).
    reason = models.CharField(max_length=20, choices=RejectionReason, blank=True)
    note = models.CharField(_("moderator's note"), max_length=500, blank=True)

    objects = ReportEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-report_count", "first_reported_at", "pk"]
        verbose_name = _("reported comment")
        verbose_name_plural = _("reported comments")
        indexes = [
            models.Index(
                fields=["status", "-report_count", "first_reported_at"], name="report_queue"
            )
        ]
        constraints = [
            # Several reports of one comment are one entry awaiting review.
            models.UniqueConstraint(
                fields=["comment"], condition=Q(status="open"), name="report_one_open_entry"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(resolved_at__isnull=False),
                name="report_resolved_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(reason=""),
                name="report_withdrawn_has_reason",
            ),
        ]

    def __str__(self):
        return ngettext(
            "%(count)d report of comment %(comment)s (%(status)s)",
            "%(count)d reports of comment %(comment)s (%(status)s)",
            self.report_count,
        ) % {
            "count": self.report_count,
            "comment": self.comment_id,
            "status": self.get_status_display(),
        }

    def get_absolute_url(self):
        return reverse("comments:reports") + f"#report-{self.pk}"


class Report(models.Model):
    """One reader's report: a guideline, an optional note, the sender's keyed hash."""

    entry = models.ForeignKey(ReportEntry, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=RejectionReason)
    note = models.CharField(max_length=500, blank=True)
    sender_hash = models.CharField(max_length=64, db_index=True)
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["sender_hash", "reported_at"], name="report_sender")]
        constraints = [
            # One reader reporting one comment twice counts once.
            models.UniqueConstraint(fields=["entry", "sender_hash"], name="report_once_per_sender"),
        ]

    def __str__(self):
        return gettext("Report of comment under entry %(entry)s: %(reason)s") % {
            "entry": self.entry_id,
            "reason": self.get_reason_display(),
        }

    def get_absolute_url(self):
        return self.entry.get_absolute_url()
