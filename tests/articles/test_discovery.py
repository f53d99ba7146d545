"""
Feeds, sitemaps, robots.txt, structured data and sharing: what feed readers,
search engines, aggregators and link previews read. None of it may name a story
readers cannot open.
"""

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from articles.discovery.structured_data import news_article
from articles.models import Article
from tests.factories import image_upload, make_article, make_author, make_section

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
HOSTILE = 'Mayor says "no" to </script><script>alert(1)</script> & <b>tags</b>'


@pytest.fixture
def newsroom():
    news = make_section(name="News", slug="news", description="What happened today.")
    ines = make_author(
        name="Ines Carvalho",
        slug="ines",
        handle="@ines@social.example",
        profile_url="https://social.example/@ines",
        website="https://ines.example",
    )
    tomas = make_author(name="Tomas Reyes", slug="tomas")
    guest = make_author(name="Guest Only", slug="guest")
    story = make_article(
        headline="Harbour dredging to begin in spring",
        slug="harbour-dredging",
        dek="Boats will use the north quay for six weeks.",
        dateline="PORT ELIN, Norway",
        section=news,
        authors=[ines, tomas],
        tags=["Harbour", "Port Elin"],
        hero_image=image_upload(),
        hero_alt="A dredger at the harbour wall",
        hero_caption="The dredger arrived on Monday.",
    )
    old = make_article(
        headline="Ferry timetable for winter",
        section=news,
        authors=[tomas],
        tags=["Ferries"],
        published_at=timezone.now() - timedelta(days=5),
    )
    hidden = [
        make_article(
            headline="Draft about a secret merger",
            section=news,
            authors=[guest],
            tags=["Secret merger"],
            published=False,
        ),
        make_article(
            headline="Scheduled budget story",
            section=news,
            authors=[ines],
            tags=["Harbour", "Embargoed topic"],
            published_at=timezone.now() + timedelta(hours=3),
        ),
        make_article(
            headline="Unpublished correction story",
            section=news,
            status=Article.Status.UNPUBLISHED,
            published_at=timezone.now() - timedelta(hours=2),
        ),
    ]
    return {"story": story, "old": old, "hidden": hidden, "ines": ines, "tomas": tomas}


# Feeds --------------------------------------------------------------------------------------

FEEDS = [
    "/en/feed/",
    "/en/feed/atom/",
    "/en/section/news/feed/",
    "/en/section/news/feed/atom/",
    "/en/tag/harbour/feed/",
    "/en/tag/harbour/feed/atom/",
    "/en/author/ines/feed/",
    "/en/author/ines/feed/atom/",
]


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_parse_and_list_only_public_stories(client, newsroom, url):
    response = client.get(url)
    assert response.status_code == 200
    kind = "atom" if url.endswith("/atom/") else "rss"
    assert response["Content-Type"].startswith(f"application/{kind}+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("atom10" if kind == "atom" else "rss20")
    titles = [entry.title for entry in feed.entries]
    assert "Harbour dredging to begin in spring" in titles
    for hidden in newsroom["hidden"]:
        assert hidden.headline not in response.content.decode()


def test_feed_items_carry_authors_categories_dates_and_stable_ids(client, newsroom):
    story = newsroom["story"]
    for url in ("/en/feed/", "/en/feed/atom/"):
        feed = feedparser.parse(client.get(url).content)
        entry = next(e for e in feed.entries if e.title == story.headline)
        assert entry.link == f"http://testserver{story.get_absolute_url()}"
        # The id survives a change of slug: the short address.
        assert entry.id == f"http://testserver/stories/{story.pk}/"
        assert entry.summary == story.dek
        names = {author.name for author in entry.authors}
        assert names == {"Ines Carvalho", "Tomas Reyes"}
        assert {tag.term for tag in entry.tags} == {"News", "Harbour", "Port Elin"}
        assert entry.published_parsed is not None
        assert "ines@" not in client.get(url).content.decode()  # emails stay private
    atom = feedparser.parse(client.get("/en/feed/atom/").content)
    entry = next(e for e in atom.entries if e.title == story.headline)
    assert {a.get("href") for a in entry.authors} == {
        "http://testserver/en/author/ines/",
        "http://testserver/en/author/tomas/",
    }


def test_narrow_feeds_hold_only_their_stories(client, newsroom):
    titles = lambda url: [e.title for e in feedparser.parse(client.get(url).content).entries]  # noqa: E731
    assert titles("/en/tag/harbour/feed/") == ["Harbour dredging to begin in spring"]
    assert titles("/en/author/tomas/feed/") == [
        "Harbour dredging to begin in spring",
        "Ferry timetable for winter",
    ]
    assert titles("/en/author/guest/feed/") == []
    assert client.get("/en/section/nope/feed/").status_code == 404
    assert client.get("/en/tag/nope/feed/atom/").status_code == 404


def test_a_hostile_headline_stays_text_in_feeds(client):
    make_article(headline=HOSTILE, dek=HOSTILE)
    for url in ("/en/feed/", "/en/feed/atom/"):
        body = client.get(url).content
        ET.fromstring(body)  # well-formed XML
        assert b"<script>" not in body
        # What a feed reader shows: RSS titles are HTML to it, Atom's are text.
        title = feedparser.parse(body).entries[0].title_detail
        shown = title.value
        if title.type != "text/plain":
            shown = html.unescape(strip_tags(title.value))
        assert shown == HOSTILE, url


def test_pages_announce_their_feeds(client, newsroom):
    def alternates(url):
        html = client.get(url).content.decode()
        return re.findall(r'<link rel="alternate" type="application/(?:rss|atom)\+xml"[^>]*>', html)

    front = alternates("/en/")
    assert any('href="/en/feed/"' in link for link in front)
    assert any('href="/en/feed/atom/"' in link for link in front)
    for url, feed in [
        ("/en/section/news/", "/en/section/news/feed/"),
        ("/en/tag/harbour/", "/en/tag/harbour/feed/"),
        ("/en/author/ines/", "/en/author/ines/feed/"),
    ]:
        links = alternates(url)
        assert any(f'href="{feed}"' in link for link in links), url
        assert any(f'href="{feed}atom/"' in link for link in links), url
        assert any('href="/en/feed/"' in link for link in links), url


# Sitemaps and robots.txt ----------------------------------------------------------------------


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)
    return root, [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]


