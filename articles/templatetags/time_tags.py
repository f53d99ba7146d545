"""
Times and dates as HTML wants them written: ``<time datetime>`` and date inputs; and
as readers of each edition read them (``reader_time``, ``reader_date``, ``reader_day``,
``{% reader_now %}``, ``{% time_element %}`` and ``{% publication article %}``), in the
active language's words and order (articles/stories/dates.py), with Western digits in
every edition.

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
from django.utils.html import format_html
from django.utils.translation import gettext

from articles.stories.dates import format_for_reader

register = template.Library()


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
    """
    ``value`` as the story page shows it: "October 12, 2023, 3:05 p.m. EDT", or the
    date; "12 أكتوبر 2023، 3:05 م" on an Arabic page.
    """
    if not isinstance(value, datetime.datetime | datetime.date):
        return ""
    return format_for_reader(_local(value), "date" if is_date_only(value) else "datetime")


@register.filter(expects_localtime=True)
def reader_date(value):
    """
    The day of ``value`` as a listing shows it: "Oct 12, 2023" in English, the
    month written out where the language has no usual short form ("12 سەرماوەرز 2023").
    """
    if not isinstance(value, datetime.datetime | datetime.date):
        return ""
    return format_for_reader(_local(value), "short")


@register.filter(expects_localtime=True)
def reader_day(value):
    """``value``'s day with its weekday, as the masthead writes it: "Monday, November 30, 2026"."""
    if not isinstance(value, datetime.datetime | datetime.date):
        return ""
    return format_for_reader(_local(value), "day")


@register.simple_tag
def reader_now():
    """Today, with its weekday, for the masthead (see reader_day)."""
    return reader_day(timezone.localtime())


@register.simple_tag
def time_element(value):
    """``<time datetime="…">October 12, 2023, 3:05 p.m. EDT</time>``, for use in a sentence."""
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
        # Translators: {time} is the story's publication: "November 30, 2026, 3:05 p.m. EST".
        sentence = gettext("Published {time}")
        return format_html(
            '<span class="story__published">{}</span>',
            format_html(sentence, time=time_element(article.published_at)),
        )
    if state == "scheduled":
        # Translators: {time} is when the story will go live.
        sentence = gettext("Scheduled for {time}")
        return format_html(
            '<span class="story__published">{}</span>',
            format_html(sentence, time=time_element(article.published_at)),
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
