"""
The page cache: readers get stored pages, and never a stale one after a change.
Every test asks as an anonymous reader would, then changes something the way an
editor or moderator does, then asks again.
"""

import os
import socket
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.editorial import workflow
from articles.stories import services as story_services
from comments import services as comment_services
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_interview,
    make_section,
    make_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["generations in the cache", "generations in a file"])
def generations(request, settings, tmp_path):
    """Every test runs with both stores of generations (newsroom/cache.py)."""
    if request.param == "generations in a file":
        settings.NEWSROOM_PAGE_GENERATIONS_FILE = str(tmp_path / "page-generations")
    return request.param


@pytest.fixture
def story():
    return make_article(
        headline="Harbour dredging to begin",
        section=make_section(name="Coast", slug="coast"),
        authors=[make_author(name="Ines Carvalho", slug="ines-carvalho")],
        tags=["Harbour"],
    )


PAGES = ["/en/", "/en/section/coast/", "/en/tag/harbour/", "/en/author/ines-carvalho/"]


def pages_for(story):
    return [*PAGES, story.get_absolute_url()]


def test_second_read_is_served_from_the_cache_without_a_query(client, story):
    for url in pages_for(story):
        first = client.get(url)
        assert first["X-Page-Cache"] == "miss", url
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert len(queries) == 0, url
        assert second.content == first.content


def test_public_pages_set_no_cookie_and_do_not_vary_on_it(client, story):
    for url in pages_for(story):
        for response in (client.get(url), client.get(url)):
            assert not response.cookies, url
            assert "Cookie" not in response.get("Vary", ""), url
            control = response["Cache-Control"]
            for part in (
                "public",
                "max-age=",
                "s-maxage=",
                "stale-while-revalidate=",
                "stale-if-error=",
            ):
                assert part in control, (url, control)


def test_conditional_get_answers_304(client, story):
    url = story.get_absolute_url()
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    # A change gives a new ETag: the reader's copy is refused.
    story.headline = "Dredging delayed"
    story.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and b"Dredging delayed" in changed.content


def read_all(client, story):
    for url in pages_for(story):
        client.get(url)


def test_a_published_story_appears_on_every_listing_at_once(client, story):
    read_all(client, story)
    new = make_article(
        headline="Ferry strike called off",
        section=story.section,
        published=False,
        tags=["Harbour"],
    )
    new.bylines.create(author=story.bylines.get().author, position=1)
    workflow.publish_article(article=new)
    for url in PAGES:
        assert b"Ferry strike called off" in client.get(url).content, url


def test_an_edit_shows_on_the_next_read(client, story):
    read_all(client, story)
    story.headline = "Harbour dredging postponed"
    story.save()
    for url in pages_for(story):
        assert b"Harbour dredging postponed" in client.get(url).content, url


def test_an_unpublished_story_disappears_at_once(client, story):
    read_all(client, story)
    workflow.unpublish_article(article=story)
    assert client.get(story.get_absolute_url()).status_code == 404
    for url in ["/en/", "/en/section/coast/"]:
        assert b"Harbour dredging to begin" not in client.get(url).content, url


def test_a_scheduled_story_goes_live_when_its_time_comes(client, story, monkeypatch):
    soon = timezone.now() + timedelta(seconds=90)
    make_article(headline="Budget vote tonight", section=story.section, published_at=soon)
    front = client.get("/en/")
    assert b"Budget vote tonight" not in front.content
    # The cached front page expires when the story goes live, not minutes later.
    later = soon + timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", later.timestamp)
    assert b"Budget vote tonight" in client.get("/en/").content


def test_without_generations_pages_are_rendered_and_still_say_how_to_cache_them(
    client, story, monkeypatch
):
    monkeypatch.setattr(
        "newsroom.pagecache.generations._generations",
        lambda story_pk=None: [0, 0][: 1 + bool(story_pk)],
    )
    url = story.get_absolute_url()
    for _ in range(2):
        page = client.get(url)
        assert page["X-Page-Cache"] == "miss" and "s-maxage" in page["Cache-Control"]
    received = client.get(url + "?comment=received")
    assert "no-store" in received["Cache-Control"] and "private" in received["Cache-Control"]


