"""
The comment form's stamp: each reader's own, good for one comment, fetched
outside the cached story page, with a path that works without JavaScript.
"""

import json
import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import moderation
from comments.models import Comment
from tests.factories import make_article

from .test_posting import form_values

pytestmark = pytest.mark.django_db

USED = "This copy of the form has already been used for a comment"


@pytest.fixture
def clock(monkeypatch):
    """The time stamps are issued and checked at, moved by hand."""
    now = [time.time()]
    monkeypatch.setattr("time.time", lambda: now[0])

    class Clock:
        def advance(self, seconds):
            now[0] += seconds

    return Clock()


def stamp_in(html):
    return re.search(r'<input type="hidden" name="stamp" value="([^"]*)"', html).group(1)


def send(article, *, stamp, ip="203.0.113.7", client=None, **fields):
    data = {
        "name": "Rosa Vidal",
        "email": "rosa@example.org",
        "body": "The new timetable suits early workers.",
        "website": "",
        "stamp": stamp,
        **fields,
    }
    return (client or Client()).post(
        f"/stories/{article.pk}/comments/", data, REMOTE_ADDR=ip, HTTP_ORIGIN="http://testserver"
    )


def fetch_stamp(article, *, ip="203.0.113.7", client=None):
    return (client or Client()).get(f"/comments/stamp/{article.pk}/", REMOTE_ADDR=ip)


# One comment per stamp ------------------------------------------------------------------


def test_one_stamp_carries_one_comment_whatever_the_address(article, old_stamp):
    stamp = old_stamp(article)
    assert send(article, stamp=stamp, ip="203.0.113.1", body="First words.").status_code == 302
    replay = send(article, stamp=stamp, ip="198.51.100.2", body="Second words.")
    assert replay.status_code == 400
    html = replay.content.decode()
    assert USED in html and "please send it again" in html
    assert form_values(html)["body"] == "Second words."
    for n in range(3, 6):
        again = send(article, stamp=stamp, ip=f"198.51.100.{n}", body=f"More words {n}.")
        assert again.status_code == 400
    assert list(Comment.objects.values_list("body", flat=True)) == ["First words."]


def test_a_reader_sending_a_used_stamp_gets_a_fresh_one_and_is_accepted(article, old_stamp):
    stamp = old_stamp(article)
    send(article, stamp=stamp, ip="203.0.113.1", body="First words.")
    refused = send(article, stamp=stamp, ip="198.51.100.2", body="Second words.")
    fresh = stamp_in(refused.content.decode())
    assert fresh != stamp
    resent = send(article, stamp=fresh, ip="198.51.100.2", body="Second words.")
    assert resent.status_code == 302
    assert Comment.objects.count() == 2


def test_a_stamp_refused_for_its_words_is_not_used_up(article, old_stamp):
    """Only an accepted comment uses a stamp: a refusal leaves the reader's stamp good."""
    stamp = old_stamp(article)
    assert send(article, stamp=stamp, name="").status_code == 400
    assert send(article, stamp=stamp).status_code == 302


def test_a_double_click_with_one_stamp_makes_one_comment_and_the_same_answer(article, old_stamp):
    stamp = old_stamp(article)
    first = send(article, stamp=stamp, body="Said once.")
    second = send(article, stamp=stamp, body="Said once.")
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Comment.objects.count() == 1


def test_the_same_reader_cannot_reuse_a_stamp_for_other_words(article, old_stamp):
    stamp = old_stamp(article)
    assert send(article, stamp=stamp, body="First words.").status_code == 302
    again = send(article, stamp=stamp, body="Edited after going back.")
    assert again.status_code == 400
    assert USED in again.content.decode()


def test_without_the_shared_cache_a_stamp_is_still_accepted(article, old_stamp, monkeypatch):
    """A cache that cannot answer must not stop every reader from commenting."""
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    assert send(article, stamp=old_stamp(article)).status_code == 302


# The stamp endpoint ---------------------------------------------------------------------


