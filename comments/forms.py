"""The reader's comment form. Everything typed comes back on an error."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from . import moderation

CONTROL_MESSAGE = "Please remove the invisible control characters from this field."


class CommentForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=80,
        help_text="Shown with your comment.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Please tell us your name."},
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="Never shown. We may write to you about your comment.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Please give your email address.",
            "invalid": "Please check your email address: it should look like name@example.org.",
        },
    )
    body = forms.CharField(
        label="Comment",
        max_length=5000,
        strip=True,
        help_text="Plain text, up to 5,000 characters. Every comment is read before it appears.",
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        error_messages={
            "required": "Please write your comment.",
            "max_length": "Your comment is %(show_value)d characters long; the most is "
            "%(limit_value)d. Please shorten it.",
        },
    )
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    @property
    def fields_with_errors(self):
        """The fields to correct, for the summary above the form (whole-form errors apart)."""
        return [name for name in self.errors if name != NON_FIELD_ERRORS]

    def _refuse_control_characters(self, field):
        value = self.cleaned_data[field]
        if moderation.has_control_characters(value):
            raise forms.ValidationError(CONTROL_MESSAGE, code="control_characters")
        return value

    def clean_name(self):
        return self._refuse_control_characters("name")

    def clean_email(self):
        return self._refuse_control_characters("email")

    def clean_body(self):
        # Line breaks and tabs are the reader's; the rest of the control range is not.
        return self._refuse_control_characters("body").replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                "Please leave the “Leave this field empty” field empty.", code="honeypot"
            )
        try:
            moderation.check_stamp(self.data.get("stamp", ""), self.article.pk)
        except moderation.StampError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        return cleaned
