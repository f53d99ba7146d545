"""
Every public page costs the same number of queries in every edition: an edition is a
filter on the same queries, never a query of its own (editions are settings).
"""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.editions.registry import all_editions
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_correction,
    make_interview,
    make_section,
)

pytestmark = pytest.mark.django_db

# Original words in each edition's script: what its desk would publish.
WORDS = {
    "en": ("Harbour", "The harbour reopens after the storm", "harbour"),
    "ckb": ("بەندەر", "بەندەرەکە دوای زریانەکە دەکرێتەوە", "بەندەر"),
    "ar": ("الميناء", "الميناء يعيد فتح أبوابه بعد العاصفة", "الميناء"),
    "kmr": ("Bender", "Bender piştî bahozê dîsa vedibe", "bender"),
}


def newsroom(edition):
    """A section, an author, three stories (one an interview, one corrected), comments."""
    section_name, headline, word = WORDS[edition.code]
    section = make_section(edition=edition.code, name=section_name, slug=section_name.lower())
    author = make_author()
    stories = [
        make_article(
            edition=edition.code,
            section=section,
            headline=f"{headline} {n}",
            slug=f"{word}-{n}",
            authors=[author],
            tags=[f"{word}-tag"],
        )
        for n in range(3)
    ]
    make_interview(stories[0], turns=12)
    make_correction(stories[1])
    for _ in range(3):
        make_comment(stories[0], status="approved")
    return {"section": section, "author": author, "stories": stories, "word": word}


def pages(edition, made):
    story, corrected = made["stories"][0], made["stories"][1]
    with translation.override(edition.language):
        return {
            "front": reverse("articles:front"),
            "interview": story.get_absolute_url(),
            "corrected story": corrected.get_absolute_url(),
            "section": made["section"].get_absolute_url(),
            "tag": reverse("articles:tag", kwargs={"slug": story.tags.get().slug}),
            "author": reverse("articles:author", kwargs={"slug": made["author"].slug}),
            "corrections": reverse("articles:corrections"),
            "search": reverse("articles:search") + "?q=" + quote(made["word"]),
            "feed": reverse("articles:feed"),
            "sitemap": reverse("articles:sitemap-index"),
        }


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_each_page_costs_the_same_in_every_edition(client, settings):
    # Measured without the page cache: the render's own queries.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    made = {edition.code: newsroom(edition) for edition in all_editions()}
    costs = {
        edition.code: {
            name: count(client, url) for name, url in pages(edition, made[edition.code]).items()
        }
        for edition in all_editions()
    }
    english = costs["en"]
    for code, pages_cost in costs.items():
        assert pages_cost == english, f"{code} differs from en: {pages_cost} vs {english}"
