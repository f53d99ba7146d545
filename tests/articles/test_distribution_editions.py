"""
Distribution per edition: every edition's feeds, sitemaps and story pages say its
language, list its own stories, and name their counterparts in the other editions
both ways (docs/editions.md). Everything machine-read is parsed with an XML parser,
as a feed reader or a crawler would.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.discovery import sitemaps
from articles.editions import registry as editions
from articles.editions.models import StoryGroup
from articles.editorial import workflow
from articles.models import Article, Section
from tests.articles.test_query_budgets import STORY_PAGE_QUERIES
from tests.factories import make_article, make_author, make_section, make_staff

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORIGIN = "http://testserver"

# What each edition is announced as (docs/editions.md).
CODES = {
    "en": {"hreflang": "en", "og": "en_US"},
    "ckb": {"hreflang": "ckb", "og": "cb_IQ"},
    "ar": {"hreflang": "ar", "og": "ar_AR"},
    "kmr": {"hreflang": "kmr", "og": "ku_TR"},
}

# Original headlines, one per edition.
HEADLINES = {
    "en": "Harbour council approves the new ferry pier",
    "ckb": "ئەنجومەنی بەندەر پردی نوێی کەشتی پەسەند کرد",
    "ar": "مجلس الميناء يوافق على رصيف العبّارات الجديد",
    "kmr": "Meclîsa benderê îskeleya nû ya keştiyan pejirand",
}


def section_of(code):
    """The edition's news section, named in its language (its slug in its script)."""
    names = {"en": "News", "ckb": "هەواڵ", "ar": "أخبار", "kmr": "Nûçe"}
    found = Section.objects.filter(edition=code, name=names[code]).first()
    return found or make_section(edition=code, name=names[code], slug=names[code].lower())


@pytest.fixture
def desks():
    """A story in every edition, all of one event; the Sorani one translates the English."""
    group = StoryGroup.objects.create(name="Ferry pier vote")
    writer = make_author(name="Shirin Ahmed", slug="shirin-ahmed")
    stories = {}
    for code in CODES:
        stories[code] = make_article(
            edition=code,
            headline=HEADLINES[code],
            section=section_of(code),
            authors=[writer],
            tags=["Harbour"],
            story_group=group,
        )
    stories["ckb"].translation_of = stories["en"]
    stories["ckb"].save()
    return stories


def absolute(article):
    return ORIGIN + article.get_absolute_url()


# Pages, as a crawler reads their heads ---------------------------------------------------------


class Head(HTMLParser):
    """hreflang links, meta properties and JSON-LD of a page."""

    def __init__(self):
        super().__init__()
        self.alternates, self.meta, self.json_ld = [], {}, []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates.append((attrs["hreflang"], attrs["href"]))
        elif tag == "meta" and "property" in attrs:
            self.meta.setdefault(attrs["property"], []).append(attrs.get("content"))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json = True

    def handle_data(self, data):
        if self._in_json:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    head = Head()
    head.feed(response.content.decode())
    return head


def test_a_story_names_itself_and_each_counterpart_with_x_default(client, desks):
    head = head_of(client, desks["ckb"].get_absolute_url())
    assert head.alternates == [
        *((CODES[code]["hreflang"], absolute(desks[code])) for code in CODES),
        ("x-default", absolute(desks["en"])),
    ]


def test_hreflang_links_are_reciprocal_between_english_and_sorani(client):
    group = StoryGroup.objects.create()
    english = make_article(edition="en", headline=HEADLINES["en"], story_group=group)
    sorani = make_article(
        edition="ckb",
        headline=HEADLINES["ckb"],
        section=section_of("ckb"),
        story_group=group,
        translation_of=english,
    )
    en_links = dict(head_of(client, english.get_absolute_url()).alternates)
    ckb_links = dict(head_of(client, sorani.get_absolute_url()).alternates)
    # Each names the other, by an absolute address, and itself.
    assert en_links["ckb"] == absolute(sorani) and ckb_links["en"] == absolute(english)
    assert en_links["en"] == absolute(english) and ckb_links["ckb"] == absolute(sorani)
    assert en_links["ckb"].startswith("http://testserver/ckb/stories/")
    # Both send a reader with another language to the same page: the English story.
    assert en_links["x-default"] == ckb_links["x-default"] == absolute(english)
    assert en_links == ckb_links


