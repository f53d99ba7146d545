"""The reader's report form, and the moderator's decision on a reported comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comments import moderation
from comments.forms import CONTROL_MESSAGE, DIRECTION_MESSAGE, TypedCharField
from comments.guidelines import GUIDELINES

NOTE_MAX = 500


def guideline_choices():
    return [(g.code, g.label) for g in GUIDELINES]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Which guideline does it break?"),
        choices=guideline_choices,
        error_messages={
            "required": _("Please choose which guideline the comment breaks."),
            "invalid_choice": _("Please choose one of the guidelines listed."),
        },
    )
    note = TypedCharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        max_length=NOTE_MAX,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX, "dir": "auto"}),
        error_messages={
            "max_length": _(
                "Your note is %(show_value)d characters long; the most is %(limit_value)d. "
                "Please shorten it."
            )
        },
    )

    def clean_note(self):
        note = self.cleaned_data["note"].replace("\r\n", "\n")
        if moderation.has_control_characters(note):
            raise forms.ValidationError(CONTROL_MESSAGE, code="control_characters")
        if moderation.has_direction_controls(note):
            raise forms.ValidationError(DIRECTION_MESSAGE, code="direction_controls")
        return note


class ResolveForm(forms.Form):
    """A moderator's answer to one reported comment (the review queue's buttons)."""

    entry = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[("keep", _("Keep")), ("withdraw", _("Withdraw"))])
    reason = forms.ChoiceField(choices=guideline_choices, required=False)
    note = TypedCharField(required=False, max_length=NOTE_MAX)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "withdraw" and not cleaned.get("reason"):
            raise forms.ValidationError(_("Choose a guideline reason to withdraw a comment."))
        return cleaned