def test_the_sitemap_index_lists_every_sitemap_with_lastmod(client, newsroom):
    root, urls = locations(client, "/en/sitemap.xml")
    assert root.tag == f"{SITEMAP_NS}sitemapindex"
    assert urls == [
        f"http://testserver/en/sitemap-{name}.xml"
        for name in ("stories", "sections", "tags", "authors", "news")
    ]
    assert len(list(root.iter(f"{SITEMAP_NS}lastmod"))) == 5


def test_sitemaps_list_only_what_is_public(client, newsroom):
    story, old = newsroom["story"], newsroom["old"]
    root, stories = locations(client, "/en/sitemap-stories.xml")
    assert root.tag == f"{SITEMAP_NS}urlset"
    assert sorted(stories) == sorted(
        f"http://testserver{a.get_absolute_url()}" for a in (story, old)
    )
    lastmods = [node.text for node in root.iter(f"{SITEMAP_NS}lastmod")]
    assert timezone.localtime(story.modified_at).strftime("%Y-%m-%d") in lastmods

    _, sections = locations(client, "/en/sitemap-sections.xml")
    assert "http://testserver/en/section/news/" in sections
    _, tags = locations(client, "/en/sitemap-tags.xml")
    # A tag or author known only from a draft or a scheduled story stays unknown.
    assert sorted(tags) == [
        "http://testserver/en/tag/ferries/",
        "http://testserver/en/tag/harbour/",
        "http://testserver/en/tag/port-elin/",
    ]
    _, authors = locations(client, "/en/sitemap-authors.xml")
    assert sorted(authors) == [
        "http://testserver/en/author/ines/",
        "http://testserver/en/author/tomas/",
    ]
    for url in ("/en/sitemap-stories.xml", "/en/sitemap-news.xml", "/en/sitemap-tags.xml"):
        body = client.get(url).content.decode()
        for hidden in newsroom["hidden"]:
            assert hidden.get_absolute_url() not in body
        assert "secret" not in body and "embargoed" not in body


def test_the_news_sitemap_holds_the_last_48_hours(client, newsroom, settings):
    settings.NEWSROOM_NAME = "The Harbour & Ledger"
    story = newsroom["story"]
    make_article(headline="Three days old", published_at=timezone.now() - timedelta(days=3))
    response = client.get("/en/sitemap-news.xml")
    root = ET.fromstring(response.content)
    urls = root.findall(f"{SITEMAP_NS}url")
    assert [url.findtext(f"{SITEMAP_NS}loc") for url in urls] == [
        f"http://testserver{story.get_absolute_url()}"
    ]
    news = urls[0].find(f"{NEWS_NS}news")
    assert news.findtext(f"{NEWS_NS}publication/{NEWS_NS}name") == "The Harbour & Ledger"
    assert news.findtext(f"{NEWS_NS}publication/{NEWS_NS}language") == "en"
    assert news.findtext(f"{NEWS_NS}title") == story.headline
    published = news.findtext(f"{NEWS_NS}publication_date")
    assert published == timezone.localtime(story.published_at).isoformat()