def test_the_comment_form_goes_when_comments_close_by_age(client, settings, monkeypatch):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 2
    closing = timezone.now() + timedelta(seconds=90)
    story = make_article(published_at=closing - timedelta(days=2), section=make_section())
    url = story.get_absolute_url()
    assert b'id="comment-form"' in client.get(url).content
    assert client.get(url)["X-Page-Cache"] == "hit"
    # No write happens when comments close: the cached page expires at that moment.
    later = closing + timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", later.timestamp)
    page = client.get(url)
    assert b'id="comment-form"' not in page.content
    assert b"Comments on this story are closed." in page.content


def test_an_approved_comment_shows_and_a_rejected_one_goes(client, story):
    moderator = make_staff("mod", group="Moderator")
    comment = make_comment(story, body="Quieter boats, at last.")
    url = story.get_absolute_url()
    assert b"Quieter boats" not in client.get(url).content
    comment_services.approve_comment(comment=comment, moderator=moderator)
    assert b"Quieter boats" in client.get(url).content
    comment_services.reject_comment(
        comment=comment, moderator=moderator, reason="off_topic", expected="approved"
    )
    assert b"Quieter boats" not in client.get(url).content


def test_a_comment_decision_refreshes_only_its_story(client, story):
    other = make_article(headline="Other story", section=story.section)
    client.get(other.get_absolute_url())
    comment_services.approve_comment(comment=make_comment(story), moderator=None)
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "miss"


def test_author_section_and_tag_changes_show_at_once(client, story):
    read_all(client, story)
    author = story.bylines.get().author
    author.name = "Ines Carvalho-Reyes"
    author.save()
    section = story.section
    section.name = "Coast and Islands"
    section.save()
    story.tags.add("Port Elin")
    page = client.get(story.get_absolute_url()).content
    assert b"Ines Carvalho-Reyes" in page and b"Coast and Islands" in page
    assert b"Port Elin" in page
    assert b"Ines Carvalho-Reyes" in client.get("/en/author/ines-carvalho/").content


def test_a_reordered_transcript_shows_at_once(client, story):
    interview = make_interview(story, turns=3)
    client.get(story.get_absolute_url())
    turns = list(interview.turns.order_by("position").values_list("pk", flat=True))
    story_services.renumber(interview.turns.all(), list(reversed(turns)))
    page = client.get(story.get_absolute_url()).content.decode()
    assert page.index("Question number 3.") < page.index("Question number 1.")


def test_nothing_private_enters_the_cache(client, story, settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    # Staff see previews and banners: their pages are neither served from nor put in it.
    staff = Client()
    staff.force_login(make_staff("editor", group="Editor"))
    draft = make_article(headline="Secret draft", published=False)
    preview = staff.get(draft.get_absolute_url())
    assert preview["X-Page-Cache"] == "bypass" and "private" in preview["Cache-Control"]
    staff_view = staff.get(story.get_absolute_url())
    assert staff_view["X-Page-Cache"] == "bypass"
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "miss"
    # The "awaits moderation" state and a form with errors are never stored.
    received = client.get(story.get_absolute_url() + "?comment=received")
    assert "no-store" in received["Cache-Control"] and "X-Page-Cache" not in received
    errors = client.post(
        f"/stories/{story.pk}/comments/", {"name": ""}, HTTP_ORIGIN="http://testserver"
    )
    assert errors.status_code == 400
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert b"Please tell us your name" not in client.get(story.get_absolute_url()).content


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_pages_are_served_when_the_cache_server_is_down(client, story, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.pagecache.redis.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for url in pages_for(story):
        assert client.get(url).status_code == 200, url
    story.headline = "Still editable without a cache"
    story.save()
    assert b"Still editable" in client.get(story.get_absolute_url()).content


def redis_url():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return url
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("CI needs Redis on 127.0.0.1:6379 for the shared-cache tests")
        pytest.skip("no Redis on 127.0.0.1:6379: shared-cache test skipped")


def test_with_redis_pages_are_shared_and_invalidated(client, story, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.pagecache.redis.ResilientRedisCache",
            "LOCATION": redis_url(),
        }
    }
    from django.core.cache import cache

    cache.clear()
    url = story.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    story.headline = "Seen through Redis"
    story.save()
    assert b"Seen through Redis" in client.get(url).content
    cache.clear()
