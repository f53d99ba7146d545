"""The interview's forms in the admin: turns as an ordered inline, and the paste form."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.editorial.forms import PositionedInlineFormSet

from .transcript import Breaks, Style

# About 30,000 words; bigger transcripts are pasted in parts ("Append to it").
MAX_CHARS = 200_000


class TurnInlineFormSet(PositionedInlineFormSet):
    """Offers only this interview's participants as speakers, fetched once per page."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not hasattr(self, "_speaker_choices"):
            queryset = form.fields["participant"].queryset.filter(interview=self.instance.pk)
            self._speaker_queryset = queryset
            self._speaker_choices = [("", "---------")] + [(p.pk, p.label) for p in queryset]
        field = form.fields["participant"]
        field.queryset = self._speaker_queryset
        field.choices = self._speaker_choices


class TranscriptPasteForm(forms.Form):
    text = forms.CharField(
        label=_("Transcript"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100}),
        error_messages={"required": _("Paste the transcript first.")},
        help_text=_(
            "One turn per paragraph, with a blank line between turns (or one turn "
            "per line). Start a turn with a participant’s label or name and a colon or a dash "
            "(“Berg: …”, “Q – …”). Depending on the style, a paragraph without a label "
            "continues the turn before it or is the other participant’s turn. A timecode "
            "such as [00:12:34] at the start of a turn is kept."
        ),
    )
    style = forms.ChoiceField(
        label=_("Unlabelled paragraphs"),
        required=False,
        choices=[("", _("Detect from the text"))]
        + [(style.value, style.description.capitalize()) for style in Style],
        help_text=_(
            "How the preview reads a paragraph without a label. Change it if the "
            "speakers below are wrong, then preview again."
        ),
    )
    breaks = forms.ChoiceField(
        label=_("Turns are separated by"),
        required=False,
        choices=[("", _("Detect from the text"))]
        + [(breaks.value, breaks.description.capitalize()) for breaks in Breaks],
    )
    interviewer = forms.CharField(
        label=_("Who asks the questions"),
        required=False,
        max_length=60,
        widget=forms.Select,
        help_text=_(
            "Guessed from the labels (Q, or the outlet's name, or whoever speaks "
            "first). You can change it, and the participants, after saving."
        ),
    )
    create_participants = forms.BooleanField(
        label=_("Create these participants from the labels"),
        required=False,
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)
    max_chars = MAX_CHARS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["maxlength"] = self.max_chars

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(gettext("Paste the transcript first."))
        if len(text) > self.max_chars:
            raise forms.ValidationError(
                gettext(
                    "That is more than %(limit)s characters: paste the transcript in "
                    "parts, using “Append to it” for the later ones."
                )
                % {"limit": number_format(self.max_chars, force_grouping=True)}
            )
        return text
