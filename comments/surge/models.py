"""One story's surge controls, set by the desk (moderators, editors) in the queue or the admin."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article

SLOW_MODE_MAX_MINUTES = 24 * 60


class SurgeControl(models.Model):
    """
    A story without a row has no controls: comments open, no slow mode, closing by age.
    Every write goes through comments.surge.services, which refreshes the story page.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="surge_control"
    )
    paused_at = models.DateTimeField(
        _("paused since"), null=True, blank=True, help_text=_("Empty: new comments are taken.")
    )
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pause_notice = models.CharField(
        _("notice to readers"),
        max_length=300,
        blank=True,
        help_text=_("Shown where the comment form was while comments are paused (optional)."),
    )
    slow_mode_minutes = models.PositiveSmallIntegerField(
        _("slow mode (minutes)"),
        default=0,
        help_text=_("One comment per sender per this many minutes on this story; 0: off."),
    )
    reopened_at = models.DateTimeField(
        _("reopened at"),
        null=True,
        blank=True,
        help_text=_("Comments closed by age reopen, and close again the usual days after this."),
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "article_id"]  # the column: no join to the story
        verbose_name = _("story comment controls")
        verbose_name_plural = _("story comment controls")
        constraints = [
            models.CheckConstraint(
                condition=Q(slow_mode_minutes__lte=SLOW_MODE_MAX_MINUTES),
                name="surge_slow_mode_at_most_a_day",
                violation_error_message=_("Slow mode is at most a day (1440 minutes)."),
            ),
        ]

    def __str__(self):
        return gettext("Comment controls of story %(story)s") % {"story": self.article_id}

    def get_absolute_url(self):
        return reverse("comments:queue") + f"?article={self.article_id}"

    @property
    def paused(self):
        return self.paused_at is not None
