from django import forms
from django.utils.translation import gettext_lazy as _

from comments.forms import TypedEmailField


class PrivacyRequestForm(forms.Form):
    email = TypedEmailField(
        label=_("The commenter's email address"),
        max_length=254,
        error_messages={
            "required": _("Please give the email address the request is about."),
            "invalid": _("Please check the address: it should look like name@example.org."),
        },
    )
    action = forms.ChoiceField(
        choices=[("export", _("Export")), ("erase", _("Erase"))],
        error_messages={
            "required": _("Choose export or erase."),
            "invalid_choice": _("Choose export or erase."),
        },
    )
    confirm = forms.BooleanField(
        label=_("I have checked that this request comes from the owner of the address."),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "erase" and not cleaned.get("confirm"):
            self.add_error(
                "confirm",
                _("Tick this box to erase: erasing cannot be undone."),
            )
        return cleaned
