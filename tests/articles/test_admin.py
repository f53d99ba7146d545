"""Editors work in the admin: these tests post the forms an editor would."""

import pytest
from django.test import Client
from taggit.models import Tag

from articles.models import Article, Author, Interview, Section
from tests import factories
from tests.factories import (
    article_form,
    logged_in,
    make_article,
    make_author,
    make_interview,
    make_section,
    make_staff,
    management,
    rows,
)

pytestmark = pytest.mark.django_db


def test_an_editor_publishes_an_interview_story_from_nothing(editor_client, client):
    # A section and an author, made in the admin too.
    response = editor_client.post(
        "/admin/articles/section/add/",
        {"edition": "en", "name": "Coast", "slug": "coast", "position": "1"},
    )
    assert response.status_code == 302
    response = editor_client.post(
        "/admin/articles/author/add/",
        {"name": "Ines Carvalho", "slug": "ines-carvalho", "handle": "@ines_c"},
    )
    assert response.status_code == 302, response.context["adminform"].errors
    section, author = Section.objects.get(), Author.objects.get()
    existing_tag = Tag.objects.create(name="Norway", slug="norway")

    data = article_form(section, tags=[str(existing_tag.pk)])
    data |= rows("bylines", [{"order": "", "author": str(author.pk), "role": "interviewer"}])
    data |= rows("interview", [{"intro": "What follows is a transcript of the interview."}])
    response = editor_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get()
    assert article.status == "draft"
    assert sorted(article.tags.names()) == ["Lighthouses", "Norway", "Winter"]
    assert article.bylines.get().position == 1
    interview = Interview.objects.get(article=article)

    # Participants first; then their labels are offered as speakers.
    interview_url = f"/admin/articles/interview/{interview.pk}/change/"
    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert interview_url in page.content.decode()
    base = {
        "article": str(article.pk),
        "intro": interview.intro,
        "recorded_on": "",
        "recorded_at": "By phone",
        "edited_note": "on",
        "_continue": "Save and continue editing",
    }
    response = editor_client.post(
        interview_url,
        base
        | rows(
            "participants",
            [
                {
                    "order": "",
                    "name": "The Harbour Ledger",
                    "label": "Ledger",
                    "is_interviewer": "on",
                },
                {"order": "", "name": "Sigrid Berg", "label": "Berg", "role": "Lighthouse keeper"},
            ],
        )
        | management("turns", 0),
    )
    assert response.status_code == 302
    ledger, berg = interview.participants.order_by("position")
    speakers = editor_client.get(interview_url).content.decode()
    assert f'<option value="{berg.pk}">Berg</option>' in speakers

    participant_rows = factories.participant_rows(interview)
    turn_rows = [
        {
            "order": "",
            "participant": str(ledger.pk if n % 2 else berg.pk),
            "text": f"Turn number {n}.",
            "timecode": "",
        }
        for n in range(1, 7)
    ]
    response = editor_client.post(
        interview_url,
        base | rows("participants", participant_rows, initial=2) | rows("turns", turn_rows),
    )
    assert response.status_code == 302
    assert list(interview.turns.values_list("position", "participant__label", "text")) == [
        (n, "Ledger" if n % 2 else "Berg", f"Turn number {n}.") for n in range(1, 7)
    ]

    # Still a draft: readers get a 404.
    assert client.get(article.get_absolute_url()).status_code == 404

    # Publish: choosing "Published" with no time means now.
    data = article_form(section, status="published", tags=[str(existing_tag.pk)], new_tags="")
    data |= rows(
        "bylines",
        [
            {
                "id": str(article.bylines.get().pk),
                "article": str(article.pk),
                "order": "1",
                "author": str(author.pk),
                "role": "interviewer",
            }
        ],
        initial=1,
    )
    data |= rows(
        "interview",
        [
            {
                "id": str(interview.pk),
                "article": str(article.pk),
                "intro": interview.intro,
                "recorded_at": "By phone",
                "edited_note": "on",
            }
        ],
        initial=1,
    )
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].errors
    article.refresh_from_db()
    assert article.is_public

    front = client.get("/en/").content.decode()
    assert "A quiet winter at the lighthouse" in front
    story = client.get(article.get_absolute_url()).content.decode()
    assert story.count('class="turn__label"') == 6
    assert "Sigrid Berg" in story and "Lighthouse keeper" in story


