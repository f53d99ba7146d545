"""
What editors paste (Word's control characters, markup in plain-text fields), tags
in any script, and filters no reader would type: every page, feed and sitemap
still answers, XML stays well-formed and plain text reaches feed readers as text.
"""

import html
from xml.dom import minidom

import feedparser
import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import Article, Author, Section
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

# U+000B is what Word pastes for Shift+Enter; the rest are as hostile.
CONTROL_CHARACTERS = ["\x0b", "\x08", "\x0c", "\x1b", "\uffff"]


def feeds_of(article):
    author = article.bylines.get().author
    tag = article.tags.get()
    return [
        "/en/feed/",
        "/en/feed/atom/",
        f"/en/section/{article.section.slug}/feed/",
        f"/en/section/{article.section.slug}/feed/atom/",
        f"/en/tag/{tag.slug}/feed/",
        f"/en/tag/{tag.slug}/feed/atom/",
        f"/en/author/{author.slug}/feed/",
        f"/en/author/{author.slug}/feed/atom/",
    ]


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_feeds_and_news_sitemap_stay_well_formed_whatever_a_row_holds(client, character):
    article = make_article(authors=[make_author()], tags=["Harbour"])
    # Stored as-is, past every form and save() (an old row, raw SQL, a restore).
    Article.objects.filter(pk=article.pk).update(
        headline=f"Ferry{character}returns", dek=f"Dek{character}line"
    )
    Author.objects.filter(bylines__article=article).update(name=f"Mara{character}Lind")

    for url in [*feeds_of(article), "/en/sitemap-news.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        minidom.parseString(response.content)  # raises on ill-formed XML
        assert b"Ferryreturns" in response.content, url


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_pasted_control_characters_are_cleaned_when_saved(character):
    section = make_section(name=f"City{character}Desk")
    article = make_article(
        section=section, headline=f"Ferry{character}returns", dek=f"First{character}second"
    )
    article.refresh_from_db()
    section.refresh_from_db()
    if character in "\x0b\x0c":
        # A line break in Word: a space in a one-line field, a new line in a longer one.
        assert article.headline == "Ferry returns"
        assert article.dek == "First\nsecond"
        assert section.name == "City Desk"
    else:
        assert article.headline == "Ferryreturns"
        assert article.dek == "Firstsecond"
        assert section.name == "CityDesk"


@pytest.mark.parametrize("name", ["Zürich", "日本", "هەولێر", "کوردستان", "!!!"])
def test_tags_in_any_script_work_end_to_end(client, name):
    article = make_article(authors=[make_author()], tags=[name])
    tag = article.tags.get()
    assert tag.slug  # an address for every tag, "!!!" included

    story = client.get(article.get_absolute_url())
    assert story.status_code == 200
    tag_url = reverse("articles:tag", kwargs={"slug": tag.slug})  # percent-encoded
    assert f'href="{tag_url}"' in story.content.decode()

    tag_page = client.get(tag_url)
    assert tag_page.status_code == 200
    assert article.headline in tag_page.content.decode()

    for url in (f"{tag_url}feed/", f"{tag_url}feed/atom/"):
        feed = feedparser.parse(client.get(url).content)
        assert [entry.title for entry in feed.entries] == [article.headline]

    sitemap = client.get("/en/sitemap-tags.xml")
    assert sitemap.status_code == 200
    locations = [
        node.firstChild.data
        for node in minidom.parseString(sitemap.content).getElementsByTagName("loc")
    ]
    assert any(location.endswith(tag_url) for location in locations)


MARKUP = "<img src=x onerror=alert(1)>"


def seen_by_reader(detail):
    """The text a feed reader shows for a field: HTML is rendered, text shown as it is."""
    if detail.type == "text/plain":
        return detail.value
    # Markup the reader would render (an <img>) shows no text at all.
    return html.unescape(strip_tags(detail.value))


@pytest.mark.parametrize("url", ["/en/feed/", "/en/feed/atom/"])
def test_a_dek_with_markup_reaches_feed_readers_as_text(client, url):
    make_article(dek=MARKUP)

    entry = feedparser.parse(client.get(url).content).entries[0]

    assert seen_by_reader(entry.summary_detail) == MARKUP


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_names_and_descriptions_with_markup_reach_feed_readers_as_text(client, suffix):
    section = make_section(description=MARKUP)
    author = make_author(name="<b>Mara</b>")
    article = make_article(section=section, authors=[author], tags=["<i>ports</i>"])
    tag = article.tags.get()
    tag_url = reverse("articles:tag", kwargs={"slug": tag.slug})

    section_feed = feedparser.parse(client.get(f"/en/section/{section.slug}/{suffix}").content)
    assert seen_by_reader(section_feed.feed.subtitle_detail) == MARKUP
    tag_feed = feedparser.parse(client.get(f"{tag_url}{suffix}").content)
    assert "<i>ports</i>" in seen_by_reader(tag_feed.feed.subtitle_detail)
    author_feed = feedparser.parse(client.get(f"/en/author/{author.slug}/{suffix}").content)
    assert "<b>Mara</b>" in seen_by_reader(author_feed.feed.subtitle_detail)


@pytest.mark.parametrize(
    "query",
    [
        "q=harbour&until=9999-12-31",
        "q=harbour&since=0001-01-01",
        "q=harbour&since=9999-12-31&until=9999-12-31",
        "q=harbour&until=2024-02-30",
        "q=harbour&since=" + "9" * 40,
    ],
)
def test_search_filters_no_reader_would_type_get_a_message_not_an_error(client, query):
    make_article(headline="Harbour ferry returns")

    response = client.get(f"/en/search/?{query}")

    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_section_in_any_script_has_an_address(client):
    section = Section.objects.create(name="هەولێر", slug="هەولێر")
    make_article(section=section, headline="Erbil market reopens")

    assert client.get(section.get_absolute_url()).status_code == 200


def test_a_tag_stored_with_an_empty_slug_gets_an_address_on_migrating(client):
    from importlib import import_module

    from django.apps import apps
    from taggit.models import Tag

    article = make_article(tags=["???"])
    Tag.objects.update(slug="")  # as taggit stored such a tag before the fallback

    migration = import_module("articles.migrations.0008_tag_fallback_slugs")
    migration.give_empty_slugs_a_fallback(apps, None)

    tag = Tag.objects.get()
    assert tag.slug.startswith("tag-")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(reverse("articles:tag", kwargs={"slug": tag.slug})).status_code == 200


def test_a_tag_too_long_for_its_column_is_refused_with_a_message_and_the_form_kept(
    editor_client,
):
    from tests.factories import article_form, management

    section = make_section()
    data = article_form(section, new_tags="x" * 20000)
    data |= management("bylines", 0) | management("interview", 0)

    response = editor_client.post("/admin/articles/article/add/", data)

    assert response.status_code == 200
    assert "A tag can be at most 100 characters long" in response.content.decode()
    assert not Article.objects.exists()


def test_a_tag_whose_letters_normalise_past_the_slug_column_still_gets_an_address(client):
    # U+FDFA is one character that slugifies (NFKC) into eighteen.
    article = make_article(tags=["\ufdfa" * 10])
    tag = article.tags.get()
    assert len(tag.slug) <= 100
    assert client.get(reverse("articles:tag", kwargs={"slug": tag.slug})).status_code == 200
