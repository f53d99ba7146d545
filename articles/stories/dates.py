"""
Dates as readers of each edition write them: "November 30, 2026" in English,
"30 سەرماوەرز 2026" in Sorani, "30 نوفمبر 2026" in Arabic, "30ê Mijdarê 2026" in
Kurmanji. Templates reach these through articles/templatetags/time_tags.py
(``reader_time``, ``reader_date``, ``{% reader_now %}``).

The order of day, month and year, and whether a zone is named, is per language and
lives in ``READER_FORMATS`` (Django's date format characters). A language the table
does not list (Turkish, Persian later) falls back on Django's own DATE_FORMAT and
DATETIME_FORMAT for it, so adding an edition needs no code here.

Month and weekday names come from the translation catalogs, through Django's ``date``
formatting: Django's ``ckb`` and ``ar`` catalogs already translate them. Kurmanji has
no Django catalog, so the names below repeat Django's own message ids (same text, same
contexts) for ``makemessages`` to put them in the project's catalogs; ``locale/kmr``
then gives Kurmanji's names, and a translation in ``locale/ar`` or ``locale/ckb``, when
a translator writes one, wins over Django's (an Iraqi desk may prefer "تشرين الثاني" to
Django's "نوفمبر"). Left untranslated, Django's catalogs answer as before. Kurmanji
writes the day's date with the month in its oblique form ("30ê Mijdarê"), which is
Django's "alt. month" (the ``E`` format character): translators of ``kmr`` write those
forms there.

Digits: every edition shows Western digits (0-9). Sorani and Arabic news sites in Iraq
use both Western and Eastern Arabic-Indic digits (٠-٩); Western digits are the ones a
reader can copy into a search, a phone or a calculator, and they never leak into URLs,
ids or ``datetime`` attributes. Should a desk want Eastern digits, the place to convert
them is ``format_for_reader`` below (display text only), never a value machines read.
"""

import datetime

from django.conf import settings
from django.utils import dates as django_dates
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Per language, how a moment ("datetime"), a day ("date"), a day in a listing ("short")
# and today's date under the masthead ("day", with the weekday) are written. English
# names its zone ("EST"); the Iraqi and Turkish zones have no abbreviation (Django
# writes "+03"), and those editions' readers live in them, so no zone is written.
READER_FORMATS = {
    "en": {
        "datetime": "F j, Y, g:i a T",
        "date": "F j, Y",
        "short": "M j, Y",
        "day": "l, F j, Y",
    },
    "ckb": {
        "datetime": "j F Y، G:i",
        "date": "j F Y",
        "short": "j F Y",
        "day": "l، j F Y",
    },
    "ar": {
        "datetime": "j F Y، g:i A",
        "date": "j F Y",
        "short": "j F Y",
        "day": "l، j F Y",
    },
    "kmr": {
        "datetime": "jê E Y, H:i",
        "date": "jê E Y",
        "short": "jê E Y",
        "day": "l, jê E Y",
    },
}
# Django's format setting each kind falls back on for a language the table lacks.
_FALLBACK = {
    "datetime": "DATETIME_FORMAT",
    "date": "DATE_FORMAT",
    "short": "DATE_FORMAT",
    "day": "DATE_FORMAT",
}

# The names Django's ``date`` writes, repeated for makemessages (see the docstring).
MONTHS = (
    # Translators: a month's name on its own ("November"), as in "November 30, 2026".
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
MONTHS_AFTER_A_DAY = (
    # Translators: a month's name as written after a day's number, where the language
    # changes its form there (Kurmanji "30ê Mijdarê"); elsewhere the plain name.
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
WEEKDAYS = (
    # Translators: a weekday's name, as in the masthead's "Monday, November 30, 2026".
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


def reader_language() -> str:
    """The active language, as READER_FORMATS keys it ("en-us" reads as "en")."""
    return translation.get_language() or settings.LANGUAGE_CODE


def reader_format(kind: str, language: str | None = None) -> str:
    """The date format for ``kind`` ("datetime", "date", "short", "day") in ``language``."""
    language = (language or reader_language()).lower()
    formats = READER_FORMATS.get(language) or READER_FORMATS.get(language.split("-")[0])
    if formats:
        return formats[kind]
    return get_format(_FALLBACK[kind], lang=language)


def format_for_reader(value, kind: str) -> str:
    """
    ``value`` (a date or a date-time, aware or naive) written for readers of the active
    language, in the active time zone. The text only: ``<time datetime>`` takes
    time_tags.machine_time, which never changes with the language.
    """
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, reader_format(kind))


# Format characters reader_formatter writes itself; any other falls back on Django's
# date formatting (a language the table lacks may use any of Django's characters).
_FAST = {
    "j": lambda v, n: str(v.day),
    "Y": lambda v, n: f"{v.year:04d}",
    "F": lambda v, n: n["F"][v.month],
    "E": lambda v, n: n["E"][v.month],
    "M": lambda v, n: n["M"][v.month],
    "l": lambda v, n: n["l"][v.weekday()],
    "G": lambda v, n: str(v.hour),
    "H": lambda v, n: f"{v.hour:02d}",
    "g": lambda v, n: str(v.hour % 12 or 12),
    "i": lambda v, n: f"{v.minute:02d}",
    "a": lambda v, n: n["a"][v.hour > 11],
    "A": lambda v, n: n["A"][v.hour > 11],
    "T": lambda v, n: _zone_name(v),
}
_MERIDIEMS = ("a.m.", "p.m.", "AM", "PM")
_DJANGO_FORMAT_CHARACTERS = set("aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ")


def _zone_name(value):
    """Django's ``T``: the zone's name, none for an hour a zone has twice (or never)."""
    zone = value.tzinfo if timezone.is_aware(value) else timezone.get_default_timezone()
    if zone.utcoffset(value.replace(fold=not value.fold)) != zone.utcoffset(value):
        return ""
    return str(zone.tzname(value))


def reader_formatter(kind: str):
    """
    ``format_for_reader(value, kind)`` as a function of ``value`` alone, with the
    active language's names looked up once: for a page that writes fifty times (a
    page of comments), where Django's formatting looks the language, the zone and
    each name up again for every one. Same text (tests/articles/test_reader_formatter.py).
    """
    parts, escaped = [], False
    for char in reader_format(kind):
        if escaped:
            parts.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _FAST:
            parts.append(_FAST[char])
        elif char in _DJANGO_FORMAT_CHARACTERS:  # one this does not write
            return lambda value: format_for_reader(value, kind)
        else:
            parts.append(char)
    names = {
        "F": {number: str(name) for number, name in django_dates.MONTHS.items()},
        "E": {number: str(name) for number, name in django_dates.MONTHS_ALT.items()},
        "M": {number: str(name).title() for number, name in django_dates.MONTHS_3.items()},
        "l": {number: str(name) for number, name in django_dates.WEEKDAYS.items()},
        # Django's own messages, as its date formatting asks for them (its catalogs, and
        # newsroom/locale for Kurmanji, translate them): not marked here again.
        "a": tuple(translation.gettext(message) for message in _MERIDIEMS[:2]),
        "A": tuple(translation.gettext(message) for message in _MERIDIEMS[2:]),
    }
    zone = timezone.get_current_timezone()

    def write(value):
        if isinstance(value, datetime.datetime):
            value = value.astimezone(zone) if timezone.is_aware(value) else value
        else:  # a date: no hours to write
            return format_for_reader(value, kind)
        return "".join(part if isinstance(part, str) else part(value, names) for part in parts)

    return write