def test_every_alternate_links_back(client, desks):
    for story in desks.values():
        url = absolute(story)
        for hreflang, href in head_of(client, story.get_absolute_url()).alternates:
            back = dict(head_of(client, href.removeprefix(ORIGIN)).alternates)
            assert url in back.values(), (url, hreflang, href)


def test_x_default_is_the_first_edition_when_the_group_has_no_english_story(client):
    group = StoryGroup.objects.create()
    arabic = make_article(edition="ar", section=section_of("ar"), story_group=group)
    sorani = make_article(edition="ckb", section=section_of("ckb"), story_group=group)
    for story in (arabic, sorani):
        links = dict(head_of(client, story.get_absolute_url()).alternates)
        assert links["x-default"] == absolute(sorani)  # ckb comes before ar


def test_a_story_without_counterparts_is_its_own_alternate(client):
    story = make_article(edition="kmr", section=section_of("kmr"))
    assert head_of(client, story.get_absolute_url()).alternates == [
        ("kmr", absolute(story)),
        ("x-default", absolute(story)),
    ]


def test_unpublished_counterparts_are_never_named(client, desks):
    desks["ar"].status = Article.Status.DRAFT
    desks["ar"].save()
    desks["kmr"].published_at = timezone.now() + timedelta(hours=2)  # scheduled
    desks["kmr"].save()
    head = head_of(client, desks["en"].get_absolute_url())
    assert [code for code, _ in head.alternates] == ["en", "ckb", "x-default"]
    assert head.meta["og:locale:alternate"] == ["cb_IQ"]
    body = client.get(desks["en"].get_absolute_url()).content.decode()
    assert "/ar/stories/" not in body and "/kmr/stories/" not in body


def test_a_preview_names_no_alternates(client, desks):
    draft = make_article(
        edition="ckb",
        section=section_of("ckb"),
        story_group=StoryGroup.objects.create(),
        published=False,
    )
    client.force_login(make_staff("desk-editor", group="Editor"))
    assert head_of(client, draft.get_absolute_url()).alternates == []


def test_counterparts_cost_one_query_and_the_budget_is_the_same_in_every_edition(client):
    def queries(story):
        cache.clear()  # a cold page: neither the page nor its shell stored
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.get_absolute_url()).status_code == 200
        return len(captured)

    alone = {code: make_article(edition=code, section=section_of(code)) for code in CODES}
    budget = queries(alone["en"])
    assert budget <= STORY_PAGE_QUERIES  # no interview, no tags: fewer than the full budget
    assert {code: queries(story) for code, story in alone.items()} == dict.fromkeys(CODES, budget)
    group = StoryGroup.objects.create()
    linked = {}
    for code in CODES:
        linked[code] = make_article(edition=code, section=alone[code].section, story_group=group)
    assert {code: queries(story) for code, story in linked.items()} == dict.fromkeys(
        CODES, budget + 1
    )


# JSON-LD and Open Graph -----------------------------------------------------------------------


def test_json_ld_says_each_story_language_and_links_translations_both_ways(client, desks):
    ld = {code: head_of(client, s.get_absolute_url()).json_ld[0] for code, s in desks.items()}
    for code, data in ld.items():
        assert data["inLanguage"] == CODES[code]["hreflang"]
        assert data["url"] == absolute(desks[code])
    assert ld["ckb"]["translationOfWork"] == {
        "@type": "NewsArticle",
        "url": absolute(desks["en"]),
        "headline": HEADLINES["en"],
        "inLanguage": "en",
    }
    assert ld["en"]["workTranslation"] == [
        {
            "@type": "NewsArticle",
            "url": absolute(desks["ckb"]),
            "headline": HEADLINES["ckb"],
            "inLanguage": "ckb",
        }
    ]
    # Counterparts that are not translations are not called translations.
    for code in ("ar", "kmr"):
        assert "translationOfWork" not in ld[code] and "workTranslation" not in ld[code]
    assert "translationOfWork" not in ld["en"]


def test_an_unpublished_translation_is_not_linked_from_its_source(client, desks):
    workflow.unpublish_article(article=desks["ckb"])
    data = head_of(client, desks["en"].get_absolute_url()).json_ld[0]
    assert "workTranslation" not in data


