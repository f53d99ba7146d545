import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from tests.factories import (
    HIDDEN_FROM_READERS,
    image_upload,
    make_article,
    make_author,
    make_interview,
    make_section,
)

pytestmark = pytest.mark.django_db


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            value = attrs.get(name)
            if value and tag in {"a", "link", "img", "script"}:
                self.links.add(value)


def links_of(response):
    collector = LinkCollector()
    collector.feed(response.content.decode())
    return collector.links


@pytest.fixture
def newsroom():
    news = make_section(name="News", slug="news", position=1)
    make_section(name="Empty section", slug="empty", position=2)
    reporter = make_author(name="Ines Carvalho", slug="ines-carvalho", handle="@ines_c")
    photographer = make_author(name="Tomas Reyes", slug="tomas-reyes", handle="")
    story = make_article(
        headline="Harbour dredging to begin in spring",
        slug="harbour-dredging",
        section=news,
        dateline="WASHINGTON DC, United States",
        body="The work will take six weeks.\n\nFishing boats will use the north quay.",
        authors=[reporter],
        tags=["Harbour", "Port Elin"],
        hero_image=image_upload(),
        hero_alt="A dredger moored at the harbour wall",
        hero_caption="The dredger arrived on Monday.",
        hero_credit="Photo: Tomas Reyes",
        updated_at=timezone.now(),
    )
    story.bylines.create(author=photographer, role="photographer", position=2)
    interview_story = make_article(
        headline="The harbour master on a hard winter",
        slug="harbour-master-interview",
        section=news,
        authors=[reporter],
        tags=["Harbour"],
    )
    make_interview(interview_story, turns=6)
    return {"story": story, "interview_story": interview_story, "reporter": reporter}


def test_every_link_on_every_public_page_resolves(client, newsroom):
    """Crawl the site from "/" (the editions): every internal link answers 200."""
    seen, queue = set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if "text/html" not in response["Content-Type"]:
            continue
        for link in links_of(response):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
                continue
            if parts.path.startswith(("/admin/", "/static/", "/media/")):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert {
        "/",
        "/en/",
        "/en/section/news/",
        "/en/section/empty/",
        "/en/tag/harbour/",
        "/en/author/ines-carvalho/",
        newsroom["story"].get_absolute_url(),
        newsroom["interview_story"].get_absolute_url(),
    } <= seen


def test_story_page_shows_what_readers_expect(client, newsroom):
    story = newsroom["story"]
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert "Harbour dredging to begin in spring" in html
    assert '<span class="dateline">WASHINGTON DC, United States -</span> The work' in html
    assert 'href="/en/author/ines-carvalho/"' in html
    assert 'href="https://social.example/@' not in html or "@ines_c" in html
    assert "@ines_c" in html
    assert "photographer" in html
    assert 'alt="A dredger moored at the harbour wall"' in html
    assert "The dredger arrived on Monday." in html and "Photo: Tomas Reyes" in html
    assert 'href="/en/tag/harbour/"' in html and 'href="/en/tag/port-elin/"' in html
    assert "Published <time" in html and "Updated <time" in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    # Related by a shared tag.
    assert newsroom["interview_story"].get_absolute_url() in html


def test_times_are_shown_in_the_newsrooms_time_zone(client, settings):
    settings.TIME_ZONE = "America/New_York"
    published = datetime(2026, 1, 15, 17, 30, tzinfo=UTC)
    story = make_article(published_at=published)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "January 15, 2026, 12:30 p.m. EST" in html
    assert 'datetime="2026-01-15T12:30:00-05:00"' in html


def test_transcript_names_the_speaker_of_every_turn(client, newsroom):
    html = client.get(newsroom["interview_story"].get_absolute_url()).content.decode()
    turns = re.findall(r'<li class="turn (turn--\w+)" id="turn-(\d+)">(.*?)</li>', html, re.S)
    assert len(turns) == 6
    for kind, position, body in turns:
        expected = "Ledger" if int(position) % 2 else "Okafor"
        assert f'<bdi class="turn__label">{expected}</bdi>' in body
        assert kind == ("turn--question" if int(position) % 2 else "turn--answer")
    assert "What follows is a transcript of the interview." in html
    assert "edited for length and clarity" in html


def test_text_size_buttons_come_from_an_external_script_and_start_hidden(client, newsroom):
    html = client.get(newsroom["story"].get_absolute_url()).content.decode()
    assert re.search(r'<script src="/static/js/textsize\.js"></script>', html)
    assert "<script>" not in html and " style=" not in html
    controls = re.search(
        r'<div class="text-size" data-text-size-controls hidden>(.*?)</div>', html, re.S
    )
    assert controls, "the A+/A- controls are hidden until the script reveals them"
    assert 'A+<span class="visually-hidden"> larger text</span>' in controls.group(1)
    assert 'A-<span class="visually-hidden"> smaller text</span>' in controls.group(1)