def test_a_hostile_headline_stays_text_in_the_news_sitemap(client):
    make_article(headline=HOSTILE)
    root = ET.fromstring(client.get("/en/sitemap-news.xml").content)
    assert root.find(f".//{NEWS_NS}title").text == HOSTILE


def test_robots_txt_points_at_the_sitemaps_and_keeps_crawlers_out_of_the_newsroom(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /moderation/" in lines
    assert "Sitemap: http://testserver/en/sitemap.xml" in lines
    assert "Sitemap: http://testserver/en/sitemap-news.xml" in lines


# Structured data and sharing -------------------------------------------------------------------


class HeadCollector(HTMLParser):
    """The page's meta tags and JSON-LD blocks, as a browser or a crawler reads them."""

    def __init__(self):
        super().__init__()
        self.meta, self.json_ld, self._in_ld = {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content"))
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def head_of(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    collector = HeadCollector()
    collector.feed(response.content.decode())
    return collector, response.content.decode()


def test_story_pages_carry_news_article_json_ld(client, newsroom):
    story = newsroom["story"]
    head, _ = head_of(client, story)
    assert len(head.json_ld) == 1
    data = json.loads(head.json_ld[0])
    url = f"http://testserver{story.get_absolute_url()}"
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert data["description"] == story.dek
    assert data["url"] == url and data["mainEntityOfPage"]["@id"] == url
    assert data["datePublished"] == timezone.localtime(story.published_at).isoformat()
    assert data["dateModified"] == data["datePublished"]  # no "Updated" time shown
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Ines Carvalho",
            "url": "http://testserver/en/author/ines/",
            "sameAs": ["https://social.example/@ines", "https://ines.example"],
        },
        {
            "@type": "Person",
            "name": "Tomas Reyes",
            "url": "http://testserver/en/author/tomas/",
            "sameAs": [newsroom["tomas"].profile_url],
        },
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "The Harbour Ledger"
    assert publisher["logo"]["url"] == "http://testserver/static/img/logo.png"
    assert data["image"][0]["url"] == f"http://testserver{story.hero_image.url}"
    assert data["image"][0]["width"] == 320 and data["image"][0]["height"] == 180
    assert data["articleSection"] == "News"
    assert data["keywords"] == ["Harbour", "Port Elin"]
    assert data["inLanguage"] == "en"
    assert data["dateline"] == "PORT ELIN, Norway"
    assert data["locationCreated"] == {"@type": "Place", "name": "PORT ELIN, Norway"}
    assert "correction" not in data


def test_the_logo_and_share_card_exist(client):
    from django.contrib.staticfiles import finders

    assert finders.find("img/logo.png") and finders.find("img/share.png")


def test_json_ld_shows_the_updated_time_and_accepts_corrections(rf, newsroom):
    story = newsroom["story"]
    story.updated_at = timezone.now()
    story.save()
    request = rf.get("/")
    corrections = [
        {
            "kind": "Correction",
            "text": "An earlier version misspelled the quay.",
            "published_at": timezone.now(),
        },
    ]
    data = news_article(story, request=request, corrections=corrections)
    assert data["dateModified"] == timezone.localtime(story.updated_at).isoformat()
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misspelled the quay.",
            "datePublished": timezone.localtime(corrections[0]["published_at"]).isoformat(),
            "name": "Correction",
        }
    ]


def test_story_pages_carry_open_graph_and_twitter_tags(client, newsroom):
    story = newsroom["story"]
    head, html = head_of(client, story)
    url = f"http://testserver{story.get_absolute_url()}"
    image = f"http://testserver{story.hero_image.url}"
    expected = {
        "og:type": ["article"],
        "og:site_name": ["The Harbour Ledger"],
        "og:title": [story.headline],
        "og:description": [story.dek],
        "og:url": [url],
        "og:image": [image],
        "og:image:alt": ["A dredger at the harbour wall"],
        "article:section": ["News"],
        "article:tag": ["Harbour", "Port Elin"],
        "article:author": [
            "http://testserver/en/author/ines/",
            "http://testserver/en/author/tomas/",
        ],
        "twitter:card": ["summary_large_image"],
        "twitter:title": [story.headline],
        "twitter:image": [image],
        "fediverse:creator": ["@ines@social.example"],
        "description": [story.dek],
    }
    for key, value in expected.items():
        assert head.meta.get(key) == value, key
    assert f'<link rel="canonical" href="{url}">' in html


