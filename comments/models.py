"""
What readers submit and moderators decide. A comment's words never change
after submission; every decision about it is kept.
"""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks, urlize
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from .guidelines import GUIDELINES
from .holds.models import Campaign, SimilarityKey  # noqa: F401  (why comments are held)
from .notices.models import DecisionNotice, Digest, NoticeRequest, QueueAlert, Unsubscribe  # noqa: F401

IMMUTABLE_FIELDS = ("article_id", "name", "email", "body", "fingerprint", "submitted_at")


def fingerprint(text: str) -> str:
    """The same words, whatever their case and spacing, give the same fingerprint."""
    normalized = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(normalized.encode()).hexdigest()


# What urlize() could turn into a link: a scheme, "www.", an e-mail address or a bare
# domain in one of its top-level domains (django.utils.html.Urlizer). Text with none
# of these comes out of urlize() exactly as escape() makes it, at a tenth of the cost.
MAYBE_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)


def body_as_html(text: str) -> str:
    """A reader's plain text: escaped, line breaks kept, links clickable but not endorsed."""
    if not MAYBE_LINK.search(text):
        return linebreaks(escape(text), autoescape=False)
    linked = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return linebreaks(linked, autoescape=False)


class ImmutableCommentError(ValidationError):
    pass


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def update(self, **kwargs):
        changed = {name.removesuffix("_id") for name in kwargs} & {
            name.removesuffix("_id") for name in IMMUTABLE_FIELDS
        }
        if changed:
            raise ImmutableCommentError(
                gettext("A comment's %(fields)s cannot change after submission.")
                % {"fields": ", ".join(sorted(changed))}
            )
        return super().update(**kwargs)


# The published guidelines, one reason each (comments.guidelines, the one list).
RejectionReason = models.TextChoices(
    "RejectionReason", [(g.code.upper(), (g.code, g.label)) for g in GUIDELINES]
)


class Flag(models.TextChoices):
    """Raised by the checks at submission; they inform moderators, they decide nothing."""

    LINKS = "links", _("Many links")
    REJECTED_SENDER = "rejected_sender", _("Sender rejected before")
    WATCH_WORD = "watch_word", _("Watch word")
    NEW_SENDER = "new_sender", _("First-time sender")
    BURST = "burst", _("Burst from one sender")
    CAMPAIGN = "campaign", _("Near-duplicate (campaign)")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(max_length=80)
    email = models.EmailField(max_length=254, help_text=_("Never shown publicly."))
    body = models.TextField(max_length=5000)
    # The words as pages show them, made once: they never change (body_as_html).
    body_html = models.TextField(editable=False, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    flags = models.CharField(
        max_length=120, blank=True, help_text=_("Space-separated codes raised by the checks.")
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    sender_hash = models.CharField(
        max_length=64,
        db_index=True,
        help_text=_("A keyed hash of the sender's IP address; the address itself is never kept."),
    )
    user_agent = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.CharField(max_length=20, choices=RejectionReason, blank=True)
    # Why the checks held it, found once at submission (comments.holds.explain).
    hold_reasons = models.JSONField(default=list, blank=True, editable=False)
    # The sender (keyed IP hash and email) as known at submission (comments.holds.services).
    trusted_sender = models.BooleanField(default=False, editable=False)
    first_time_sender = models.BooleanField(default=False, editable=False)
    campaign = models.ForeignKey(
        "comments.Campaign",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="comments",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        permissions = [("moderate_comment", _("Can approve and reject comments"))]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["article", "status", "submitted_at"], name="comment_article_status"
            ),
            models.Index(fields=["status", "submitted_at"], name="comment_queue"),
            models.Index(fields=["article", "fingerprint"], name="comment_fingerprint"),
            # Trusted senders first in the queue; a sender's history by email.
            models.Index(
                fields=["status", "-trusted_sender", "submitted_at"], name="comment_fast_lane"
            ),
            models.Index(Lower("email"), name="comment_sender_email"),
        ]
        constraints = [
            # A double-clicked submit can only ever make one pending comment.
            models.UniqueConstraint(
                fields=["article", "sender_hash", "fingerprint"],
                condition=Q(status="pending"),
                name="comment_one_pending_copy",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="comment_rejected_has_reason",
                violation_error_message=_("A rejected comment needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="comment_decided_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.name} on {self.article_id}: {self.body[:50]}"

    def save(self, *args, **kwargs):
        if self.pk is None:
            self.fingerprint = fingerprint(self.body)
            self.body_html = body_as_html(self.body)
        else:
            submitted = getattr(self, "_submitted", None)
            if submitted is None:
                submitted = (
                    Comment.objects.filter(pk=self.pk).values(*IMMUTABLE_FIELDS).first() or {}
                )
            changed = [
                name.removesuffix("_id")
                for name, value in submitted.items()
                if getattr(self, name) != value
            ]
            if changed:
                raise ImmutableCommentError(
                    gettext("A comment's %(fields)s cannot change after submission.")
                    % {"fields": ", ".join(changed)}
                )
        super().save(*args, **kwargs)
        self._submitted = {name: getattr(self, name) for name in IMMUTABLE_FIELDS}

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What was submitted, as loaded: save() refuses to write anything else.
        instance._submitted = {
            name: value
            for name, value in zip(field_names, values, strict=True)
            if name in IMMUTABLE_FIELDS
        }
        return instance

    @property
    def flag_list(self):
        labels = dict(Flag.choices)
        return [(code, labels.get(code, code)) for code in self.flags.split()]

    @property
    def hold_list(self):
        """Each flag with what raised it (comments.holds.explain.reasons_of)."""
        from .holds.explain import reasons_of

        return reasons_of(self)

    @property
    def body_marked(self):
        """The body as HTML, escaped, with what the checks found wrapped in <mark>."""
        from .holds.explain import marked_body

        return marked_body(self)

    def get_moderation_url(self):
        return reverse("comments:queue") + f"#comment-{self.pk}"


class DecisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(gettext("Decisions are a permanent record: they cannot be changed."))

    def delete(self):
        raise ValidationError(gettext("Decisions are a permanent record: they cannot be deleted."))


class Decision(models.Model):
    """An append-only record: who approved or rejected which comment, when and why."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action)
    reason = models.CharField(max_length=20, choices=RejectionReason, blank=True)
    previous_status = models.CharField(max_length=10, choices=Comment.Status)
    decided_at = models.DateTimeField(default=timezone.now)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="reject") | ~Q(reason=""),
                name="decision_reject_has_reason",
            ),
        ]

    def __str__(self):
        when = f"{self.decided_at:%Y-%m-%d %H:%M}"
        return gettext("%(action)s comment %(comment)s at %(when)s") % {
            "action": self.get_action_display(),
            "comment": self.comment_id,
            "when": when,
        }

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                gettext("Decisions are a permanent record: they cannot be changed.")
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:comments_comment_change", args=[self.comment_id])

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("Decisions are a permanent record: they cannot be deleted."))


# Surge controls, reports on approved comments and erasure records: their own packages.
from .metrics.models import DailyFigures  # noqa: E402, F401  (the dashboard's ended days)
from .privacy.models import ErasureRecord  # noqa: E402, F401
from .reports.models import Report, ReportEntry  # noqa: E402, F401
from .surge.models import SurgeControl  # noqa: E402, F401
