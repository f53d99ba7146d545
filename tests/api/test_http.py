"""
The API's HTTP behaviour: cached and invalidated with the pages, conditional
requests, CORS, the rate limit, HEAD, and the docs page under the site's CSP.
"""

import re

import pytest
from django.core.cache import cache

from tests.factories import make_article, make_comment, make_staff

pytestmark = pytest.mark.django_db


def test_answers_carry_validators_and_cache_control_for_front_caches(client, newsroom):
    response = client.get("/api/v1/stories")
    assert response["ETag"] and response["Last-Modified"]
    control = response["Cache-Control"]
    assert "public" in control and "max-age=" in control and "s-maxage=" in control
    assert not response.cookies and "Cookie" not in response.get("Vary", "")
    assert client.get("/api/v1/stories")["X-Page-Cache"] == "hit"


def test_a_matching_etag_or_date_answers_304_with_cors(client, newsroom):
    first = client.get("/api/v1/stories")
    again = client.get("/api/v1/stories", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and not again.content
    assert again["Access-Control-Allow-Origin"] == "*"
    assert again["ETag"] == first["ETag"]
    since = client.get("/api/v1/stories", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    other = client.get("/api/v1/stories", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_a_published_correction_changes_the_page_and_the_api_together(client, newsroom):
    from django.test import TestCase

    from articles.editorial.corrections import add_correction

    story = newsroom["story"]
    api_url = f"/api/v1/stories/{story.pk}?include=corrections"
    page_before = client.get(story.get_absolute_url())
    api_before = client.get(api_url)
    assert client.get(api_url)["X-Page-Cache"] == "hit"
    with TestCase.captureOnCommitCallbacks(execute=True):
        add_correction(article=story, kind="correction", text="The vote was 5 to 2, not 5 to 3.")
    page_after = client.get(story.get_absolute_url())
    api_after = client.get(api_url, headers={"If-None-Match": api_before["ETag"]})
    assert page_after["ETag"] != page_before["ETag"]
    assert api_after.status_code == 200 and api_after["X-Page-Cache"] == "miss"
    texts = [c["text"] for c in api_after.json()["corrections"]]
    assert "The vote was 5 to 2, not 5 to 3." in texts


def test_a_comment_decision_refreshes_the_story_comments(client, newsroom, moderator):
    from comments.services import approve_comment

    story = newsroom["story"]
    url = f"/api/v1/stories/{story.pk}/comments"
    before = client.get(url).json()["items"]
    assert client.get(url)["X-Page-Cache"] == "hit"
    approve_comment(comment=newsroom["pending"], moderator=moderator)
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert len(after.json()["items"]) == len(before) + 1


def test_any_origin_may_read_and_a_preflight_is_answered(client, newsroom):
    response = client.get("/api/v1/sections", headers={"Origin": "https://app.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/stories",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert preflight["Access-Control-Allow-Headers"] == "if-none-match"


def test_the_api_is_read_only(client, newsroom):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/stories")
        assert response.status_code == 405, method


def test_head_answers_like_get(client, newsroom):
    response = client.head("/api/v1/stories")
    assert response.status_code == 200 and response["ETag"]


def test_a_client_over_the_rate_limit_gets_429_with_retry_after(client, newsroom, settings):
    settings.NEWSROOM_API_RATE_LIMIT = 3
    settings.NEWSROOM_API_RATE_WINDOW = 60
    statuses = [client.get("/api/v1/sections").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/stories")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert "wait" in refused.json()["detail"]
    assert refused["Access-Control-Allow-Origin"] == "*"
    # Another client is not affected.
    other = client.get("/api/v1/sections", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_the_rate_limit_keeps_no_address(client, newsroom, settings):
    settings.NEWSROOM_API_RATE_LIMIT = 10
    client.get("/api/v1/sections", REMOTE_ADDR="198.51.100.23")
    keys = [key for key in cache._cache if "api:rate:" in key]
    assert keys and not any("198.51.100.23" in key for key in keys)


def test_the_rate_limit_reads_the_address_as_the_comments_do(client, newsroom, settings):
    settings.NEWSROOM_API_RATE_LIMIT = 1
    settings.COMMENTS_TRUST_X_FORWARDED_FOR = True
    hop = {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.7"}
    assert client.get("/api/v1/sections", **hop).status_code == 200
    # The client invents another left-hand hop: still the same client.
    hop = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.7"}
    assert client.get("/api/v1/sections", **hop).status_code == 429


def test_staff_sessions_get_the_same_public_data_uncached(client, newsroom):
    staff = make_staff("viewer", superuser=True)
    client.force_login(staff)
    response = client.get("/api/v1/stories")
    ids = [item["id"] for item in response.json()["items"]]
    assert newsroom["draft"].pk not in ids and newsroom["story"].pk in ids
    assert "private" in response["Cache-Control"]


def test_the_docs_page_works_under_the_sites_csp(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "<script" not in html and " style=" not in html
    assert not re.search(r"https?://(?!testserver)", html.split("<body>")[0])
    assert "/static/api/docs.css" in html
    assert "GET /api/v1/stories" in html.replace("</span>", "")
    from django.contrib.staticfiles import finders

    assert finders.find("api/docs.css")


def test_the_openapi_document_lists_every_endpoint(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/stories/{story_id}/comments",
        "/api/v1/search",
        "/api/v1/interviews",
        "/api/v1/interviews/{story_id}",
        "/api/v1/sections",
        "/api/v1/tags",
        "/api/v1/authors",
        "/api/v1/corrections",
    }


def test_a_new_story_refreshes_the_cached_list(client, newsroom):
    client.get("/api/v1/stories")
    fresh = make_article(headline="Fresh off the quay")
    response = client.get("/api/v1/stories")
    assert response["X-Page-Cache"] == "miss"
    assert fresh.pk in [item["id"] for item in response.json()["items"]]
    make_comment(fresh)  # a pending comment changes nothing public


def test_the_same_data_renders_the_same_etag(client, newsroom, forced_misses):
    make_article(headline="A second story, so the first page has a next cursor")
    miss = {"X-Newsroom-Bench": "miss"}
    first = client.get("/api/v1/stories?limit=1", headers=miss)
    assert first.json()["next_cursor"]
    import time

    time.sleep(1.1)  # a cursor carrying a time would change here
    again = client.get("/api/v1/stories?limit=1", headers=miss)
    assert again["X-Page-Cache"] == "miss"
    assert again["ETag"] == first["ETag"]
