"""
Every endpoint has a fixed number of queries, whatever the amount of data: the
same with 3 stories as with 30, each with more authors, tags, turns and corrections.
Each budget says where its number comes from. A cached answer costs none.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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

MISS = {"X-Newsroom-Bench": "miss"}
ALL = "bylines,tags,interview,corrections"

# (url, queries): an answer rendered anew (a page-cache miss).
BUDGETS = [
    # stories with section and has_transcript (one query), bylines with authors
    ("/api/v1/stories", 2),
    ("/api/v1/stories?limit=100", 2),
    ("/api/v1/stories?fields=headline", 2),
    # ... and one per embedded part: tags, participants, turns (speaker joined), corrections
    (f"/api/v1/stories?limit=100&include={ALL}", 6),
    ("/api/v1/stories/{story}", 2),
    (f"/api/v1/stories/{{story}}?include={ALL}", 6),
    # the story is published, its approved comments
    ("/api/v1/stories/{story}/comments?limit=100", 2),
    # interviews with their stories, participants
    ("/api/v1/interviews?limit=100", 2),
    # the interview with its story, participants, turns
    ("/api/v1/interviews/{story}", 3),
    ("/api/v1/sections", 1),
    ("/api/v1/tags?limit=100", 1),
    ("/api/v1/authors?limit=100", 1),
    ("/api/v1/corrections?limit=100", 1),
]


def newsroom_of(count):
    now = timezone.now()
    section, first = make_section(), None
    for n in range(count):
        article = make_article(
            section=section,
            published_at=now - timedelta(minutes=n + 1),
            authors=[make_author() for _ in range(1 + n % 3)],
            tags=[f"topic {n % 7}", f"place {n}"],
        )
        make_interview(article, turns=4 + n)
        make_correction(article)
        make_comment(article, status="approved")
        first = first or article
    return first


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=MISS)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["X-Page-Cache"] == "miss"
    return len(captured)


@pytest.mark.parametrize(("url", "budget"), BUDGETS)
def test_budgets_do_not_grow_with_the_data(client, forced_misses, url, budget):
    small = newsroom_of(3)
    client.get("/api/v1/sections", headers=MISS)  # the next publication time, once
    assert queries(client, url.format(story=small.pk)) == budget
    large = newsroom_of(30)
    assert queries(client, url.format(story=large.pk)) == budget


def test_search_costs_the_same_with_3_or_30_stories(client, forced_misses, committed):
    def searched():
        return queries(client, f"/api/v1/search?q=harbour&limit=100&include={ALL}")

    committed(newsroom_of, 3)
    client.get("/api/v1/sections", headers=MISS)
    small = searched()
    committed(newsroom_of, 30)
    assert searched() == small


def test_a_cached_answer_costs_no_query(client):
    story = newsroom_of(3)
    for url in (f"/api/v1/stories?include={ALL}", f"/api/v1/stories/{story.pk}"):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert len(captured) == 0