def test_json_ld_times_are_in_the_story_edition_zone(client, desks):
    for code, story in desks.items():
        data = head_of(client, story.get_absolute_url()).json_ld[0]
        zone = editions.get(code).zone
        assert data["datePublished"] == timezone.localtime(story.published_at, zone).isoformat()


def test_open_graph_gives_the_edition_locale_and_the_counterparts(client, desks):
    for code, story in desks.items():
        meta = head_of(client, story.get_absolute_url()).meta
        assert meta["og:locale"] == [CODES[code]["og"]]
        others = [CODES[other]["og"] for other in CODES if other != code]
        assert meta["og:locale:alternate"] == others


def test_front_pages_name_every_edition_front_and_the_chooser(rf):
    request = rf.get("/ckb/")
    html = (
        engines["django"]
        .from_string(
            "{% load discovery_tags %}{% edition_alternates as alternates %}"
            '{% include "includes/alternates.html" %}'
        )
        .render({"request": request})
    )
    head = Head()
    head.feed(html)
    assert head.alternates == [
        ("en", f"{ORIGIN}/en/"),
        ("ckb", f"{ORIGIN}/ckb/"),
        ("ar", f"{ORIGIN}/ar/"),
        ("kmr", f"{ORIGIN}/kmr/"),
        ("x-default", f"{ORIGIN}/"),
    ]


# Feeds ----------------------------------------------------------------------------------------


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)  # well-formed XML, or this raises


def rss_titles(root):
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(root):
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


@pytest.mark.parametrize("code", list(CODES))
def test_every_edition_feed_parses_says_its_language_and_lists_its_stories(client, desks, code):
    rss = parse(client, f"/{code}/feed/")
    assert rss.findtext("channel/language") == CODES[code]["hreflang"]
    assert rss_titles(rss) == [HEADLINES[code]]
    assert rss.findtext("channel/link") == f"{ORIGIN}/{code}/"
    atom = parse(client, f"/{code}/feed/atom/")
    assert atom.get(XML_LANG) == CODES[code]["hreflang"]
    assert atom_titles(atom) == [HEADLINES[code]]


@pytest.mark.parametrize("code", list(CODES))
def test_section_tag_and_author_feeds_keep_to_their_edition(client, desks, code):
    section = desks[code].section
    for path in (
        f"/{code}/section/{section.slug}/feed/",
        f"/{code}/tag/harbour/feed/",
        f"/{code}/author/shirin-ahmed/feed/",
    ):
        root = parse(client, path)
        assert root.findtext("channel/language") == CODES[code]["hreflang"], path
        assert rss_titles(root) == [HEADLINES[code]], path
        atom = parse(client, path + "atom/")
        assert atom.get(XML_LANG) == CODES[code]["hreflang"], path
        assert atom_titles(atom) == [HEADLINES[code]], path


def test_a_section_of_another_edition_has_no_feed_here(client, desks):
    sorani = desks["ckb"].section
    assert client.get(f"/en/section/{sorani.slug}/feed/").status_code == 404


def test_feed_titles_and_descriptions_name_the_section_in_its_language(client, desks):
    section = desks["ckb"].section
    root = parse(client, f"/ckb/section/{section.slug}/feed/")
    assert section.name in root.findtext("channel/title")
    assert section.name in root.findtext("channel/description")


def test_a_sorani_feed_with_rtl_marks_and_word_control_characters_still_parses(client):
    # As pasted from Word: RLM/LRM marks, a ZWNJ, a vertical tab, a form feed, a stray
    # C0 control and a byte-order mark inside the words; written past the input rule
    # (an older row, an import), so the feed alone must keep the XML well-formed.
    typed = "\u200fکۆبوونەوەی\u200c ئەنجومەن\x0bلە\x0c\u200eHewlêr\u200e\x01\ufeff دەستی پێکرد"
    story = make_article(edition="ckb", section=section_of("ckb"))
    Article.objects.filter(pk=story.pk).update(headline=typed, dek=f"«{typed}»")
    # Kept: the marks, the joiner, the BOM (XML allows them); left out: what XML 1.0 forbids.
    shown = "\u200fکۆبوونەوەی\u200c ئەنجومەنلە\u200eHewlêr\u200e\ufeff دەستی پێکرد"
    rss = parse(client, "/ckb/feed/")
    assert rss_titles(rss) == [shown]
    assert rss.findtext("channel/item/description") == f"«{shown}»"
    atom = parse(client, "/ckb/feed/atom/")
    assert atom_titles(atom) == [shown]
    news = parse(client, "/ckb/sitemap-news.xml")
    assert news.findtext(f".//{NEWS}title") == shown


