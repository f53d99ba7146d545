"""The record that an erasure happened, which never holds the address it erased."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ErasureRecord(models.Model):
    """
    One erasure: a keyed hash of the address (comments.privacy.services.address_hash),
    so a repeat request can be confirmed without the address being kept.
    The purge of rejected comments keeps one record per run, with no address.
    """

    class Source(models.TextChoices):
        STAFF = "staff", _("Moderator, privacy page")
        COMMAND = "command", _("Management command")
        RETENTION = "retention", _("Retention purge of rejected comments")

    address_hash = models.CharField(max_length=64, blank=True, db_index=True)
    source = models.CharField(max_length=10, choices=Source)
    erased_at = models.DateTimeField(default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comments_erased = models.PositiveIntegerField(
        default=0, help_text=_("Decided comments left as tombstones.")
    )
    comments_deleted = models.PositiveIntegerField(
        default=0, help_text=_("Pending comments, never shown, deleted.")
    )

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("erasure record")

    def __str__(self):
        return gettext("Erasure at %(when)s (%(source)s)") % {
            "when": f"{self.erased_at:%Y-%m-%d %H:%M}",
            "source": self.get_source_display(),
        }

    def get_absolute_url(self):
        return reverse("comments:privacy")
