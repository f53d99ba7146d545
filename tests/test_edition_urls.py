"""
Every public page lives under its edition's prefix (/en/, /ckb/, /ar/, /kmr/). The
addresses readers had before editions answer 301 to the new ones, "/" lets a reader
choose an edition (one cached page for everyone), a story is read under its own
edition's prefix only, and addresses in Arabic script work end to end.
"""

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit
from xml.dom import minidom

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from articles.models import Section
from articles.stories.models import reverse_in
from tests.factories import make_article, make_author, make_section, make_staff

pytestmark = pytest.mark.django_db

# Each edition as a reader sees it: its code, direction, own name.
EDITIONS = [
    ("en", "ltr", "English"),
    ("ckb", "rtl", "کوردی"),
    ("ar", "rtl", "العربية"),
    ("kmr", "ltr", "Kurmancî"),
]
SORANI_HEADLINE = "پردی نوێی بەندەر ئەمساڵ تەواو دەبێت"
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def html_root(html):
    """The attributes of <html>."""
    return dict(re.findall(r'(\w[\w-]*)="([^"]*)"', re.search(r"<html\b([^>]*)>", html)[1]))


@pytest.fixture
def story():
    return make_article(
        headline="Harbour dredging to begin",
        slug="harbour-dredging",
        section=make_section(name="Coast", slug="coast"),
        authors=[make_author(name="Ines Carvalho", slug="ines-carvalho")],
        tags=["Harbour"],
    )


@pytest.fixture
def sorani_desk():
    return make_section(name="هەواڵ", slug="هەواڵ", edition="ckb")


@pytest.fixture
def sorani_story(sorani_desk):
    # No slug given: the story's address comes from its headline, in its own script.
    return make_article(
        headline=SORANI_HEADLINE,
        slug="",
        edition="ckb",
        section=sorani_desk,
        body="بەندەرەکە پردێکی نوێی دەبێت.\n\nکارەکە لە بەهار دەست پێدەکات.",
        authors=[make_author(name="شیلان ئەحمەد", slug="shilan-ahmed")],
        tags=["هەولێر"],
    )


# The addresses from before editions ---------------------------------------------------------


def test_a_story_s_old_address_answers_301_to_its_own_edition_keeping_the_query(
    client, story, sorani_story
):
    for article in (story, sorani_story):
        old = f"/stories/{article.pk}/{article.slug}/"
        response = client.get(old, {"comments": "2", "utm_source": "newsletter"})
        assert response.status_code == 301, old
        assert response["Location"] == (
            f"{article.get_absolute_url()}?comments=2&utm_source=newsletter"
        )
        # A stale slug and the short form go to the same place.
        for other in (f"/stories/{article.pk}/an-old-slug/", f"/stories/{article.pk}/"):
            moved = client.get(other)
            assert moved.status_code == 301, other
            assert moved["Location"] == article.get_absolute_url()
        assert client.get(moved["Location"]).status_code == 200
    assert sorani_story.get_absolute_url().startswith(f"/ckb/stories/{sorani_story.pk}/")
    assert story.get_absolute_url() == f"/en/stories/{story.pk}/harbour-dredging/"