def test_a_story_without_an_image_previews_the_outlets_card(client):
    head, _ = head_of(client, make_article())
    assert head.meta["og:image"] == ["http://testserver/static/img/share.png"]
    assert head.meta["og:image:width"] == ["1200"]


def test_a_hostile_headline_breaks_out_of_neither_json_ld_nor_meta_tags(client):
    story = make_article(headline=HOSTILE, dek=HOSTILE, dateline='"Quoted" </script> place')
    head, html = head_of(client, story)
    # Exactly the page's own scripts: the external text-size and comment-stamp scripts
    # and one JSON-LD block.
    assert html.count("<script") == 3 and html.count("</script>") == 3
    assert "<script>" not in html and " style=" not in html
    data = json.loads(head.json_ld[0])
    assert data["headline"] == HOSTILE and data["description"] == HOSTILE
    assert data["dateline"] == '"Quoted" </script> place'
    for key in ("og:title", "og:description", "twitter:title", "twitter:description"):
        assert head.meta[key] == [HOSTILE], key


def test_share_links_load_nothing_from_other_sites(client, newsroom):
    story = newsroom["story"]
    html = client.get(story.get_absolute_url()).content.decode()
    share = html.split('<aside class="share"', 1)[1].split("</aside>", 1)[0]
    hrefs = re.findall(r'href="([^"]+)"', share)
    assert any(h.startswith("mailto:?subject=Harbour%20dredging") for h in hrefs)
    assert any(h.startswith("https://bsky.app/intent/compose?text=") for h in hrefs)
    assert any(h.startswith("https://www.facebook.com/sharer/sharer.php?u=http") for h in hrefs)
    assert f"http://testserver{story.get_absolute_url()}" in hrefs  # the "copy link" anchor
    # No third-party script, frame or image anywhere on the page.
    for tag in re.findall(r"<(?:script|iframe|img)\b[^>]*>", html):
        assert "://" not in tag or "testserver" in tag, tag


def test_drafts_previewed_by_staff_show_no_share_links(client, newsroom, editor_client):
    response = editor_client.get(newsroom["hidden"][0].get_absolute_url())
    assert response.status_code == 200
    assert 'class="share"' not in response.content.decode()


# Hero images in feeds and sitemaps ---------------------------------------------------------

MEDIA_NS = "{http://search.yahoo.com/mrss/}"
IMAGE_NS = "{http://www.google.com/schemas/sitemap-image/1.1}"


@pytest.mark.parametrize("url", ["/en/feed/", "/en/feed/atom/", "/en/section/news/feed/atom/"])
def test_feed_readers_get_the_hero_image_of_each_story(client, newsroom, url):
    story, old = newsroom["story"], newsroom["old"]
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.get("bozo_exception")
    entry = next(e for e in feed.entries if e.title == story.headline)
    assert entry.media_content == [
        {
            "url": f"http://testserver{story.hero_image.url}",
            "medium": "image",
            "type": "image/jpeg",
            "width": str(story.hero_width),
            "height": str(story.hero_height),
        }
    ]
    plain = next(e for e in feed.entries if e.title == old.headline)
    assert "media_content" not in plain  # no image, no empty element


def test_the_feed_image_carries_its_alt_text_and_credit_as_text(client, newsroom):
    story = newsroom["story"]
    story.hero_alt = "صورة: جرافة عند جدار الميناء <b>"
    story.hero_credit = "وێنە: ئاراس & Co"
    story.save()
    for url in ("/en/feed/", "/en/feed/atom/"):
        root = ET.fromstring(client.get(url).content)
        media = next(root.iter(f"{MEDIA_NS}content"))
        assert media.get("url") == f"http://testserver{story.hero_image.url}"
        assert media.find(f"{MEDIA_NS}description").text == "صورة: جرافة عند جدار الميناء <b>"
        assert media.find(f"{MEDIA_NS}credit").text == "وێنە: ئاراس & Co"


def test_the_story_sitemap_lists_hero_images(client, newsroom):
    story, old = newsroom["story"], newsroom["old"]
    response = client.get("/en/sitemap-stories.xml")
    assert b'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"' in response.content
    root = ET.fromstring(response.content)
    images = {}
    for url in root.iter(f"{SITEMAP_NS}url"):
        loc = url.find(f"{SITEMAP_NS}loc").text
        images[loc] = [node.text for node in url.iter(f"{IMAGE_NS}loc")]
    assert images == {
        f"http://testserver{story.get_absolute_url()}": [
            f"http://testserver{story.hero_image.url}"
        ],
        f"http://testserver{old.get_absolute_url()}": [],
    }
