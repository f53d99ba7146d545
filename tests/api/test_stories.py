"""The story list and detail: cursors, fields, include, filters, limits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_correction,
    make_interview,
    make_section,
)

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def walk(client, url, *, between=None, key="id", **params):
    """Every item of a listing, page by page; ``between(page_number)`` runs between pages."""
    seen, cursor, pages = [], None, 0
    while True:
        data = get(client, url, **params, **({"cursor": cursor} if cursor else {}))
        seen += [key(item) if callable(key) else item[key] for item in data["items"]]
        pages += 1
        cursor = data["next_cursor"]
        if cursor is None:
            return seen, pages
        if between:
            between(pages)


def test_a_walk_by_cursor_sees_every_story_once_while_stories_are_published(client):
    now = timezone.now()
    section = make_section()
    before = [
        make_article(section=section, published_at=now - timedelta(minutes=n)).pk
        for n in range(1, 24)
    ]
    # Two share a publish time: the id breaks the tie.
    twin = make_article(section=section, published_at=now - timedelta(minutes=5)).pk
    published_during = []

    def publish(page):
        older = now - timedelta(days=1, minutes=page)  # below every story listed so far
        published_during.append(make_article(section=section, published_at=older).pk)
        published_during.append(make_article(section=section, published_at=timezone.now()).pk)

    seen, pages = walk(client, "/api/v1/stories", limit=5, between=publish)
    assert pages > 5
    assert len(seen) == len(set(seen)), "a story was listed twice"
    assert set(before) | {twin} <= set(seen), "a story was skipped"
    # Published during the walk: a day ago lies ahead of the walk and is met;
    # "now" lies behind it (a new walk starts there).
    assert set(published_during[0::2]) <= set(seen)
    assert not set(published_during[1::2]) & set(seen)


def test_the_list_is_newest_first_and_limit_bounds_a_page(client):
    now = timezone.now()
    made = [make_article(published_at=now - timedelta(hours=n)).pk for n in range(1, 4)]
    data = get(client, "/api/v1/stories", limit=2)
    assert [item["id"] for item in data["items"]] == made[:2]
    assert data["next"].startswith("http://testserver/api/v1/stories?")
    assert "limit=2" in data["next"]
    last = get(client, "/api/v1/stories", limit=2, cursor=data["next_cursor"])
    assert [item["id"] for item in last["items"]] == made[2:]
    assert last["next_cursor"] is None and last["next"] is None


@pytest.mark.parametrize("limit", ["0", "101", "100000000000000000000000", "-1", "ten"])
def test_a_limit_outside_1_to_100_is_refused(client, limit):
    response = client.get("/api/v1/stories", {"limit": limit})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("limit:")


def test_fields_choose_what_is_sent_and_id_always_is(client):
    make_article()
    (item,) = get(client, "/api/v1/stories", fields="headline,date_published")["items"]
    assert set(item) == {"id", "headline", "date_published"}


def test_the_list_leaves_the_body_out_unless_asked_and_the_detail_sends_it(client):
    story = make_article(body="The body paragraph.")
    (item,) = get(client, "/api/v1/stories")["items"]
    assert "body_html" not in item and "headline" in item
    (item,) = get(client, "/api/v1/stories", fields="body_html")["items"]
    assert "The body paragraph." in item["body_html"]
    assert "The body paragraph." in get(client, f"/api/v1/stories/{story.pk}")["body_html"]


@pytest.mark.parametrize(
    "include",
    ["bylines", "tags", "interview", "corrections", "bylines,tags,interview,corrections"],
)
def test_include_embeds_parts_and_combines_with_fields(client, include):
    author = make_author()
    story = make_article(authors=[author], tags=["harbour"])
    make_interview(story, turns=3)
    (item,) = get(client, "/api/v1/stories", fields="headline", include=include)["items"]
    assert set(item) == {"id", "headline", *include.split(",")}
    if "interview" in item:
        turns = item["interview"]["turns"]
        assert [t["position"] for t in turns] == [1, 2, 3]
        assert all(t["speaker"] for t in turns)
        assert turns[0]["is_question"] and not turns[1]["is_question"]
    if "bylines" in item:
        assert item["bylines"][0]["author"]["slug"] == author.slug
    if "tags" in item:
        assert [t["slug"] for t in item["tags"]] == ["harbour"]


@pytest.mark.parametrize(
    ("name", "value", "valid"),
    [("fields", "headline,colour", "headline"), ("include", "tags,comments", "bylines")],
)
def test_unknown_names_are_refused_with_the_valid_ones_listed(client, name, value, valid):
    response = client.get("/api/v1/stories", {name: value})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "colour" in detail or "comments" in detail
    assert valid in detail


def test_filters_by_section_tag_author_dates_and_transcript(client):
    now = timezone.now()
    section, author = make_section(), make_author()
    old = make_article(published_at=now - timedelta(days=40), tags=["ferries"])
    mine = make_article(section=section, authors=[author], published_at=now - timedelta(days=1))
    make_interview(mine)

    def ids(**params):
        return [item["id"] for item in get(client, "/api/v1/stories", **params)["items"]]

    assert ids(section=section.slug) == [mine.pk]
    assert ids(tag="ferries") == [old.pk]
    assert ids(author=author.slug) == [mine.pk]
    assert ids(has_transcript="true") == [mine.pk]
    assert ids(has_transcript="false") == [old.pk]
    day = timezone.localtime(old.published_at).date()
    assert ids(since=day.isoformat(), until=day.isoformat()) == [old.pk]
    assert ids(since=(day + timedelta(days=1)).isoformat()) == [mine.pk]
    assert ids(section="no-such-section") == []


def test_a_story_not_published_answers_404(client, newsroom):
    for story in (newsroom["draft"], newsroom["scheduled"]):
        response = client.get(f"/api/v1/stories/{story.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "No published story has this id."}


def test_a_cursor_of_another_listing_is_refused(client):
    now = timezone.now()
    for n in range(3):
        make_article(published_at=now - timedelta(minutes=n + 1), authors=[make_author()])
    cursor = get(client, "/api/v1/authors", limit=1)["next_cursor"]
    response = client.get("/api/v1/stories", {"cursor": cursor})
    assert response.status_code == 400
    assert "another listing" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/v1/authors", "slug"),
        ("/api/v1/tags", "slug"),
        ("/api/v1/corrections", "id"),
        ("/api/v1/interviews", lambda item: item["story"]["id"]),
        ("/api/v1/stories/{story}/comments", "id"),
    ],
)
def test_every_list_pages_by_cursor(client, newsroom, url, key):
    story = newsroom["story"]
    make_author()
    make_correction(story)
    make_interview(make_article())
    make_comment(story, status="approved")
    url = url.format(story=story.pk)
    if True:
        one, _ = walk(client, url, limit=1, key=key)
        everything, _ = walk(client, url, limit=100, key=key)
        assert one == everything and len(one) >= 2


def test_search_finds_published_stories_and_pages(client, committed):
    for n in range(3):
        committed(make_article, headline=f"Dredging plan number {n}")
    data = get(client, "/api/v1/search", q="dredging", limit=2)
    assert len(data["items"]) == 2 and data["next_cursor"]
    assert "<mark>" in data["items"][0]["snippet_html"] or data["items"][0]["snippet_html"]
    rest = get(client, "/api/v1/search", q="dredging", limit=2, cursor=data["next_cursor"])
    ids = [i["id"] for i in data["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 3


def test_a_search_with_nothing_to_search_says_why(client, db):
    response = client.get("/api/v1/search", {"q": "!!!"})
    assert response.status_code == 400
    assert "punctuation" in response.json()["detail"]
