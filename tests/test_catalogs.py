"""
Every string marked for translation is in each edition's catalog, translated.

The messages are extracted as ``makemessages`` extracts them (templates through Django's
own ``templatize``), read by Babel's Python extractor, so the check needs no GNU gettext.
A new ``{% translate %}`` or ``gettext()`` fails here until the catalogs have it:

    .venv/bin/python manage.py makemessages -l ckb -l ar -l kmr --no-location \\
        --ignore=.venv --ignore=tests --ignore=bench --ignore=build --ignore=staticfiles

then translate the new entries in locale/<language>/LC_MESSAGES/django.po.
"""

import io
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
SOURCES = ("articles", "comments", "api", "newsroom")
KEYWORDS = {
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
    "_": None,
}
TRANSLATED = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _key(message, context):
    singular = message[0] if isinstance(message, tuple | list) else message
    return (context or None, singular)


@cache
def extracted():
    """(context, msgid) -> where it was found, for every marked string of the project."""
    found = {}
    files = [
        path
        for folder in SOURCES
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    ]
    templates = [
        path for path in (ROOT / "templates").rglob("*") if path.suffix in {".html", ".txt", ".xml"}
    ]
    for path in files + templates:
        text = path.read_text(encoding="utf-8")
        if path in templates:
            # templatize() keeps the template's indentation, which Python's tokenizer
            # rejects; its strings are escaped onto one line, so stripping is safe.
            text = templatize(text, origin=str(path))
            text = "\n".join(line.lstrip() for line in text.splitlines())
        for _, message, _, context in extract("python", io.BytesIO(text.encode()), KEYWORDS):
            found.setdefault(_key(message, context), path.relative_to(ROOT))
    return found


@cache
def extracted_from_scripts():
    """The same for the admin's scripts (static/js), whose catalog is djangojs."""
    found = {}
    for path in (ROOT / "static" / "js").glob("*.js"):
        with path.open("rb") as script:
            for _, message, _, context in extract("javascript", script, KEYWORDS):
                found.setdefault(_key(message, context), path.relative_to(ROOT))
    return found


@cache
def catalog(language, domain="django"):
    path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def test_strings_are_marked_somewhere():
    # The extractor works: a string every page carries is found.
    assert (None, "Skip to content") in extracted()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_is_in_the_catalog(language):
    ids = {_key(message.id, message.context) for message in catalog(language) if message.id}
    missing = {key: where for key, where in extracted().items() if key not in ids}
    assert not missing, (
        f"{len(missing)} marked strings are not in locale/{language} (run makemessages, then "
        "translate them): " + "; ".join(f"{where}: {key[1]!r}" for key, where in missing.items())
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_script_string_is_in_the_scripts_catalog(language):
    assert (None, "Move up") in extracted_from_scripts()
    ids = {_key(m.id, m.context) for m in catalog(language, "djangojs") if m.id}
    missing = {key: where for key, where in extracted_from_scripts().items() if key not in ids}
    assert not missing, f"not in locale/{language}/LC_MESSAGES/djangojs.po: {missing}"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_entry_is_translated(language, domain):
    untranslated = []
    for message in catalog(language, domain):
        if not message.id or message.fuzzy:
            if message.id:
                untranslated.append(message.id)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
    assert not untranslated, (
        f"{len(untranslated)} entries of locale/{language} ({domain}) have no translation: "
        + "; ".join(repr(u) for u in untranslated[:40])
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_declares_its_language_and_plurals(language):
    po = catalog(language)
    assert dict(po.mime_headers)["Language"] == language
    assert "INTEGER" not in (po.plural_forms or "")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_django_s_own_strings_have_a_complete_kurmanji_catalog(domain):
    # Django ships no Kurmanji: its admin, form and date strings come from ours.
    path = ROOT / "newsroom" / "locale" / "kmr" / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as po_file:
        entries = [message for message in read_po(po_file, locale="kmr") if message.id]
    assert len(entries) > 50
    assert all(
        all(message.string) if isinstance(message.string, tuple) else message.string
        for message in entries
    )


def test_a_kurmanji_editor_gets_django_s_own_words_in_kurmanji():
    from django.utils import translation

    with translation.override("kmr"):
        words = [translation.gettext(text) for text in ("Save", "Log out", "January")]
        required = translation.gettext("This field is required.")
    assert "Save" not in words and "Log out" not in words and "January" not in words
    assert required != "This field is required."
