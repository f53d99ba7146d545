"""Times and dates as HTML wants them written: ``<time datetime>`` and date inputs."""

import datetime

from django import template
from django.core.exceptions import ValidationError
from django.utils import timezone

register = template.Library()


@register.filter(expects_localtime=True)
def machine_time(value):
    """
    ``value`` as HTML's datetime attribute wants it: ISO 8601 in the newsroom's zone,
    to the second. Saved times carry microseconds, and HTML allows at most three
    digits of a fraction of a second (``|date:'c'`` writes six), so the fraction is
    dropped: no page shows readers anything finer than a minute. A date stays a date.
    """
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.filter
def as_date_input(field):
    """
    A bound date field's ``<input type="date">``, holding what the reader sent only
    when it is a date, written as that input's value must be (yyyy-mm-dd). Django
    also reads other spellings ("10/25/2006") and would echo any text back as typed;
    a date input cannot hold either, and a browser would show it empty anyway.
    """
    try:
        value = field.field.to_python(field.value())
    except ValidationError:
        value = None
    attrs = field.build_widget_attrs({"id": field.auto_id} if field.auto_id else {})
    return field.field.widget.render(
        name=field.html_name,
        value=value.isoformat() if value else None,
        attrs=attrs,
        renderer=field.form.renderer,
    )