def test_a_strict_content_security_policy_is_sent(client, newsroom):
    response = client.get(newsroom["story"].get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_changing_the_slug_keeps_old_links_working(client, newsroom):
    story = newsroom["story"]
    old_url = story.get_absolute_url()
    story.headline = "Dredging delayed to summer"
    story.slug = "dredging-delayed"
    story.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == f"/en/stories/{story.pk}/dredging-delayed/"
    assert client.get(f"/en/stories/{story.pk}/").status_code == 301
    assert client.get(f"/stories/{story.pk}/").status_code == 301
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("state", HIDDEN_FROM_READERS.values(), ids=list(HIDDEN_FROM_READERS))
def test_unpublished_stories_are_404_to_readers_but_staff_preview_them(
    client, state, editor_client
):
    story = make_article(headline="Not for readers yet", **state)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()
    assert client.get(f"/en/stories/{story.pk}/").status_code == 404
    assert client.get(f"/stories/{story.pk}/").status_code == 404
    assert "Not for readers yet" not in client.get("/en/").content.decode()
    assert (
        "Not for readers yet" not in client.get(story.section.get_absolute_url()).content.decode()
    )

    preview = editor_client.get(story.get_absolute_url())
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Readers cannot see this story" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_a_scheduled_story_goes_live_when_its_time_comes(client, monkeypatch):
    story = make_article(
        headline="Budget vote tonight", published_at=timezone.now() + timedelta(hours=2)
    )
    assert client.get(story.get_absolute_url()).status_code == 404
    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(story.get_absolute_url()).status_code == 200
    assert "Budget vote tonight" in client.get("/en/").content.decode()


def test_listings_are_paginated_without_counting(client, settings):
    section = make_section(slug="long")
    for hours in range(1, 16):
        make_article(
            section=section,
            headline=f"Story {hours:02d}",
            published_at=timezone.now() - timedelta(hours=hours),
        )
    first = client.get("/en/section/long/").content.decode()
    assert "Story 01" in first and "Story 12" in first and "Story 13" not in first
    assert 'rel="next" href="?page=2"' in first
    second = client.get("/en/section/long/?page=2").content.decode()
    assert "Story 13" in second and "Story 15" in second
    assert 'rel="prev" href="?page=1"' in second and 'rel="next"' not in second
    assert client.get("/en/section/long/?page=3").status_code == 404
    assert client.get("/en/section/long/?page=abc").status_code == 404


def test_unknown_pages_answer_404_in_the_sites_design(client):
    for url in (
        "/en/section/nope/",
        "/en/tag/nope/",
        "/en/author/nope/",
        "/en/stories/999/x/",
        "/stories/999/x/",
        "/en/nope/",
        "/nope/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "We can’t find that page" in response.content.decode()


def test_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html


def test_author_page_shows_bio_photo_and_handle(client):
    author = make_author(
        name="Mara Lindqvist",
        slug="mara",
        bio="Covers the coast.",
        handle="@mara_l",
        profile_url="https://social.example/@mara_l",
        photo=image_upload("mara.jpg", (120, 120)),
    )
    make_article(authors=[author], headline="Storm season begins")
    html = client.get("/en/author/mara/").content.decode()
    assert "Covers the coast." in html
    assert 'alt="Portrait of Mara Lindqvist"' in html
    handle = '<a href="https://social.example/@mara_l" rel="me noopener"><bdi>@mara_l</bdi></a>'
    assert handle in html
    assert "Storm season begins" in html


def test_front_page_leads_with_the_newest_story_and_groups_by_section(client):
    culture = make_section(name="Culture", slug="culture")
    make_article(
        section=culture,
        headline="Older culture story",
        published_at=timezone.now() - timedelta(days=2),
    )
    make_article(headline="Newest story of all")
    html = client.get("/en/").content.decode()
    lead = html.index('class="front-lead"')
    assert html.index("Newest story of all") > lead
    assert html.index("Newest story of all") < html.index('id="latest-heading"')
    assert 'id="section-culture"' in html


def test_only_staff_who_may_read_stories_preview_unpublished_ones(
    client, moderator_client, reporter, reporter_client, editor_client
):
    draft = make_article(headline="Embargoed until Friday", published=False)
    own = make_article(headline="My own draft", published=False, authors=[reporter[1]])
    moderator, reporter, editor = moderator_client, reporter_client, editor_client
    assert moderator.get(draft.get_absolute_url()).status_code == 404
    assert reporter.get(draft.get_absolute_url()).status_code == 404
    assert reporter.get(own.get_absolute_url()).status_code == 200
    assert editor.get(draft.get_absolute_url()).status_code == 200
