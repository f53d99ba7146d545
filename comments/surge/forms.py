"""The desk's form for one story's surge controls (the queue's story view and the admin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comments import moderation
from comments.forms import CONTROL_MESSAGE, DIRECTION_MESSAGE, TypedCharField

from .models import SLOW_MODE_MAX_MINUTES, SurgeControl


class SurgeControlForm(forms.Form):
    paused = forms.BooleanField(label=_("Pause new comments"), required=False)
    notice = TypedCharField(
        label=_("Notice to readers while paused (optional)"),
        required=False,
        max_length=300,
        help_text=_("Shown where the comment form was."),
    )
    slow_mode_minutes = forms.IntegerField(
        label=_("Slow mode: minutes between one reader's comments (0: off)"),
        min_value=0,
        max_value=SLOW_MODE_MAX_MINUTES,
        initial=0,
        error_messages={
            "invalid": _("Give slow mode as a whole number of minutes, 0 to turn it off."),
            "min_value": _("Slow mode cannot be negative; 0 turns it off."),
            "max_value": _("Slow mode is at most a day (%(limit_value)s minutes)."),
            "required": _("Give slow mode in minutes, 0 to turn it off."),
        },
    )
    reopen = forms.BooleanField(label=_("Reopen comments closed by age"), required=False)

    @classmethod
    def for_controls(cls, controls: SurgeControl | None, **kwargs):
        initial = {"paused": False, "notice": "", "slow_mode_minutes": 0}
        if controls:
            initial = {
                "paused": controls.paused,
                "notice": controls.pause_notice,
                "slow_mode_minutes": controls.slow_mode_minutes,
            }
        return cls(initial=initial, **kwargs)

    def clean_notice(self):
        notice = self.cleaned_data["notice"]
        if moderation.has_control_characters(notice):
            raise forms.ValidationError(CONTROL_MESSAGE, code="control_characters")
        if moderation.has_direction_controls(notice):
            raise forms.ValidationError(DIRECTION_MESSAGE, code="direction_controls")
        return notice