# Sitemaps -------------------------------------------------------------------------------------


def locations(root):
    return [node.text for node in root.iter(f"{SITEMAP}loc")]


@pytest.mark.parametrize("code", list(CODES))
def test_every_edition_sitemaps_parse_and_list_only_its_pages(client, desks, code):
    index = parse(client, f"/{code}/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    listed = locations(index)
    assert listed == [
        f"{ORIGIN}/{code}/sitemap-{name}.xml"
        for name in ("stories", "sections", "tags", "authors", "news")
    ]
    assert len(list(index.iter(f"{SITEMAP}lastmod"))) == 5
    for url in listed:
        root = parse(client, url.removeprefix(ORIGIN))
        assert root.tag == f"{SITEMAP}urlset", url
        pages = locations(root)
        assert pages, url
        assert all(page.startswith(f"{ORIGIN}/{code}/") for page in pages), (url, pages)
    assert locations(parse(client, f"/{code}/sitemap-stories.xml")) == [absolute(desks[code])]


@pytest.mark.parametrize("code", list(CODES))
def test_the_news_sitemap_gives_each_story_its_edition_language(client, desks, code):
    root = parse(client, f"/{code}/sitemap-news.xml")
    (url,) = root.findall(f"{SITEMAP}url")
    assert url.findtext(f"{SITEMAP}loc") == absolute(desks[code])
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == CODES[code]["hreflang"]
    assert news.findtext(f"{NEWS}title") == HEADLINES[code]


def sitemap_alternates(client, code):
    """{story URL: [(hreflang, href), ...]} of an edition's stories sitemap."""
    root = parse(client, f"/{code}/sitemap-stories.xml")
    return {
        url.findtext(f"{SITEMAP}loc"): [
            (link.get("hreflang"), link.get("href")) for link in url.iter(f"{XHTML}link")
        ]
        for url in root.iter(f"{SITEMAP}url")
    }


def test_sitemap_alternates_are_reciprocal_and_match_the_pages(client, desks):
    seen = {}
    for code in CODES:
        seen.update(sitemap_alternates(client, code))
    for url, links in seen.items():
        assert links[-1] == ("x-default", absolute(desks["en"]))
        for hreflang, href in links:
            assert url in dict(seen[href]).values(), (url, hreflang, href)
        page = head_of(client, url.removeprefix(ORIGIN)).alternates
        assert page == links, url


def test_a_story_without_published_counterparts_has_no_sitemap_alternates(client, desks):
    alone = make_article(edition="en", section=desks["en"].section)
    draft_group = StoryGroup.objects.create()
    drafted = make_article(edition="en", section=desks["en"].section, story_group=draft_group)
    make_article(
        edition="ckb", section=desks["ckb"].section, story_group=draft_group, published=False
    )
    links = sitemap_alternates(client, "en")
    assert links[absolute(alone)] == [] and links[absolute(drafted)] == []
    assert len(links[absolute(desks["en"])]) == len(CODES) + 1


def test_the_sitemaps_of_a_page_of_stories_cost_one_query_for_all_alternates(client, desks):
    for _ in range(6):
        group = StoryGroup.objects.create()
        make_article(edition="en", section=desks["en"].section, story_group=group)
        make_article(edition="ckb", section=desks["ckb"].section, story_group=group)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            parse(client, "/en/sitemap-stories.xml")
        return len(captured)

    few = queries()
    for _ in range(6):
        group = StoryGroup.objects.create()
        make_article(edition="en", section=desks["en"].section, story_group=group)
        make_article(edition="ar", section=desks["ar"].section, story_group=group)
    cache.clear()
    assert queries() == few


def test_the_root_index_lists_every_edition_sitemaps_in_four_queries(desks):
    request = RequestFactory().get("/sitemap.xml")
    request.edition = editions.default()  # as EditionMiddleware sets it outside the prefixes
    with CaptureQueriesContext(connection) as captured:
        response = sitemaps.all_editions_index(request)
        response.render()
    assert len(captured) == 4
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    assert locations(root) == [
        f"{ORIGIN}/{code}/sitemap-{name}.xml"
        for code in CODES
        for name in ("stories", "sections", "tags", "authors", "news")
    ]


def test_the_index_pages_a_big_sitemap_as_django_would(client, desks, monkeypatch):
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 2)
    for _ in range(4):
        make_article(edition="ckb", section=desks["ckb"].section)
    listed = locations(parse(client, "/ckb/sitemap.xml"))
    stories = f"{ORIGIN}/ckb/sitemap-stories.xml"
    assert [url for url in listed if url.startswith(stories)] == [
        stories,
        f"{stories}?p=2",
        f"{stories}?p=3",
    ]
    assert client.get("/ckb/sitemap-stories.xml?p=3").status_code == 200
    assert client.get("/ckb/sitemap-stories.xml?p=4").status_code == 404


