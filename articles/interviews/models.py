"""
Interviews: the participants of a story's interview and its ordered transcript,
each turn spoken by a participant of the same interview.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.stories.models import Article
from newsroom.text import TypedTextMixin


class Interview(TypedTextMixin, models.Model):
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="interview", verbose_name=_("story")
    )
    intro = models.TextField(
        _("intro"),
        blank=True,
        help_text=_(
            'The line that opens the transcript, e.g. "What follows is a transcript '
            'of the interview…"'
        ),
    )
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    recorded_at = models.CharField(
        _("place recorded"), max_length=160, blank=True, help_text=_("e.g. By phone; Lisbon")
    )
    edited_note = models.BooleanField(
        _('"edited for length and clarity"'),
        default=True,
        help_text=_("Tell readers the transcript was edited for length and clarity."),
    )
    # The participants and turns as the story page shows them, rendered once after
    # they change (articles/handlers.py); empty while that is pending, and the page
    # then renders them itself (articles.interviews.rendering).
    transcript_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-article__published_at"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self):
        return f"Interview: {self.article}"

    def get_absolute_url(self):
        return self.article.get_absolute_url() + "#transcript"


class Participant(TypedTextMixin, models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(
        _("name"), max_length=120, help_text=_('Full name, e.g. "Mara Lindqvist".')
    )
    label = models.CharField(
        _("label"),
        max_length=60,
        help_text=_(
            'Shown on each turn: a surname ("Lindqvist"), or the outlet\'s name for '
            "the interviewer."
        ),
    )
    role = models.CharField(
        _("role"),
        max_length=160,
        blank=True,
        help_text=_('Who they are, e.g. "Harbour master of Port Elin".'),
    )
    is_interviewer = models.BooleanField(_("interviewer"), default=False)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["interview_id", "position"]  # the column: no join
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "position"], name="participant_unique_position"
            ),
            models.UniqueConstraint(
                fields=["interview", "label"],
                name="participant_unique_label",
                violation_error_message=_("Two participants cannot share a label."),
            ),
            # Lets a turn's (interview, participant) pair reference a participant of the
            # same interview with a composite foreign key (see migration 0002).
            models.UniqueConstraint(fields=["interview", "id"], name="participant_interview_id"),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return self.interview.get_absolute_url()


class Turn(TypedTextMixin, models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="turns")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="turns", verbose_name=_("speaker")
    )
    position = models.PositiveIntegerField()
    text = models.TextField(_("text"))
    timecode = models.CharField(
        _("timecode"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^(\d{1,2}:)?\d{1,2}:\d{2}$", _("Use mm:ss or hh:mm:ss."))],
    )

    class Meta:
        ordering = ["interview_id", "position"]  # the column: no join
        verbose_name = _("turn")
        verbose_name_plural = _("turns")
        constraints = [
            models.UniqueConstraint(fields=["interview", "position"], name="turn_unique_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.participant}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.interview.article.get_absolute_url()}#turn-{self.position}"

    def clean(self):
        if (
            self.participant_id
            and self.interview_id
            and self.participant.interview_id != self.interview_id
        ):
            raise ValidationError({"participant": "Choose a participant of this interview."})

    @property
    def is_question(self):
        return self.participant.is_interviewer
