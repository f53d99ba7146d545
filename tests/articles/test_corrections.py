"""
Corrections and updates (issue 4): typed entries shown on the story with their
times, the story's "Updated" time, JSON-LD, and a public corrections page.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editorial import corrections
from articles.models import Correction
from tests.articles.test_discovery import head_of
from tests.articles.test_query_budgets import STORY_PAGE_QUERIES, count_queries, story
from tests.factories import (
    change_data,
    change_url,
    logged_in,
    make_article,
    make_correction,
    make_section,
)

pytestmark = pytest.mark.django_db

K = Correction.Kind


def ago(**delta):
    return timezone.now() - timedelta(**delta)


# The service -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "moves"), [(K.CORRECTION, True), (K.UPDATE, True), (K.NOTE, False)]
)
def test_a_correction_or_update_sets_the_updated_time_a_note_does_not(kind, moves, editor):
    article = make_article(published_at=ago(days=1))
    at = ago(minutes=5)
    correction = corrections.add_correction(
        article=article, kind=kind, text=" Fixed. ", at=at, by=editor
    )
    article.refresh_from_db()
    assert correction.text == "Fixed."
    assert correction.created_by == editor
    assert article.updated_at == (at if moves else None)
    assert article.show_updated is moves


def test_the_updated_time_never_moves_back():
    article = make_article(published_at=ago(days=2))
    corrections.add_correction(article=article, kind=K.UPDATE, text="Later.", at=ago(hours=1))
    corrections.add_correction(article=article, kind=K.CORRECTION, text="Earlier.", at=ago(hours=5))
    article.refresh_from_db()
    assert article.updated_at == Correction.objects.get(text="Later.").created_at


def test_a_correction_needs_text():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        corrections.add_correction(article=make_article(), kind=K.CORRECTION, text="   ")


# In the admin ------------------------------------------------------------------------------------


def test_an_editor_adds_a_correction_in_the_story_admin(editor):
    article = make_article(published_at=ago(days=1))
    at = timezone.localtime(ago(minutes=1))
    data = change_data(article) | {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": "correction",
        "corrections-0-text": "An earlier version misspelled the harbour master's name.",
        "corrections-0-created_at_0": at.strftime("%Y-%m-%d"),
        "corrections-0-created_at_1": at.strftime("%H:%M:%S"),
    }
    response = logged_in(editor).post(change_url(article), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    correction = Correction.objects.get()
    assert (correction.article, correction.created_by) == (article, editor)
    article.refresh_from_db()
    assert article.updated_at == correction.created_at
    # Editing it again keeps one row; deleting it removes it.
    data = change_data(article) | {"corrections-0-DELETE": "on"}
    assert logged_in(editor).post(change_url(article), data).status_code == 302
    assert Correction.objects.count() == 0


def test_reporters_read_corrections_but_do_not_write_them(reporter):
    user, author = reporter
    draft = make_article(published=False, authors=[author])
    make_correction(draft, text="Existing note.")
    client = logged_in(user)
    page = client.get(change_url(draft))
    assert "Existing note." in page.content.decode()
    data = change_data(draft) | {
        "corrections-TOTAL_FORMS": "2",
        "corrections-1-kind": "correction",
        "corrections-1-text": "Sneaky.",
        "corrections-1-created_at_0": "2024-01-01",
        "corrections-1-created_at_1": "10:00:00",
    }
    client.post(change_url(draft), data)
    assert not Correction.objects.filter(text="Sneaky.").exists()


# On the story ------------------------------------------------------------------------------------


def test_the_story_shows_corrections_at_the_top_and_updates_under_the_body(client):
    article = make_article(published_at=ago(days=3), body="<p>The body text.</p>")
    corrections.add_correction(article=article, kind=K.CORRECTION, text="Old fix.", at=ago(days=2))
    add = corrections.add_correction
    add(article=article, kind=K.CORRECTION, text="New fix.", at=ago(days=1))
    add(article=article, kind=K.UPDATE, text="Vote passed.", at=ago(hours=2))
    add(article=article, kind=K.NOTE, text="Editor's aside.", at=ago(hours=1))
    html = client.get(article.get_absolute_url()).content.decode()
    new_fix, old_fix = html.index("New fix."), html.index("Old fix.")
    body, update = html.index("The body text."), html.index("Vote passed.")
    note = html.index("Editor&#x27;s aside.")
    assert new_fix < old_fix < body < note < update  # corrections on top, newest first
    assert "Editor&#x27;s note" in html and ">Update <time" in html
    updated = timezone.localtime(ago(hours=2))
    assert "story__updated" in html
    assert f"{updated:%B} {updated.day}, {updated.year}" in html


def test_the_json_ld_carries_corrections_only(client):
    article = make_article(published_at=ago(days=1))
    corrections.add_correction(article=article, kind=K.CORRECTION, text="A fix.", at=ago(hours=3))
    corrections.add_correction(article=article, kind=K.UPDATE, text="An update.", at=ago(hours=2))
    head, _ = head_of(client, article)
    data = json.loads(head.json_ld[0])
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "A fix.",
            "datePublished": timezone.localtime(
                Correction.objects.get(text="A fix.").created_at
            ).isoformat(),
            "name": "Correction",
        }
    ]
    update = Correction.objects.get(text="An update.")
    assert data["dateModified"] == timezone.localtime(update.created_at).isoformat()


def test_a_new_correction_reaches_a_cached_story_page(client):
    article = make_article(published_at=ago(days=1))
    assert "First fix." not in client.get(article.get_absolute_url()).content.decode()
    corrections.add_correction(article=article, kind=K.CORRECTION, text="First fix.")
    assert "First fix." in client.get(article.get_absolute_url()).content.decode()


# STORY_PAGE_QUERIES holds for the (many) stories without corrections: the story's own
# query says whether it has any. One with corrections costs one query more, however many.
STORY_WITH_CORRECTIONS_QUERIES = STORY_PAGE_QUERIES + 1


def test_story_page_budget_with_corrections(client):
    plain = story(turns=3, authors=1, tags=1)
    assert count_queries(client, plain.get_absolute_url()) == STORY_PAGE_QUERIES
    few, many = story(turns=3, authors=1, tags=1), story(turns=30, authors=3, tags=5)
    make_correction(few)
    for _ in range(10):
        make_correction(many, kind=K.UPDATE)
    assert count_queries(client, few.get_absolute_url()) == STORY_WITH_CORRECTIONS_QUERIES
    assert count_queries(client, many.get_absolute_url()) == STORY_WITH_CORRECTIONS_QUERIES


# The corrections page ----------------------------------------------------------------------------


def test_the_corrections_page_lists_published_stories_newest_first(client):
    live = make_article(headline="Live story", published_at=ago(days=2))
    draft = make_article(headline="Draft story", published=False)
    scheduled = make_article(headline="Scheduled story", published_at=timezone.now() + timedelta(1))
    make_correction(live, text="Older correction.", created_at=ago(days=1))
    make_correction(live, kind=K.UPDATE, text="Newer update.", created_at=ago(hours=1))
    make_correction(draft, text="Draft fix.")
    make_correction(scheduled, text="Scheduled fix.")
    response = client.get("/en/corrections/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newer update.") < html.index("Older correction.")
    assert "Draft fix." not in html and "Scheduled fix." not in html
    assert f'href="{live.get_absolute_url()}#correction-' in html
    assert "Cache-Control" in response and "public" in response["Cache-Control"]


def test_the_corrections_page_is_paginated_without_counting(client, settings):
    article = make_article(published_at=ago(days=30))
    for n in range(settings.NEWSROOM_PAGE_SIZE + 2):
        make_correction(article, text=f"Fix number {n}.", created_at=ago(hours=n + 1))
    first = client.get("/en/corrections/").content.decode()
    assert "Fix number 0." in first and f"Fix number {settings.NEWSROOM_PAGE_SIZE}." not in first
    assert 'rel="next" href="?page=2"' in first
    second = client.get("/en/corrections/?page=2").content.decode()
    assert f"Fix number {settings.NEWSROOM_PAGE_SIZE + 1}." in second
    assert client.get("/en/corrections/?page=9").status_code == 404


# Navigation sections, one page of corrections with their stories (one join).
CORRECTIONS_PAGE_QUERIES = 2


def test_corrections_page_budget_does_not_grow_with_corrections(client):
    counts = []
    for count in (3, 30):
        section = make_section()
        for n in range(count):
            article = make_article(section=section, published_at=ago(days=1))
            make_correction(article, created_at=ago(minutes=n))
        counts.append(count_queries(client, "/en/corrections/"))
    assert counts == [CORRECTIONS_PAGE_QUERIES, CORRECTIONS_PAGE_QUERIES]


def test_the_footer_links_to_the_corrections_page(client):
    assert 'href="/en/corrections/"' in client.get("/en/").content.decode()
