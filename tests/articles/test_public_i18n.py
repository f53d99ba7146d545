"""
The public pages in Sorani: every word of the page's own (not the desk's) comes from
the translation catalog, dates are written in Sorani, and Latin names, handles and
tags keep their order inside right-to-left text.

These tests do not read translations (the catalogs change as translators work): they
put a marking catalog in place of Sorani's, which gives every message back as its own
id in marks (⟪Text size⟫), and check that what a reader sees is marked, written by
the desk, or isolated.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import trans_real

from articles.models import Byline, Correction
from tests.factories import make_article, make_author, make_correction, make_section

pytestmark = pytest.mark.django_db

# Written for these tests: "The city's new bridge opens to traffic" and so on.
HEADLINE = "پردی نوێی شار بۆ هاتوچۆ دەکرێتەوە"
DEK = "شارەوانی دەڵێت کارەکە دوو ساڵی خایاند."
BODY = "پردەکە چوار هێڵی هەیە.\n\nئۆتۆمبێلەکان لە بەیانییەوە تێیدا دەڕۆن."
SECTION = "ناوخۆ"


class Marked:
    """A catalog that gives every message back as its id, marked: ⟪Text size⟫."""

    def __init__(self, real):
        self.real = real

    def gettext(self, message):
        return f"⟪{message.split(trans_real.CONTEXT_SEPARATOR)[-1]}⟫"

    def ngettext(self, singular, plural, number):
        return self.gettext(singular if number == 1 else plural)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture(autouse=True)
def _language_back_to_the_default():
    """A request to /ckb/ leaves Sorani active in the thread: the next test starts afresh."""
    yield
    translation.deactivate()


@pytest.fixture
def marked_sorani(monkeypatch):
    real = trans_real.translation("ckb")
    monkeypatch.setitem(trans_real._translations, "ckb", Marked(real))


@pytest.fixture
def sorani_story():
    section = make_section(edition="ckb", name=SECTION, slug="ناوخۆ")
    ada = make_author(name="Ada Okafor", slug="ada-okafor", handle="@ada_o")
    aram = make_author(name="ئارام کەریم", slug="aram-karim", handle="")
    published = timezone.now() - timedelta(days=2)
    story = make_article(
        edition="ckb",
        section=section,
        headline=HEADLINE,
        slug="پردی-نوێ",
        dek=DEK,
        body=BODY,
        authors=[ada, aram],
        tags=["Erbil", "هەولێر"],
        published_at=published,
        updated_at=published + timedelta(hours=3),
    )
    make_correction(story, kind=Correction.Kind.CORRECTION, text="ناوی پردەکە ڕاستکرایەوە.")
    return story


def element(html, tag, css_class):
    """The first ``<tag class="css_class ...">`` element of ``html``, with its content."""
    found = re.search(rf'<{tag} class="{css_class}[" ][^>]*>.*?</{tag}>', html, re.S)
    assert found, f"no <{tag} class={css_class}>"
    return found.group(0)


def words_not_from_the_catalog(html, *desk_words):
    """
    The Latin words a reader sees in ``html`` that the catalog did not give: text and
    the alt, title and aria-label attributes, minus marked messages, isolated names
    (<bdi>) and the desk's own words.
    """
    html = re.sub(r"<bdi\b[^>]*>.*?</bdi>", " ", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attributes = re.findall(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"', html)
    text = re.sub(r"<[^>]*>", " ", html)
    seen = " ".join([text, *attributes])
    seen = re.sub(r"⟪.*?⟫", " ", seen, flags=re.S)
    seen = re.sub(r"&#?\w+;", " ", seen)
    for word in desk_words:
        seen = seen.replace(word, " ")
    return re.findall(r"[A-Za-z][A-Za-z'-]*", seen)


def test_a_sorani_story_page_takes_its_words_from_the_catalog(client, marked_sorani, sorani_story):
    html = client.get(sorani_story.get_absolute_url()).content.decode()
    story = element(html, "article", "story")
    assert "⟪Text size⟫" in story and "⟪Topics⟫" in story and "⟪Corrections⟫" in story
    assert "⟪Share this story⟫" in story
    assert words_not_from_the_catalog(story, "Erbil") == []


def test_correction_kinds_and_byline_roles_come_from_the_catalog(
    client, marked_sorani, sorani_story
):
    photographer = make_author(name="Tomas Reyes")
    Byline.objects.create(
        article=sorani_story, author=photographer, position=3, role=Byline.Role.PHOTOGRAPHER
    )
    html = client.get(sorani_story.get_absolute_url()).content.decode()
    story = element(html, "article", "story")
    assert words_not_from_the_catalog(story, "Erbil") == []


def test_a_sorani_story_reads_right_to_left_with_latin_names_isolated(client, sorani_story):
    html = client.get(sorani_story.get_absolute_url()).content.decode()
    story = element(html, "article", "story")
    assert re.match(r'<article class="story"[^>]* lang="ckb" dir="rtl"', story)
    assert f'<h1 id="story-headline" class="story__headline">{HEADLINE}</h1>' in story
    bylines = element(story, "ul", "bylines")
    assert "<bdi>Ada Okafor</bdi>" in bylines and "<bdi>@ada_o</bdi>" in bylines
    assert "<bdi>ئارام کەریم</bdi>" in bylines
    assert '<a class="tag" href="/ckb/tag/erbil/" dir="auto">Erbil</a>' in story


def test_sorani_dates_are_written_in_sorani(client, settings, sorani_story):
    settings.TIME_ZONE = "Asia/Baghdad"
    sorani_story.published_at = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
    sorani_story.updated_at = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)
    sorani_story.save()
    html = client.get(sorani_story.get_absolute_url()).content.decode()
    times = element(html, "p", "story__times")
    with translation.override("ckb"):
        november = str(MONTHS[11])  # whatever the catalogs call it: not "November"
    assert november != "November" and not re.search(r"[A-Za-z]", november)
    # Day, month, year; a 24-hour clock.
    assert f"28 {november} 2026، 12:30" in times and f"28 {november} 2026، 17:00" in times
    assert "November" not in html and "p.m." not in times
    assert 'datetime="2026-11-28T12:30:00+03:00"' in times  # machines: unchanged


def test_a_sorani_listing_joins_its_byline_in_the_catalogs_words(
    client, marked_sorani, sorani_story
):
    html = client.get(sorani_story.section.get_absolute_url()).content.decode()
    card = element(html, "article", "card")
    assert re.match(r'<article class="card[^"]*" lang="ckb" dir="rtl"', card)
    names = element(card, "span", "byline-names")
    assert "⟪By ⟪<bdi>Ada Okafor</bdi> and <bdi>ئارام کەریم</bdi>⟫⟫" in names
    assert words_not_from_the_catalog(card) == []


def test_three_names_are_joined_by_the_catalogs_separator(client, marked_sorani):
    section = make_section(edition="ckb", name="ئابووری", slug="ئابووری")
    authors = [make_author(name=name) for name in ("Ada Okafor", "Tomas Lind", "ژیلا ئەحمەد")]
    make_article(edition="ckb", section=section, headline=HEADLINE, authors=authors)
    card = element(client.get(section.get_absolute_url()).content.decode(), "article", "card")
    assert "<bdi>Ada Okafor</bdi>⟪, ⟫<bdi>Tomas Lind</bdi> and <bdi>ژیلا ئەحمەد</bdi>" in card


def test_sorani_error_page_takes_its_words_from_the_catalog(client, marked_sorani):
    response = client.get("/ckb/no-such-page/")
    assert response.status_code == 404
    page = element(response.content.decode(), "div", "error-page")
    assert "⟪We can’t find that page⟫" in page
    assert words_not_from_the_catalog(page) == []


@pytest.mark.parametrize(
    "language, written",
    [
        ("en", "November 30, 2026"),
        ("ckb", "30 {month} 2026"),
        ("ar", "30 {month} 2026"),
        # Kurmanji: the day's number and the month after it in its oblique form
        # ("30ê Mijdarê"), Django's "alt. month", from the project's catalog.
        ("kmr", "30ê {month_after_a_day} 2026"),
    ],
)
def test_each_edition_writes_a_day_in_its_own_order(language, written):
    from django.template import Context, Template
    from django.utils.dates import MONTHS_ALT

    day = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # a date-only time: midnight
    template = Template("{% load time_tags %}{{ day|reader_time }}")
    with translation.override(language), timezone.override(UTC):
        shown = template.render(Context({"day": day}))
        expected = written.format(month=MONTHS[11], month_after_a_day=MONTHS_ALT[11])
    assert shown == expected


def test_a_quotation_keeps_its_own_direction_inside_a_sorani_story(client):
    body = (
        '<p>وەزیر وتی:</p><blockquote dir="LTR"><p>We will open it in spring.</p></blockquote>'
        '<p dir="sideways" onclick="x()">لە <bdi>Port Elin</bdi> دەژی.</p>'
    )
    section = make_section(edition="ckb", name="جیهان", slug="جیهان")
    story = make_article(edition="ckb", section=section, headline=HEADLINE, body=body)
    html = client.get(story.get_absolute_url()).content.decode()
    body_html = element(html, "div", "story__body")
    assert '<blockquote dir="ltr"><p>We will open it in spring.</p></blockquote>' in body_html
    assert "<p>لە <bdi>Port Elin</bdi> دەژی.</p>" in body_html  # no unknown direction, no script


def test_a_list_of_names_escapes_whatever_it_is_given():
    from articles.templatetags.reader_text import name_list

    listed = name_list(["<b>Ada</b>", "Tomas & Ines"])
    assert "<b>" not in listed
    assert "&lt;b&gt;Ada&lt;/b&gt;" in listed and "Tomas &amp; Ines" in listed
