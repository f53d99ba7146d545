"""
Hostile input gets a 400 with a message, or an ordinary answer: never a 500.
Other scripts (Kurdish, Arabic) are text like any other; control characters, very
long values, junk cursors and huge limits are refused, each saying what was wrong.
"""

import base64

import pytest
from django.core import signing

pytestmark = pytest.mark.django_db


def forged(value, *, key=None):
    """A cursor signed as ours are (or with another key), holding ``value``."""
    return signing.Signer(key=key, salt="api.cursor.v1").sign_object(value)


LISTS = [
    "/api/v1/stories",
    "/api/v1/search?q=harbour",
    "/api/v1/interviews",
    "/api/v1/tags",
    "/api/v1/authors",
    "/api/v1/corrections",
    "/api/v1/stories/{story}/comments",
]

REFUSED = [
    ("limit", "1000000"),
    ("limit", "9" * 400),
    ("limit", "-5"),
    ("limit", "1e3"),
    ("limit", "\x00"),
    ("cursor", "junk"),
    ("cursor", "a" * 5000),
    ("cursor", "\x00\x01"),
    ("cursor", "کوردی"),
    ("cursor", base64.urlsafe_b64encode(b'["stories",[0,0]]').decode()),
    ("cursor", forged(["stories", ["2020-01-01T00:00:00+00:00", 1]], key="not-ours")),
    ("cursor", forged(["stories", ["not a date", 1]])),
    ("cursor", forged(["stories", [1]])),
    ("cursor", forged({"a": 1})),
    ("cursor", forged(["stories", [True, 1]])),
]

STORY_VALUES = [
    ("section", "بەندەر\x00"),
    ("tag", "\x1b[31m"),
    ("author", "x" * 10_000),
    ("since", "2024-13-45"),
    ("since", "0001-01-01"),
    ("until", "9999-12-31"),
    ("until", "٢٠٢٤-٠١-٠١"),
    ("has_transcript", "maybe"),
    ("fields", "headline,\u202ehtml_body"),
    ("fields", "x" * 600),
    ("include", "comments"),
]

# Not errors: text in any script simply matches nothing.
ACCEPTED = [
    ("section", "بەندەر"),
    ("tag", "کورد"),
    ("author", "مارا-لیندکویست"),
    ("section", "' OR 1=1 --"),
    ("tag", "%00"),
    ("fields", "headline, dek ,,"),
]


def check(response, *, status=400):
    assert response.status_code == status, response.content[:300]
    if status == 400:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and 10 < len(detail) < 1000
    return response


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(("name", "value"), REFUSED)
def test_bad_cursors_and_limits_are_refused_on_every_list(client, newsroom, url, name, value):
    url = url.format(story=newsroom["story"].pk)
    check(client.get(url, {name: value}))


@pytest.mark.parametrize(("name", "value"), STORY_VALUES)
def test_bad_story_filters_are_refused(client, newsroom, name, value):
    check(client.get("/api/v1/stories", {name: value}))


@pytest.mark.parametrize(("name", "value"), ACCEPTED)
def test_text_in_any_script_is_just_text(client, newsroom, name, value):
    check(client.get("/api/v1/stories", {name: value}), status=200)


@pytest.mark.parametrize("q", ["\x00", "ab\x07cd", "x" * 201, "", "کوردی\u0000", "-only", '"', "a"])
def test_bad_searches_are_refused(client, newsroom, q):
    check(client.get("/api/v1/search", {"q": q}))


@pytest.mark.parametrize("q", ["کوردی", "العربية", "harbour ⁦x⁩", "🙂 harbour"])
def test_searches_in_any_script_answer(client, newsroom, q):
    check(client.get("/api/v1/search", {"q": q}), status=200)


@pytest.mark.parametrize(
    "story_id",
    ["0", "-1", "abc", "9" * 40, "9223372036854775808", "١٢", "1.5", "%00", "%D9%A1"],
)
@pytest.mark.parametrize(
    "path", ["/api/v1/stories/{}", "/api/v1/stories/{}/comments", "/api/v1/interviews/{}"]
)
def test_bad_story_ids_are_refused_or_not_found(client, newsroom, path, story_id):
    response = client.get(path.format(story_id))
    assert response.status_code in (400, 404), (story_id, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_the_largest_id_is_simply_not_found(client, newsroom):
    check(client.get(f"/api/v1/stories/{2**63 - 1}"), status=404)
    check(client.get(f"/api/v1/stories/{2**63 - 1}/comments"), status=404)


def test_a_cursor_past_the_end_gives_an_empty_page(client, newsroom):
    cursor = forged(["search", [10**6]])
    data = check(client.get("/api/v1/search", {"q": "harbour", "cursor": cursor}), status=200)
    assert data.json()["items"] == []
