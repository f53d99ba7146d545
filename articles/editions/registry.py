"""
The newsroom's editions: one per language desk, described by data.

An edition is a row of ``settings.NEWSROOM_EDITIONS`` (a list of dicts; the four the
newsroom ships are in ``newsroom/settings.py``). Adding Turkish or Persian is one more
dict there, its language in ``LANGUAGES`` and a catalog in ``locale/``: no code.
Editions are settings rather than a table because every request needs its edition
before anything else, and a setting costs no query and is the same in every process.

docs/editions.md explains each code and what it is emitted as (hreflang, feeds,
sitemaps, JSON-LD, Open Graph).
"""

from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation


@dataclass(frozen=True)
class Edition:
    # The key stored on stories and sections, and the first part of every public URL.
    code: str
    # The edition's name in its own language ("کوردی"), as readers pick it.
    name: str
    # Its name in English, for the admin's lists and logs.
    english_name: str
    # The Django language its pages render in (a code of settings.LANGUAGES).
    language: str
    # "ltr" or "rtl": <html dir>, the admin's text fields for its stories.
    direction: str
    # What search engines and feeds are told: hreflang, <language>, JSON-LD inLanguage.
    hreflang: str
    in_language: str
    # Open Graph's locale (Facebook's codes: Sorani is "cb_IQ", Kurmanji "ku_TR").
    og_locale: str
    # Which folding rules search and watch words use (articles/editions/normalise.py).
    search_rules: str
    # The zone its pages show times in.
    time_zone: str
    # The line under the masthead, in the edition's language.
    tagline: str = ""

    def __str__(self):
        return self.english_name

    @property
    def is_rtl(self):
        return self.direction == "rtl"

    @property
    def zone(self):
        return ZoneInfo(self.time_zone)

    @property
    def prefix(self):
        return f"/{self.code}/"

    def activate(self):
        """Render in this edition's language (for code outside a request)."""
        return translation.override(self.language)


@cache
def _editions():
    editions = {}
    for row in settings.NEWSROOM_EDITIONS:
        edition = Edition(**row)
        editions[edition.code] = edition
    return editions


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in ("NEWSROOM_EDITIONS", "NEWSROOM_DEFAULT_EDITION"):
        _editions.cache_clear()


def all_editions():
    """Every edition, in the order settings list them."""
    return list(_editions().values())


def codes():
    return list(_editions())


def get(code):
    """The edition with this code; KeyError if there is none."""
    return _editions()[code]


def default():
    return get(settings.NEWSROOM_DEFAULT_EDITION)


def for_language(language=None):
    """The edition whose pages render in ``language`` (default: the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    for edition in _editions().values():
        if edition.language == language:
            return edition
    return default()


def choices():
    """(code, "English name (own name)") pairs for forms and admin filters."""
    return [(e.code, f"{e.english_name} ({e.name})") for e in _editions().values()]


def validate_edition(value):
    """Model-field validator: a story or section belongs to a configured edition."""
    if value not in _editions():
        raise ValidationError(
            translation.gettext("“%(value)s” is not an edition. Choose one of: %(codes)s."),
            params={"value": value, "codes": ", ".join(_editions())},
            code="invalid_edition",
        )


@checks.register()
def check_editions(app_configs=None, **kwargs):
    """
    The URLs' prefixes are languages (i18n_patterns) and the middleware reads editions
    from them: each edition's code must be its language, one edition per language, and
    every language in settings.LANGUAGES.
    """
    errors = []
    languages = {code for code, _name in settings.LANGUAGES}
    seen = set()
    for row in settings.NEWSROOM_EDITIONS:
        code, language = row.get("code"), row.get("language")
        if code != language:
            errors.append(
                checks.Error(
                    f"The edition {code!r} renders in {language!r}: an edition's code must be "
                    "its language (its URL prefix is the language's).",
                    id="newsroom.E101",
                )
            )
        if language not in languages:
            errors.append(
                checks.Error(
                    f"The edition {code!r}'s language {language!r} is not in LANGUAGES.",
                    id="newsroom.E102",
                )
            )
        if language in seen:
            errors.append(checks.Error(f"Two editions render in {language!r}.", id="newsroom.E103"))
        seen.add(language)
    if settings.NEWSROOM_DEFAULT_EDITION not in {
        row.get("code") for row in settings.NEWSROOM_EDITIONS
    }:
        errors.append(
            checks.Error(
                f"NEWSROOM_DEFAULT_EDITION {settings.NEWSROOM_DEFAULT_EDITION!r} is not "
                "an edition.",
                id="newsroom.E104",
            )
        )
    return errors
