"""
Times and dates as HTML wants them written: ``<time datetime>`` and date inputs; and
a story's publication as readers read it (``{% publication article %}``).

A publish time can be a date alone: the news pages ``import_story`` reads give a day
and no hour, and the day is stored as its first moment, local midnight to the
microsecond, a time no editor's "publish now" ever gives (it carries the seconds and
microseconds of the click). Such a time is shown, and written for machines, as the
date it is, never as an invented "12:00 a.m.".
"""

import datetime

from django import template
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()

# How the story page writes a moment, and a date-only one.
READER_TIME = "F j, Y, g:i a T"
READER_DATE = "F j, Y"


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def is_date_only(value) -> bool:
    """True for a date, or a time that stands for one: local midnight exactly."""
    if isinstance(value, datetime.datetime):
        return _local(value).time() == datetime.time.min
    return isinstance(value, datetime.date)


def machine_date(value):
    """
    ``value`` for machines that take a date or a date-time (schema.org, Open Graph):
    a date-only value as its date (2023-10-12), any other as ISO 8601 to the second.
    """
    if value is None or value == "":
        return None
    if is_date_only(value):
        return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()
    return _local(value).isoformat(timespec="seconds")


@register.filter(expects_localtime=True)
def machine_time(value):
    """
    ``value`` as HTML's datetime attribute wants it: ISO 8601 in the newsroom's zone,
    to the second. Saved times carry microseconds, and HTML allows at most three
    digits of a fraction of a second (``|date:'c'`` writes six), so the fraction is
    dropped: no page shows readers anything finer than a minute. A date stays a date,
    and so does a time that stands for one (see is_date_only).
    """
    if isinstance(value, datetime.datetime | datetime.date):
        return machine_date(value)
    return ""


@register.filter(expects_localtime=True)
def reader_time(value):
    """``value`` as the story page shows it: "October 12, 2023, 3:05 p.m. EDT", or the date."""
    if not isinstance(value, datetime.datetime | datetime.date):
        return ""
    return date_format(_local(value), READER_DATE if is_date_only(value) else READER_TIME)


def _time_element(value):
    return format_html('<time datetime="{}">{}</time>', machine_time(value), reader_time(value))


@register.simple_tag
def publication(article):
    """
    The story's publication as readers (and, in a preview, editors) read it: "Published
    <time>", "Scheduled for <time>", or what an unpublished story is ("Draft, not
    published"): a preview never shows a draft's imported date as a publication.
    """
    state = article.state
    if state == "live" and article.published_at:
        return format_html(
            '<span class="story__published">{}</span>',
            format_html(gettext("Published {time}"), time=_time_element(article.published_at)),
        )
    if state == "scheduled":
        return format_html(
            '<span class="story__published">{}</span>',
            format_html(gettext("Scheduled for {time}"), time=_time_element(article.published_at)),
        )
    label = {
        "draft": gettext("Draft, not published"),
        "in_review": gettext("In review, not published"),
        "unpublished": gettext("Unpublished, not public"),
    }.get(state, gettext("Not published"))
    return format_html('<span class="story__published story__published--not">{}</span>', label)


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
