"""The API and editions: every story says its edition, every list filters by one."""

import pytest
from django.test import TestCase
from django.utils import timezone

from articles.editions import registry as editions
from tests.factories import (
    make_article,
    make_author,
    make_correction,
    make_interview,
    make_section,
)

pytestmark = pytest.mark.django_db

HEADLINES = {
    "en": "Harbour council approves the new ferry pier",
    "ckb": "ئەنجومەنی بەندەر پردی نوێی کەشتی پەسەند کرد",
    "ar": "مجلس الميناء يوافق على رصيف العبّارات الجديد",
    "kmr": "Meclîsa benderê îskeleya nû ya keştiyan pejirand",
}
# The lists api/urls.py must pass ``edition`` to (its QUERY table): until it does, the
# page cache hands these views no edition and they answer every edition's items.


@pytest.fixture
def desks(db):
    """One story per edition, each with its own section, tag, writer, interview, correction."""
    stories = {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        for code, headline in HEADLINES.items():
            story = make_article(
                edition=code,
                headline=headline,
                section=make_section(edition=code, name=f"News {code}", slug=f"news-{code}"),
                authors=[make_author(name=f"Writer {code}", slug=f"writer-{code}")],
                tags=[f"topic-{code}"],
            )
            make_interview(story, turns=2)
            make_correction(story, text=f"A correction in {code}.")
            stories[code] = story
    return stories


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_every_story_carries_its_edition_and_language(client, desks):
    items = get(client, "/api/v1/stories", limit=100)["items"]
    assert {item["id"]: (item["edition"], item["language"]) for item in items} == {
        story.pk: (code, editions.get(code).in_language) for code, story in desks.items()
    }
    sorani = get(client, f"/api/v1/stories/{desks['ckb'].pk}")
    assert sorani["edition"] == "ckb"
    assert sorani["url"] == f"http://testserver{desks['ckb'].get_absolute_url()}"
    assert sorani["url"].startswith("http://testserver/ckb/stories/")
    assert get(client, "/api/v1/stories", fields="edition")["items"][0].keys() == {"id", "edition"}


@pytest.mark.parametrize("code", list(HEADLINES))
def test_the_story_list_filters_by_edition(client, desks, code):
    items = get(client, "/api/v1/stories", edition=code)["items"]
    assert [item["headline"] for item in items] == [HEADLINES[code]]


def test_a_story_author_and_tag_addresses_are_in_its_edition(client, desks):
    data = get(client, f"/api/v1/stories/{desks['kmr'].pk}", include="tags,bylines")
    assert data["authors"][0]["url"] == "http://testserver/kmr/author/writer-kmr/"
    assert data["bylines"][0]["author"]["url"] == "http://testserver/kmr/author/writer-kmr/"
    assert data["tags"][0]["url"] == "http://testserver/kmr/tag/topic-kmr/"
    assert data["section"]["url"] == "http://testserver/kmr/section/news-kmr/"


def test_times_are_in_the_story_edition_zone(client, desks):
    data = get(client, f"/api/v1/stories/{desks['ckb'].pk}", include="corrections")
    zone = editions.get("ckb").zone
    assert data["date_published"] == timezone.localtime(desks["ckb"].published_at, zone).isoformat()
    correction = desks["ckb"].corrections.get()
    assert data["corrections"][0]["date_published"] == (
        timezone.localtime(correction.created_at, zone).isoformat()
    )


def test_search_reads_one_edition(client, desks):
    found = get(client, "/api/v1/search", q="پەسەند", edition="ckb")["items"]
    assert [item["id"] for item in found] == [desks["ckb"].pk]
    assert get(client, "/api/v1/search", q="پەسەند", edition="en")["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stories",
        "/api/v1/search?q=harbour",
        "/api/v1/interviews",
        "/api/v1/sections",
        "/api/v1/tags",
        "/api/v1/authors",
        "/api/v1/corrections",
    ],
)
@pytest.mark.parametrize("value", ["xx", "ku", "EN", "کوردی"])
def test_an_unknown_edition_is_refused_with_the_valid_ones(client, url, value):
    path, _, query = url.partition("?q=")
    response = client.get(path, {"edition": value, **({"q": query} if query else {})})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "edition" in detail.lower()
    for code in editions.codes():
        assert code in detail


@pytest.mark.parametrize("code", list(HEADLINES))
def test_every_other_list_filters_by_edition(client, desks, code):
    story = desks[code]
    interviews = get(client, "/api/v1/interviews", edition=code)["items"]
    assert [item["story"]["id"] for item in interviews] == [story.pk]
    sections = get(client, "/api/v1/sections", edition=code)["items"]
    assert [(s["slug"], s["edition"]) for s in sections] == [(f"news-{code}", code)]
    tags = get(client, "/api/v1/tags", edition=code)["items"]
    assert [(t["slug"], t["url"]) for t in tags] == [
        (f"topic-{code}", f"http://testserver/{code}/tag/topic-{code}/")
    ]
    authors = get(client, "/api/v1/authors", edition=code)["items"]
    assert [a["slug"] for a in authors] == [f"writer-{code}"]
    corrections = get(client, "/api/v1/corrections", edition=code)["items"]
    assert [c["story"]["id"] for c in corrections] == [story.pk]


def test_sections_say_their_edition(client, desks):
    sections = get(client, "/api/v1/sections")["items"]
    assert {(s["slug"], s["edition"]) for s in sections} == {
        (f"news-{code}", code) for code in HEADLINES
    }