def test_the_stamp_endpoint_gives_each_reader_a_stamp_of_their_own(article, settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    first, second = fetch_stamp(article), fetch_stamp(article, ip="198.51.100.2")
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/json"
    stamps = [json.loads(response.content)["stamp"] for response in (first, second)]
    assert stamps[0] != stamps[1]
    for stamp in stamps:
        moderation.check_stamp(stamp, article.pk)


def test_the_stamp_endpoint_is_never_cached_and_sets_no_cookie(article):
    for _ in range(2):
        response = fetch_stamp(article)
        control = response["Cache-Control"]
        assert "private" in control and "no-store" in control
        assert "public" not in control and "s-maxage" not in control
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert "X-Page-Cache" not in response


def test_the_stamp_endpoint_is_rate_limited_per_sender(article, settings):
    settings.COMMENTS_STAMP_RATE_LIMIT = 3
    for _ in range(3):
        assert fetch_stamp(article).status_code == 200
    limited = fetch_stamp(article)
    assert limited.status_code == 429
    assert "stamp" not in json.loads(limited.content)
    assert "no-store" in limited["Cache-Control"]
    assert fetch_stamp(article, ip="198.51.100.9").status_code == 200


def test_the_stamp_endpoint_knows_only_open_published_stories(article):
    assert fetch_stamp(make_article(published=False)).status_code == 404
    assert Client().get("/comments/stamp/999999/").status_code == 404
    article.comments_enabled = False
    article.save()
    closed = fetch_stamp(article)
    assert closed.status_code == 403
    assert "stamp" not in json.loads(closed.content)


def test_the_stamp_endpoint_costs_one_query(article):
    with CaptureQueriesContext(connection) as queries:
        assert fetch_stamp(article).status_code == 200
    assert len(queries) == 1  # the story


# "Too quick", measured from this reader's stamp -------------------------------------------


def test_too_quick_is_measured_from_when_this_reader_fetched_the_stamp(article, settings, clock):
    settings.COMMENTS_FORM_MIN_SECONDS = 5
    clock.advance(-600)
    page_stamp = moderation.make_stamp(article.pk)  # a cached page, ten minutes old
    clock.advance(600)
    assert send(article, stamp=page_stamp, ip="203.0.113.1", body="First.").status_code == 302

    stamp = json.loads(fetch_stamp(article).content)["stamp"]
    quick = send(article, stamp=stamp, body="Sent at once.")
    assert quick.status_code == 400
    assert "That was very quick" in quick.content.decode()
    clock.advance(6)
    assert send(article, stamp=stamp, body="Sent at once.").status_code == 302


def test_a_corrected_and_resent_comment_is_accepted_at_once(article, settings, clock):
    settings.COMMENTS_FORM_MIN_SECONDS = 5
    stamp = json.loads(fetch_stamp(article).content)["stamp"]
    clock.advance(90)  # the reader writes
    refused = send(article, stamp=stamp, name="", body="My considered view.")
    assert refused.status_code == 400
    clock.advance(1)  # types the name and sends again
    resent = send(article, stamp=stamp_in(refused.content.decode()), body="My considered view.")
    assert resent.status_code == 302, resent.content.decode()
    assert Comment.objects.get().body == "My considered view."


def test_a_bot_refused_as_too_quick_is_still_too_quick_when_it_resends(article, settings, clock):
    settings.COMMENTS_FORM_MIN_SECONDS = 5
    stamp = json.loads(fetch_stamp(article).content)["stamp"]
    refused = send(article, stamp=stamp)
    assert "That was very quick" in refused.content.decode()
    clock.advance(1)
    again = send(article, stamp=stamp_in(refused.content.decode()))
    assert "That was very quick" in again.content.decode()
    clock.advance(5)
    assert send(article, stamp=stamp_in(again.content.decode())).status_code == 302


def test_a_forged_stamp_gives_no_head_start(article, settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 5
    refused = send(article, stamp="forged")
    assert "could not verify this form" in refused.content.decode()
    again = send(article, stamp=stamp_in(refused.content.decode()))
    assert "That was very quick" in again.content.decode()


# The cached story page and the reader without JavaScript ---------------------------------


def test_the_story_page_stays_one_cached_page_and_loads_the_stamp_script(article):
    url = article.get_absolute_url()
    first = Client().get(url)
    second = Client().get(url, REMOTE_ADDR="198.51.100.2")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for response in (first, second):
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert "public" in response["Cache-Control"]
    html = first.content.decode()
    assert f'data-stamp-url="/comments/stamp/{article.pk}/"' in html
    assert '<script src="/static/js/comment-stamp.js" defer></script>' in html
    assert "<script>" not in html


def test_the_refusal_page_keeps_its_own_stamp_and_runs_no_stamp_script(article, post_comment):
    html = post_comment(article, name="").content.decode()
    assert "data-stamp-url" not in html
    assert "comment-stamp.js" not in html


def test_two_readers_without_javascript_comment_from_the_same_cached_page(article, clock):
    url = article.get_absolute_url()
    first_reader, second_reader = Client(), Client()
    page = first_reader.get(url)
    stamp = stamp_in(page.content.decode())
    clock.advance(60)  # both read the story and write
    response = send(article, stamp=stamp, ip="203.0.113.1", client=first_reader, body="One.")
    assert response.status_code == 302

    cached = second_reader.get(url, REMOTE_ADDR="198.51.100.2")
    assert cached["X-Page-Cache"] == "hit"
    assert stamp_in(cached.content.decode()) == stamp
    refused = send(article, stamp=stamp, ip="198.51.100.2", client=second_reader, body="Two.")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert USED in html and "please send it again" in html
    assert form_values(html) == {"name": "Rosa Vidal", "email": "rosa@example.org", "body": "Two."}
    resent = send(
        article, stamp=stamp_in(html), ip="198.51.100.2", client=second_reader, body="Two."
    )
    assert resent.status_code == 302
    assert sorted(Comment.objects.values_list("body", flat=True)) == ["One.", "Two."]
