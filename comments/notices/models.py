"""
What the notices remember: who asked for them, who never wants them again, and
what was sent, so a retried task never sends the same email twice.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class NoticeRequest(models.Model):
    """The reader ticked "email me" when they sent this comment: nobody else can."""

    comment = models.OneToOneField(
        "comments.Comment",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notice_request",
    )
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("notice request")

    def __str__(self):
        return gettext("Notices asked for comment %(comment)s") % {"comment": self.comment_id}

    def get_absolute_url(self):
        return reverse("admin:comments_comment_change", args=[self.comment_id])


class Unsubscribe(models.Model):
    """
    An address that is never mailed again. Kept as a keyed hash
    (comments.notices.services.address_hash), never as the address itself.
    """

    address_hash = models.CharField(max_length=64, unique=True)
    unsubscribed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-unsubscribed_at", "pk"]
        verbose_name = _("unsubscribed address")

    def __str__(self):
        return gettext("Unsubscribed at %(when)s") % {
            "when": f"{self.unsubscribed_at:%Y-%m-%d %H:%M}"
        }

    def get_absolute_url(self):
        return reverse("comments:queue")


class DecisionNotice(models.Model):
    """
    The email about one decision: claimed (inserted) before the email is sent, in the
    same transaction, so a retry finds it and sends nothing; a failed send rolls
    it back and the retry sends it.
    """

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        UNSUBSCRIBED = "unsubscribed", _("Not sent: the address unsubscribed")

    decision = models.OneToOneField(
        "comments.Decision", on_delete=models.CASCADE, primary_key=True, related_name="notice"
    )
    outcome = models.CharField(max_length=12, choices=Outcome)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("decision notice")

    def __str__(self):
        return gettext("Notice for decision %(decision)s: %(outcome)s") % {
            "decision": self.decision_id,
            "outcome": self.get_outcome_display(),
        }

    def get_absolute_url(self):
        return reverse("admin:comments_decision_change", args=[self.decision_id])


class QueueAlert(models.Model):
    """
    One crossing: the oldest pending comment of a desk waited past the threshold.
    Open (``ended_at`` empty) until the desk's oldest pending comment is under the
    threshold again; a desk has at most one open crossing, so moderators get one
    alert per crossing, not one per comment or per check.
    """

    desk = models.CharField(max_length=50, default="all")
    started_at = models.DateTimeField(default=timezone.now)
    oldest_submitted_at = models.DateTimeField()
    pending = models.PositiveIntegerField()
    recipients = models.PositiveIntegerField(default=0)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("queue alert")
        constraints = [
            models.UniqueConstraint(
                fields=["desk"], condition=Q(ended_at__isnull=True), name="queue_alert_one_open"
            ),
        ]

    def __str__(self):
        return gettext("Queue alert for %(desk)s at %(when)s") % {
            "desk": self.desk,
            "when": f"{self.started_at:%Y-%m-%d %H:%M}",
        }

    def get_absolute_url(self):
        return reverse("comments:queue")


class Digest(models.Model):
    """The daily digest of one desk for one day: sent at most once."""

    desk = models.CharField(max_length=50, default="all")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "desk"]
        verbose_name = _("moderation digest")
        constraints = [
            models.UniqueConstraint(fields=["desk", "day"], name="digest_once_a_day"),
        ]

    def __str__(self):
        return gettext("Digest for %(desk)s on %(day)s") % {
            "desk": self.desk,
            "day": f"{self.day:%Y-%m-%d}",
        }

    def get_absolute_url(self):
        return reverse("comments:queue")
