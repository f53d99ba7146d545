"""``{{ value|xml_safe }}``: text without the characters XML 1.0 forbids (newsroom.text)."""

from django import template

from newsroom.text import xml_safe as _xml_safe

register = template.Library()


@register.filter(is_safe=True)
def xml_safe(value):
    return _xml_safe(str(value)) if value is not None else ""
