"""
FrontPage (an arrangement: the live one is what readers see, others are drafts
editors preview) and FrontPagePin (one story in one slot, from a time, until a time).
A slot with no pin in force, or whose story readers cannot see, shows the newest story.
"""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from newsroom.text import TypedTextMixin

from ..editions.registry import validate_edition
from ..stories.models import Article, Section, default_edition_code, reverse_in, staff_member_field

# How many stories each part of the page shows (the view shows as many).
TOP_STORIES = 8
SECTION_STORIES = 4


@reversion.register(follow=("pins",))
class FrontPage(TypedTextMixin, models.Model):
    # Each edition's desk arranges its own front page.
    edition = models.CharField(
        _("edition"), max_length=12, default=default_edition_code, validators=[validate_edition]
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("For editors only, e.g. “Election night”.")
    )
    is_live = models.BooleanField(
        _("live"),
        default=False,
        help_text=_("Readers see the live one; the others are drafts to preview."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_by = staff_member_field()
    # Counts saves: the form carries the version it was opened at (edit conflicts).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-is_live", "-modified_at", "pk"]
        verbose_name = _("front page")
        verbose_name_plural = _("front pages")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "is_live"],
                condition=models.Q(is_live=True),
                name="frontpage_one_live_per_edition",
                violation_error_message=_("Only one front page per edition can be live."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_in(self.edition, "articles:front")


@reversion.register()
class FrontPagePin(models.Model):
    class Slot(models.TextChoices):
        LEAD = "lead", _("Lead story")
        TOP = "top", _("Top stories")
        SECTION = "section", _("Section block")

    front_page = models.ForeignKey(FrontPage, on_delete=models.CASCADE, related_name="pins")
    slot = models.CharField(_("slot"), max_length=10, choices=Slot.choices, default=Slot.LEAD)
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a section block only."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=1, help_text=_("1 is the first story of its slot.")
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("story")
    )
    starts_at = models.DateTimeField(
        _("from"), null=True, blank=True, help_text=_("Empty: at once.")
    )
    ends_at = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Empty: no end."))

    class Meta:
        ordering = ["front_page_id", "slot", "section", "position", "starts_at", "pk"]
        verbose_name = _("pinned story")
        verbose_name_plural = _("pinned stories")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(slot="section", section__isnull=False)
                    | (~models.Q(slot="section") & models.Q(section__isnull=True))
                ),
                name="frontpagepin_section_block_has_section",
                violation_error_message=_("Choose a section for a section block, and only then."),
            ),
            models.CheckConstraint(
                condition=~models.Q(slot="lead") | models.Q(position=1),
                name="frontpagepin_one_lead_position",
                violation_error_message=_("The lead story has one position: 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=TOP_STORIES),
                name="frontpagepin_position_range",
                # Lazy, so the message is read in the language of the form that shows it.
                violation_error_message=format_lazy(
                    _("Choose a position from 1 to {top}."), top=TOP_STORIES
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(starts_at__isnull=True)
                    | models.Q(ends_at__isnull=True)
                    | models.Q(ends_at__gt=models.F("starts_at"))
                ),
                name="frontpagepin_ends_after_start",
                violation_error_message=_("A pin ends after it starts."),
            ),
        ]

    def __str__(self):
        where = self.get_slot_display()
        if self.slot == self.Slot.SECTION and self.section_id:
            where = f"{self.section}"
        return f"{where} {self.position}: {self.article_id and self.article}"

    def get_absolute_url(self):
        return self.front_page.get_absolute_url()

    @property
    def slot_key(self):
        """Which place on the page: pins with the same key compete for it."""
        return (self.slot, self.section_id, self.position)

    def in_force(self, now):
        """Whether the pin holds its slot at ``now`` (its story aside)."""
        return (self.starts_at is None or self.starts_at <= now) and (
            self.ends_at is None or now < self.ends_at
        )

    def clean(self):
        super().clean()
        limit = SECTION_STORIES if self.slot == self.Slot.SECTION else TOP_STORIES
        if self.slot == self.Slot.LEAD:
            self.position = 1
        if self.slot != self.Slot.SECTION:
            self.section = None
        elif self.section_id is None:
            raise ValidationError({"section": _("Choose the section of this block.")})
        if self.position and self.position > limit:
            raise ValidationError(
                {"position": _("Choose a position from 1 to %(limit)s.") % {"limit": limit}}
            )
