"""
What was added for speed keeps pages exact: each process's own copies of pages,
the cached list of a story's comments, the fast path for comment text, and the
bench-only hooks that readers cannot reach.
"""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import linebreaks, urlize
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.editorial import workflow
from comments import services as comment_services
from comments.models import Comment, body_as_html
from newsroom.pagecache import pages as page_cache
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_copies(settings):
    settings.NEWSROOM_PAGE_CACHE_LOCAL_BYTES = 4 * 1024 * 1024
    page_cache.local_pages.clear()
    yield page_cache.local_pages
    page_cache.local_pages.clear()


@pytest.fixture
def story():
    return make_article(headline="Harbour dredging to begin", section=make_section())


def test_a_local_copy_serves_hits_without_reading_the_page_from_the_cache(
    client, story, local_copies, monkeypatch
):
    url = story.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    read = cache.get

    def get(key, *args, **kwargs):
        assert not key.startswith("page:"), "the page was read from the shared cache"
        return read(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content and second["ETag"] == first["ETag"]


def test_a_local_copy_is_never_served_after_a_change(client, story, local_copies):
    url = story.get_absolute_url()
    client.get(url)
    story.headline = "Harbour dredging postponed"
    story.save()
    assert b"Harbour dredging postponed" in client.get(url).content
    workflow.unpublish_article(article=story)
    assert client.get(url).status_code == 404


def test_a_local_copy_follows_comment_decisions(client, story, local_copies):
    comment = make_comment(story, body="Quieter boats, at last.")
    url = story.get_absolute_url()
    assert b"Quieter boats" not in client.get(url).content
    comment_services.approve_comment(comment=comment, moderator=None)
    assert b"Quieter boats" in client.get(url).content


def test_no_local_copy_is_trusted_when_the_generations_cannot_be_read(
    client, story, local_copies, monkeypatch
):
    url = story.get_absolute_url()
    client.get(url)
    assert len(local_copies._entries) == 1
    # The shared cache is down: get_many finds nothing and add stores nothing.
    monkeypatch.setattr(cache, "get_many", lambda *args, **kwargs: {})
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert len(queries) > 0  # rendered, not served from the local copy


def test_local_copies_expire_with_their_entry_and_stay_within_their_bound(settings):
    settings.NEWSROOM_PAGE_CACHE_LOCAL_BYTES = 1000
    pages = page_cache.LocalPages()
    now = time.time()
    pages.set("old", {"content": b"x" * 200, "expires_at": now - 1})
    assert pages.get("old") is None
    for n in range(10):
        pages.set(f"page-{n}", {"content": b"x" * 200, "expires_at": now + 60})
    assert pages._size <= 1000
    assert pages.get("page-9") is not None and pages.get("page-0") is None
    pages.set("too-big", {"content": b"x" * 900, "expires_at": now + 60})
    assert pages.get("too-big") is None


def test_two_processes_rendering_one_page_answer_with_the_same_etag(client, story, monkeypatch):
    url = story.get_absolute_url()
    first = client.get(url)
    # Another process looked before this copy was stored (a race) and renders the
    # page too: its bytes differ (the form's stamp), so it answers with the stored copy.
    read = cache.get
    looked = []

    def get(key, *args, **kwargs):
        if key.startswith("page:") and not looked:
            looked.append(key)
            return None
        return read(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    again = client.get(url)
    assert looked and again["X-Page-Cache"] == "miss"
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_the_comment_list_survives_changes_elsewhere_but_not_decisions(client, story):
    for n in range(3):
        make_comment(story, status="approved", body=f"Kept comment {n}.")
    url = story.get_absolute_url()
    client.get(url)
    make_article(headline="A story elsewhere", section=make_section())  # site generation
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and b"Kept comment 2." in page.content
    assert not any("comments_comment" in query["sql"] for query in queries)
    make_comment(story, status="approved", body="A newly approved one.")
    assert b"A newly approved one." in client.get(url).content


def test_a_deleted_comment_leaves_the_page_at_once(client, story):
    comment = make_comment(story, status="approved", body="Deleted by a superuser.")
    url = story.get_absolute_url()
    assert b"Deleted by a superuser." in client.get(url).content
    Comment.objects.get(pk=comment.pk).delete()
    assert b"Deleted by a superuser." not in client.get(url).content


def reference(text):
    linked = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return linebreaks(linked, autoescape=False)


@pytest.mark.parametrize(
    "text",
    [
        "Plain words.\n\nA second paragraph & <b>tags</b> \"quoted\" 'single'.",
        "See https://example.org/plan, or www.example.com.",
        "Write to reader@example.org.",
        "Bare domain example.net/path and EXAMPLE.COM.",
        "Ends with a dot. Then: a colon; and (brackets).",
    ],
)
def test_a_comment_body_is_what_urlize_makes(text):
    assert body_as_html(text) == reference(text)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .:/@w<>&\"'\n-_()[]com")), max_size=60))
def test_the_comment_body_fast_path_matches_urlize_on_any_text(text):
    assert body_as_html(text) == reference(text)


def test_readers_cannot_force_a_miss_or_reach_the_bench_view(client, story):
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url, HTTP_X_NEWSROOM_BENCH="miss")["X-Page-Cache"] == "hit"
    assert client.get("/__bench__/bytes/").status_code == 404


def test_the_bench_hooks_live_in_the_bench_settings_only(client, story, settings, tmp_path):
    from bench.middleware import ForcedMissMiddleware

    (tmp_path / "story.html").write_bytes(b"<p>bytes</p>")
    settings.ROOT_URLCONF = "bench.urls"
    settings.NEWSROOM_BENCH_BYTES = str(tmp_path / "story.html")
    settings.MIDDLEWARE = ["bench.middleware.ForcedMissMiddleware", *settings.MIDDLEWARE]
    assert ForcedMissMiddleware  # importable from bench/, nowhere in production code
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url, HTTP_X_NEWSROOM_BENCH="miss")["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    response = client.get("/__bench__/bytes/")
    assert response.status_code == 200 and response.content == b"<p>bytes</p>"
    assert response["ETag"]
