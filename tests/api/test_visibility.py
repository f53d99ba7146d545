"""
Only what readers may see: no draft, no scheduled story, no pending comment, no
e-mail, sender hash, fingerprint or address, in any answer of any endpoint.
"""

import pytest

pytestmark = pytest.mark.django_db

EVERYTHING = {
    "fields": "id,url,headline,dek,dateline,language,section,authors,date_published,"
    "date_modified,has_transcript,image,body_html",
    "include": "bylines,tags,interview,corrections",
    "limit": "100",
}


def every_request(client, newsroom):
    """Every GET operation of the OpenAPI document, for each story id that matters."""
    schema = client.get("/api/v1/openapi.json").json()
    ids = [newsroom[name].pk for name in ("story", "draft", "scheduled")]
    for path, methods in schema["paths"].items():
        assert set(methods) == {"get"}, path  # read-only
        params = {
            p["name"]: EVERYTHING[p["name"]]
            for p in methods["get"].get("parameters", [])
            if p["name"] in EVERYTHING
        }
        searches = ["secret draft", "scheduled budget", "ferry", "harbour"]
        for story_id in ids if "{story_id}" in path else [None]:
            url = path.replace("{story_id}", str(story_id))
            for q in searches if path.endswith("/search") else [None]:
                yield url, {**params, **({"q": q} if q else {})}


def test_no_answer_holds_anything_readers_may_not_see(client, newsroom):
    from comments.models import Comment

    pending = newsroom["pending"]
    secrets = [
        newsroom["draft"].headline,
        newsroom["scheduled"].headline,
        "draftonly",
        "scheduledonly",
        "Hidden",  # the scheduled story's interviewee
        "not out yet",  # the scheduled story's correction
        pending.body,
        "@reader.example",
        "@newsroom.example",
        "sender_hash",
        "fingerprint",
        "user_agent",
        "email",
        "127.0.0.1",
        *Comment.objects.values_list("sender_hash", flat=True),
        *Comment.objects.values_list("fingerprint", flat=True),
    ]
    answered = 0
    for url, params in every_request(client, newsroom):
        response = client.get(url, params)
        assert response.status_code in (200, 404), (url, params, response.content)
        text = response.content.decode()
        for secret in secrets:
            assert secret not in text, (url, params, secret)
        answered += response.status_code == 200
    assert answered >= 12


def test_the_public_story_and_its_approved_comment_are_there(client, newsroom):
    story, approved = newsroom["story"], newsroom["approved"]
    text = client.get("/api/v1/stories", EVERYTHING).content.decode()
    assert story.headline in text
    comments = client.get(f"/api/v1/stories/{story.pk}/comments").json()["items"]
    assert [c["id"] for c in comments] == [approved.pk]
    assert set(comments[0]) == {"id", "name", "body_html", "submitted_at"}


def test_a_draft_or_scheduled_story_has_no_comments_listing(client, newsroom):
    for name in ("draft", "scheduled"):
        response = client.get(f"/api/v1/stories/{newsroom[name].pk}/comments")
        assert response.status_code == 404


def test_a_scheduled_story_appears_when_its_time_comes_with_no_write(client, newsroom):
    import time
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    soon = Article.objects.filter(pk=newsroom["scheduled"].pk)
    soon.update(published_at=timezone.now() + timedelta(seconds=2))
    from articles.stories.schedule import refresh_next_publication

    refresh_next_publication()  # as the handlers do when a story is saved
    first = client.get("/api/v1/stories")
    assert newsroom["scheduled"].pk not in [i["id"] for i in first.json()["items"]]
    assert client.get("/api/v1/stories")["X-Page-Cache"] == "hit"
    time.sleep(3)
    later = client.get("/api/v1/stories")
    assert later["X-Page-Cache"] == "miss"
    assert newsroom["scheduled"].pk in [i["id"] for i in later.json()["items"]]


def test_an_erased_comment_is_a_tombstone_in_the_api_as_on_the_page(client, newsroom, committed):
    from comments.privacy.services import erase_personal_data

    story, approved = newsroom["story"], newsroom["approved"]
    url = f"/api/v1/stories/{story.pk}/comments"
    assert approved.name in client.get(url).content.decode()  # cached before the erasure
    committed(erase_personal_data, email="approved@reader.example")
    answer = client.get(url)
    (item,) = answer.json()["items"]
    assert item["id"] == approved.pk and item["name"] == ""
    assert "removed at the author" in item["body_html"]
    assert approved.body not in answer.content.decode()
    assert "removed at the author" in client.get(story.get_absolute_url()).content.decode()
