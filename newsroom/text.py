"""
Text people type or paste, made safe to store and to put in XML.

XML 1.0 forbids most control characters (U+0000-U+001F except tab, line feed and
carriage return), lone surrogates, and U+FFFE/U+FFFF; one of them in a headline
would make every feed and sitemap that carries it ill-formed. The rule on input:

- a vertical tab or form feed (what Word pastes for Shift+Enter and page breaks)
  becomes a line break in multi-line text and a space in single-line text;
- every other forbidden character is removed, and so are C1 controls
  (U+0080-U+009F), which XML allows but no one types.

``xml_safe`` applies the removal on output too, so XML stays well-formed whatever
an older row holds.
"""

import re

from django.db import models

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# C1 controls (U+0080-U+009F): allowed by XML 1.0 but never text anyone means to type;
# they arrive with text decoded in the wrong encoding, and feed readers show them as
# stray "€" and "Ÿ".
_C1 = re.compile("[\x80-\x9f]")
_BREAKS = re.compile("[\x0b\x0c]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids, nor C1 controls."""
    return _C1.sub("", _FORBIDDEN.sub("", text)) if text else text


def clean_typed_text(text: str, *, multiline: bool = True) -> str:
    """``text`` as the input rule above leaves it."""
    if not text:
        return text
    return xml_safe(_BREAKS.sub("\n" if multiline else " ", text))


def clean_text_fields(instance) -> None:
    """Apply the input rule to every text field of a model instance, in place."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                multiline = isinstance(field, models.TextField)
                setattr(instance, field.attname, clean_typed_text(value, multiline=multiline))


class TypedTextMixin:
    """For models: every save cleans the text fields by the input rule first."""

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        super().save(*args, **kwargs)