def test_a_hidden_story_s_old_address_is_not_found(client):
    draft = make_article(headline="Not for readers yet", published=False)
    assert client.get(f"/stories/{draft.pk}/{draft.slug}/").status_code == 404
    assert client.get("/stories/999999/nothing/").status_code == 404


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/section/coast/", "/en/section/coast/"),
        ("/section/coast/?page=1", "/en/section/coast/?page=1"),
        ("/tag/harbour/", "/en/tag/harbour/"),
        ("/author/ines-carvalho/", "/en/author/ines-carvalho/"),
        ("/feed/", "/en/feed/"),
        ("/feed/atom/", "/en/feed/atom/"),
        ("/section/coast/feed/", "/en/section/coast/feed/"),
        ("/sitemap-news.xml", "/en/sitemap-news.xml"),
        ("/corrections/", "/en/corrections/"),
        ("/search/?q=harbour", "/en/search/?q=harbour"),
    ],
)
def test_old_pages_answer_301_to_the_default_edition(client, story, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new
    assert client.get(new).status_code == 200, new


def test_the_old_sitemap_address_indexes_every_edition_s_sitemaps(client, story):
    # Crawlers that knew /sitemap.xml still find the English stories, and now every
    # edition's (it lists each edition's sitemaps: an index may not list an index).
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [
        urlsplit(node.firstChild.data).path
        for node in minidom.parseString(response.content).getElementsByTagName("loc")
    ]
    for code, _, _ in EDITIONS:
        assert f"/{code}/sitemap-stories.xml" in locations, code
    stories = client.get("/en/sitemap-stories.xml").content.decode()
    assert story.get_absolute_url() in stories


def test_an_old_share_link_reaches_the_draft(client, editor):
    from articles.editorial import share_links

    draft = make_article(headline="Port authority weighs night dredging", published=False)
    link = share_links.create_share_link(article=draft, by=editor, label="Dr. Okafor")
    token = link.get_absolute_url().split("/")[-2]
    response = client.get(f"/preview/{token}/")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200


# "/": choose an edition ----------------------------------------------------------------------


class EditionLinks(HTMLParser):
    """The chooser's entries: (lang, dir, link text, href) of each list item."""

    def __init__(self):
        super().__init__()
        self.entries, self._item, self._link = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "lang" in attrs:
            self._item = [attrs["lang"], attrs.get("dir"), "", None]
        elif tag == "a" and self._item is not None:
            self._item[3] = attrs.get("href")
            self._link = True

    def handle_data(self, data):
        if self._link:
            self._item[2] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None
        elif tag == "li" and self._item is not None:
            self.entries.append(tuple(self._item))
            self._item = None


def test_the_root_lists_every_edition_by_its_own_name(client):
    response = client.get("/")
    assert response.status_code == 200
    parser = EditionLinks()
    parser.feed(response.content.decode())
    assert parser.entries == [
        (code, direction, name, f"/{code}/") for code, direction, name in EDITIONS
    ]
    for code, _, _ in EDITIONS:
        assert client.get(f"/{code}/").status_code == 200, code


def test_the_root_is_one_cached_page_for_every_reader(client):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    for headers in (
        {},
        {"Accept-Language": "ckb,ar;q=0.8"},
        {"Cookie": f"{settings.LANGUAGE_COOKIE_NAME}=ar"},
    ):
        with CaptureQueriesContext(connection) as queries:
            again = client.get("/", headers=headers)
        assert again["X-Page-Cache"] == "hit", headers
        assert len(queries) == 0, headers
        assert again.content == first.content, headers
    for response in (first, again):
        vary = response.get("Vary", "")
        assert "Cookie" not in vary and "Accept-Language" not in vary, vary
        assert not response.cookies
        control = response["Cache-Control"]
        for part in ("public", "max-age=", "s-maxage="):
            assert part in control, control


def test_staff_get_the_root_without_the_cache(story):
    staff = Client()
    staff.force_login(make_staff("editor", group="Editor"))
    assert staff.get("/")["X-Page-Cache"] == "bypass"


# A story under its own edition's prefix --------------------------------------------------------


def test_a_story_asked_for_under_another_edition_answers_301_to_its_own(
    client, story, sorani_story
):
    for article, others in ((story, ["ckb", "ar", "kmr"]), (sorani_story, ["en", "ar", "kmr"])):
        for code in others:
            wrong = f"/{code}/stories/{article.pk}/{quote(article.slug)}/"
            response = client.get(wrong)
            assert response.status_code == 301, wrong
            assert response["Location"] == article.get_absolute_url()
        assert client.get(article.get_absolute_url()).status_code == 200


def test_a_sorani_story_gets_an_address_in_its_own_script(client, sorani_story):
    slug = sorani_story.slug
    assert slug == slugify(SORANI_HEADLINE, allow_unicode=True)
    assert ARABIC_SCRIPT.search(slug) and not re.search(r"[a-z]", slug)

    page = client.get(f"/ckb/stories/{sorani_story.pk}/{slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert SORANI_HEADLINE in html
    root = html_root(html)
    assert (root["lang"], root["dir"]) == ("ckb", "rtl")
    # The address it is linked by is the same one, percent-encoded.
    assert sorani_story.get_absolute_url() == f"/ckb/stories/{sorani_story.pk}/{quote(slug)}/"
    assert client.get(sorani_story.get_absolute_url()).status_code == 200
    # The Sorani front page lists it; the English one does not.
    assert SORANI_HEADLINE in client.get("/ckb/").content.decode()
    assert SORANI_HEADLINE not in client.get("/en/").content.decode()


def test_a_section_and_tag_in_arabic_script_work_end_to_end(client, editor_client):
    # The section, as an editor adds it in the admin.
    response = editor_client.post(
        "/admin/articles/section/add/",
        {"edition": "ckb", "name": "ئابووری", "slug": "ئابووری", "description": "", "position": 3},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    section = Section.objects.get(edition="ckb", slug="ئابووری")
    article = make_article(
        headline="نرخی ماسی لە بازاڕ دابەزی",
        slug="",
        edition="ckb",
        section=section,
        authors=[make_author(name="کاوە ڕەسوڵ", slug="kawa-rasul")],
        tags=["بازاڕ"],
    )
    tag = article.tags.get()
    assert tag.slug == "بازاڕ"
    section_url = section.get_absolute_url()
    tag_url = reverse_in("ckb", "articles:tag", slug=tag.slug)
    assert section_url == f"/ckb/section/{quote('ئابووری')}/"
    assert tag_url == f"/ckb/tag/{quote('بازاڕ')}/"

    story = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{section_url}"' in story and f'href="{tag_url}"' in story
    for url in (section_url, tag_url, "/ckb/section/ئابووری/", "/ckb/tag/بازاڕ/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert article.headline in page.content.decode(), url
    for url in (f"{section_url}feed/", f"{tag_url}feed/atom/"):
        feed = feedparser.parse(client.get(url).content)
        assert [entry.title for entry in feed.entries] == [article.headline], url
    # Another edition has no such section, and lists none of the tag's Sorani stories.
    assert client.get(f"/en/section/{quote('ئابووری')}/").status_code == 404
    assert article.headline not in client.get(f"/en/tag/{quote('بازاڕ')}/").content.decode()


# Language and direction ---------------------------------------------------------------------


@pytest.mark.parametrize(("code", "direction", "name"), EDITIONS, ids=[e[0] for e in EDITIONS])
def test_each_edition_s_pages_declare_its_language_and_direction(
    client, story, code, direction, name
):
    for url in (f"/{code}/", f"/{code}/corrections/", f"/{code}/search/"):
        root = html_root(client.get(url).content.decode())
        assert (root["lang"], root["dir"]) == (code, direction), url


def test_the_admin_speaks_the_staff_member_s_language(editor_client):
    english = editor_client.get("/admin/").content.decode()
    assert (html_root(english)["lang"], html_root(english)["dir"]) == ("en", "ltr")

    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ckb"
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    sorani = response.content.decode()
    assert (html_root(sorani)["lang"], html_root(sorani)["dir"]) == ("ckb", "rtl")
    assert "Cookie" in response["Vary"]