def test_robots_txt_names_every_edition_sitemaps(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    for code in CODES:
        assert f"Sitemap: {ORIGIN}/{code}/sitemap.xml" in lines
        assert f"Sitemap: {ORIGIN}/{code}/sitemap-news.xml" in lines
        assert f"Disallow: /{code}/search/" in lines


# The page cache -------------------------------------------------------------------------------


def test_a_counterpart_published_later_shows_on_the_cached_story_at_once(client, desks):
    english = desks["en"]
    assert client.get(english.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(english.get_absolute_url())["X-Page-Cache"] == "hit"
    late = make_article(
        edition="kmr",
        section=desks["kmr"].section,
        headline="Çîrokeke nû ya heman bûyerê",
        published=False,
    )
    group = english.story_group
    desks["kmr"].delete()
    late.story_group = group
    late.save()
    workflow.publish_article(article=late)
    links = dict(head_of(client, english.get_absolute_url()).alternates)
    assert links["kmr"] == absolute(late)


def test_a_scheduled_counterpart_shows_on_the_cached_story_when_it_goes_live(
    client, desks, monkeypatch
):
    english = desks["en"]
    soon = timezone.now() + timedelta(seconds=90)
    desks["ar"].published_at = soon
    desks["ar"].save()
    assert "ar" not in dict(head_of(client, english.get_absolute_url()).alternates)
    assert client.get(english.get_absolute_url())["X-Page-Cache"] == "hit"
    # No write happens when it goes live: the cached page and its shell expire then.
    later = soon + timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", later.timestamp)
    assert dict(head_of(client, english.get_absolute_url()).alternates)["ar"] == absolute(
        desks["ar"]
    )


def test_a_counterpart_taken_out_of_the_group_leaves_the_cached_story_at_once(client, desks):
    english = desks["en"]
    client.get(english.get_absolute_url())
    desks["ar"].story_group = None
    desks["ar"].save()
    assert "ar" not in dict(head_of(client, english.get_absolute_url()).alternates)


def test_a_deleted_group_leaves_the_cached_stories_at_once(client, desks):
    english = desks["en"]
    client.get(english.get_absolute_url())
    english.story_group.delete()
    assert [code for code, _ in head_of(client, english.get_absolute_url()).alternates] == [
        "en",
        "x-default",
    ]


def test_direction_marks_survive_in_json_ld_and_nothing_closes_its_script(client):
    story = make_article(
        edition="ar",
        section=section_of("ar"),
        headline="\u200fمجلس الميناء\u200f يجتمع </script><b>اليوم</b>",
    )
    page = client.get(story.get_absolute_url()).content.decode()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(script)["headline"] == story.headline
    assert json.loads(script)["inLanguage"] == "ar"


def test_the_root_sitemap_is_the_index_of_every_edition(client, desks):
    root = parse(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    assert {url.split("/")[3] for url in locations(root)} == set(CODES)
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in client.get("/robots.txt").content.decode()
    # The old addresses of the sitemaps still lead to the default edition's.
    old = client.get("/sitemap-news.xml")
    assert old.status_code == 301 and old["Location"] == "/en/sitemap-news.xml"