def test_reordering_turns_needs_no_hand_renumbering(editor_client):
    article = make_article()
    interview = make_interview(article, turns=4)
    turns = list(interview.turns.order_by("position"))
    participants = list(interview.participants.order_by("position"))
    participant_rows = factories.participant_rows(interview)
    # Move the last turn to the top by typing 1 (the first turn holds 1 too),
    # delete the second, add a new one with no number: it goes last.
    turn_rows = []
    for turn in turns:
        row = {
            "id": str(turn.pk),
            "interview": str(interview.pk),
            "order": str(turn.position),
            "participant": str(turn.participant_id),
            "text": turn.text,
            "timecode": "",
        }
        turn_rows.append(row)
    turn_rows[3]["order"] = "1"
    turn_rows[1]["DELETE"] = "on"
    turn_rows.append(
        {"order": "", "participant": str(participants[1].pk), "text": "Added.", "timecode": "01:02"}
    )
    data = {
        "article": str(article.pk),
        "intro": interview.intro,
        "edited_note": "on",
        "_continue": "Save",
    }
    data |= rows("participants", participant_rows, initial=2)
    data |= rows("turns", turn_rows, initial=4)
    response = editor_client.post(f"/admin/articles/interview/{interview.pk}/change/", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    assert list(interview.turns.values_list("position", "text")) == [
        (1, "Answer number 4."),
        (2, "Question number 1."),
        (3, "Question number 3."),
        (4, "Added."),
    ]


def test_new_turns_typed_without_numbers_keep_the_order_they_were_typed_in(editor_client):
    # The browser numbers a row added with "Add another" (4) and leaves the first,
    # blank rows unnumbered: the rows still read in the order they stand on the page.
    article = make_article()
    interview = make_interview(article, turns=0)
    participants = list(interview.participants.order_by("position"))
    turn_rows = [
        {
            "order": "4" if n == 4 else "",
            "participant": str(participants[n % 2].pk),
            "text": f"Turn {n}.",
            "timecode": "",
        }
        for n in range(1, 5)
    ]
    data = {"article": str(article.pk), "intro": interview.intro, "_continue": "Save"}
    data |= rows("participants", factories.participant_rows(interview), initial=2)
    data |= rows("turns", turn_rows)
    response = editor_client.post(f"/admin/articles/interview/{interview.pk}/change/", data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    assert list(interview.turns.values_list("position", "text")) == [
        (n, f"Turn {n}.") for n in range(1, 5)
    ]


def test_a_turn_offers_only_this_interviews_participants(editor_client):
    interview = make_interview(make_article(), turns=1, interviewee="Okafor")
    make_interview(make_article(), turns=1, interviewee="Stranger")
    html = editor_client.get(f"/admin/articles/interview/{interview.pk}/change/").content.decode()
    assert ">Okafor</option>" in html
    assert ">Stranger</option>" not in html


def test_story_list_shows_status_section_authors_and_schedule(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    author = make_author(name="Tomas Reyes")
    make_article(headline="Live story", authors=[author])
    make_article(headline="Future story", published_at=timezone.now() + timedelta(days=1))
    make_article(headline="Draft story", published=False)
    html = editor_client.get("/admin/articles/article/").content.decode()
    assert "Live story" in html and "Tomas Reyes" in html
    assert "Scheduled for" in html
    assert "Draft" in html
    scheduled = editor_client.get("/admin/articles/article/?state=scheduled").content.decode()
    assert "Future story" in scheduled and "Live story" not in scheduled


def test_publish_and_unpublish_actions(editor_client, client):
    draft = make_article(published=False)
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [str(draft.pk)]},
    )
    assert response.status_code == 302
    assert client.get(draft.get_absolute_url()).status_code == 200
    editor_client.post(
        "/admin/articles/article/",
        {"action": "unpublish", "_selected_action": [str(draft.pk)]},
    )
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_tag_autocomplete_answers_editors(editor_client):
    Tag.objects.create(name="Fisheries", slug="fisheries")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "fish", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Fisheries"]


def test_admin_pages_need_the_right_group(moderator_client):
    article = make_article()
    assert moderator_client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 403
    reporter_user = make_staff("rep", group="Reporter")
    reporter = logged_in(reporter_user)
    # A reporter writes as their author (Author.user); without one, nothing to open later.
    assert reporter.get("/admin/articles/article/add/").status_code == 403
    make_author(user=reporter_user)
    assert reporter.get("/admin/articles/article/add/").status_code == 200
    assert reporter.get(f"/admin/articles/article/{article.pk}/delete/").status_code == 403
    assert reporter.get("/admin/articles/section/add/").status_code == 403
    anonymous = Client()
    response = anonymous.get("/admin/articles/article/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_lists_do_not_count_every_row(editor_client):
    for _ in range(3):
        make_article(authors=[make_author()])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        editor_client.get("/admin/articles/article/")
    for _ in range(20):
        make_article(authors=[make_author()], section=make_section())
    with CaptureQueriesContext(connection) as many:
        editor_client.get("/admin/articles/article/")
    assert len(few) == len(many)
