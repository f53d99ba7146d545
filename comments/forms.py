"""The reader's comment form. Everything typed comes back on an error."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from newsroom.text import clean_typed_text

from . import moderation

CONTROL_MESSAGE = _("Please remove the invisible control characters from this field.")
DIRECTION_MESSAGE = _(
    "Please remove the invisible characters that change the direction of text from this "
    "field: they can make words read in another order than they were typed."
)
INVISIBLE_NAME_MESSAGE = _("Please give a name with at least one visible character.")
INVISIBLE_BODY_MESSAGE = _("Your comment has no visible characters. Please write your comment.")


class TypedTextMixin:
    """
    The project's input rule (newsroom.text.clean_typed_text) applied before anything
    else looks at the value: a comment is stored exactly as the form cleans it and
    never edited, so this is the one place it can happen. The reader's text comes
    back the same way on a refusal.
    """

    multiline = False

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_typed_text(value, multiline=self.multiline)
        return super().to_python(value)

    def bound_data(self, data, initial):
        if isinstance(data, str):
            return clean_typed_text(data, multiline=self.multiline)
        return super().bound_data(data, initial)


class TypedCharField(TypedTextMixin, forms.CharField):
    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)


class TypedEmailField(TypedTextMixin, forms.EmailField):
    pass


class CommentForm(forms.Form):
    name = TypedCharField(
        label=_("Name"),
        max_length=80,
        help_text=_("Shown with your comment."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
        error_messages={"required": _("Please tell us your name.")},
    )
    email = TypedEmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Never shown. We may write to you about your comment."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
        error_messages={
            "required": _("Please give your email address."),
            "invalid": _("Please check your email address: it should look like name@example.org."),
        },
    )
    body = TypedCharField(
        multiline=True,
        label=_("Comment"),
        max_length=5000,
        strip=True,
        help_text=_("Plain text, up to 5,000 characters. Every comment is read before it appears."),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000, "dir": "auto"}),
        error_messages={
            "required": _("Please write your comment."),
            "max_length": _(
                "Your comment is %(show_value)d characters long; the most is "
                "%(limit_value)d. Please shorten it."
            ),
        },
    )
    # Opt-in only: unticked by default, and only the sender can tick it for their comment.
    notify = forms.BooleanField(
        label=_("Email me when my comment is approved or rejected"),
        required=False,
        help_text=_("An email when a moderator decides, with a link to stop them."),
    )
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.stamp = None  # the checked moderation.Stamp, once the form is valid

    @property
    def fields_with_errors(self):
        """The fields to correct, for the summary above the form (whole-form errors apart)."""
        return [name for name in self.errors if name != NON_FIELD_ERRORS]

    def _refuse_hidden_characters(self, field):
        value = self.cleaned_data[field]
        if moderation.has_control_characters(value):
            raise forms.ValidationError(CONTROL_MESSAGE, code="control_characters")
        if moderation.has_direction_controls(value):
            raise forms.ValidationError(DIRECTION_MESSAGE, code="direction_controls")
        return value

    def clean_name(self):
        name = self._refuse_hidden_characters("name")
        if not moderation.has_visible_character(name):
            raise forms.ValidationError(INVISIBLE_NAME_MESSAGE, code="invisible")
        return name

    def clean_email(self):
        return self._refuse_hidden_characters("email")

    def clean_body(self):
        # Line breaks and tabs are the reader's; the rest of the control range is not.
        body = self._refuse_hidden_characters("body").replace("\r\n", "\n")
        if not moderation.has_visible_character(body):
            raise forms.ValidationError(INVISIBLE_BODY_MESSAGE, code="invisible")
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Please leave the “Leave this field empty” field empty."), code="honeypot"
            )
        try:
            # Kept for the service, which uses it up when it accepts the comment.
            self.stamp = moderation.check_stamp(self.data.get("stamp", ""), self.article.pk)
        except moderation.StampError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        return cleaned
