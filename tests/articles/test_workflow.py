"""
Roles and the status flow (issue 4): what Reporters, Editors and Moderators may
do in the admin, every transition through the services, and scheduling at the
boundary with no process running.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.editorial import workflow
from articles.models import Article, Byline
from tests.factories import (
    article_form,
    change_data,
    change_url,
    logged_in,
    make_article,
    make_author,
    make_interview,
    make_section,
    management,
    split,
)

pytestmark = pytest.mark.django_db

S = Article.Status


# The status flow, through the services -----------------------------------------------------


def in_state(state):
    now = timezone.now()
    fields = {
        "draft": {"status": S.DRAFT},
        "in_review": {"status": S.IN_REVIEW},
        "scheduled": {"status": S.PUBLISHED, "published_at": now + timedelta(days=1)},
        "live": {"status": S.PUBLISHED, "published_at": now - timedelta(hours=1)},
        "unpublished": {"status": S.UNPUBLISHED, "published_at": now - timedelta(days=1)},
    }[state]
    return make_article(published=False, **fields)


def later():
    return timezone.now() + timedelta(days=2)


MOVES = {
    "submit": lambda a, by: workflow.submit_for_review(article=a, by=by),
    "return": lambda a, by: workflow.return_to_draft(article=a, by=by),
    "publish": lambda a, by: workflow.publish_article(article=a, at=timezone.now(), by=by),
    "schedule": lambda a, by: workflow.schedule(article=a, at=later(), by=by),
    "unpublish": lambda a, by: workflow.unpublish_article(article=a, by=by),
}
ALLOWED = [
    ("draft", "submit", "in_review"),
    ("draft", "publish", "live"),
    ("draft", "schedule", "scheduled"),
    ("in_review", "return", "draft"),
    ("in_review", "publish", "live"),
    ("in_review", "schedule", "scheduled"),
    ("scheduled", "publish", "live"),
    ("scheduled", "schedule", "scheduled"),
    ("scheduled", "return", "draft"),
    ("scheduled", "unpublish", "unpublished"),
    ("live", "unpublish", "unpublished"),
    ("unpublished", "return", "draft"),
    ("unpublished", "publish", "live"),
    ("unpublished", "schedule", "scheduled"),
]
REFUSED = [
    (state, move)
    for state in ("draft", "in_review", "scheduled", "live", "unpublished")
    for move in MOVES
    if (state, move) not in {(s, m) for s, m, _ in ALLOWED}
]


@pytest.mark.parametrize(("state", "move", "result"), ALLOWED)
def test_each_allowed_transition_goes_through_its_service(state, move, result, editor):
    article = in_state(state)
    MOVES[move](article, editor)
    article.refresh_from_db()
    assert article.state == result
    assert article.modified_by == editor
    # Each one is a revision of the whole story, with who did it.
    from articles.editorial.revisions import versions_of

    assert versions_of(article).first().revision.user == editor


@pytest.mark.parametrize(("state", "move"), REFUSED)
def test_every_other_transition_is_refused_and_changes_nothing(state, move, editor):
    article = in_state(state)
    before = Article.objects.values().get(pk=article.pk)
    with pytest.raises(ValidationError):
        MOVES[move](article, editor)
    assert Article.objects.values().get(pk=article.pk) == before


def test_refusals_say_what_to_do():
    live = in_state("live")
    with pytest.raises(ValidationError, match="Unpublish it first"):
        workflow.return_to_draft(article=live)
    with pytest.raises(ValidationError, match="live already"):
        workflow.publish_article(article=live)
    with pytest.raises(ValidationError, match="future time"):
        workflow.schedule(article=in_state("draft"), at=timezone.now() - timedelta(minutes=1))


def test_a_status_service_works_on_the_saved_row_not_a_stale_copy():
    article = in_state("draft")
    stale = Article.objects.get(pk=article.pk)
    workflow.submit_for_review(article=article)
    # The stale copy still says "draft"; the service reads the row and refuses honestly.
    with pytest.raises(ValidationError, match="in review already"):
        workflow.submit_for_review(article=stale)
    stale.headline = "Edited in memory only"
    workflow.publish_article(article=stale, at=timezone.now())
    article.refresh_from_db()
    assert article.state == "live"
    assert article.headline != "Edited in memory only"  # only status and times are written


# Scheduling: no cron, the time alone decides --------------------------------------------------


def test_a_scheduled_story_goes_live_exactly_at_its_time(client, monkeypatch):
    moment = timezone.now().replace(microsecond=0) + timedelta(hours=3)
    section = make_section(slug="harbour")
    article = make_article(
        headline="Night ferry returns", section=section, authors=[make_author()], published=False
    )
    workflow.schedule(article=article, at=moment)

    def read_at(now):
        monkeypatch.setattr(timezone, "now", lambda: now)
        cache.clear()  # the page cache keeps pages up to the next publication, by real time
        return {
            "published": Article.objects.published().filter(pk=article.pk).exists(),
            "story": client.get(article.get_absolute_url()).status_code,
            "front": "Night ferry returns" in client.get("/en/").content.decode(),
            "section": "Night ferry returns" in client.get("/en/section/harbour/").content.decode(),
            "feed": "Night ferry returns" in client.get("/en/feed/").content.decode(),
        }

    before = read_at(moment - timedelta(microseconds=1))
    assert before == {
        "published": False,
        "story": 404,
        "front": False,
        "section": False,
        "feed": False,
    }
    assert read_at(moment) == {
        "published": True,
        "story": 200,
        "front": True,
        "section": True,
        "feed": True,
    }


def test_the_admin_shows_scheduled_times_in_the_newsrooms_zone(editor, settings):
    settings.TIME_ZONE = "America/New_York"
    at = timezone.now() + timedelta(days=1)
    article = in_state("draft")
    workflow.schedule(article=article, at=at)
    html = logged_in(editor).get("/admin/articles/article/?state=scheduled").content.decode()
    local = timezone.localtime(at)
    assert f"Scheduled for {local.strftime('%b %-d, %Y, %H:%M %Z')}" in html
    assert local.strftime("%Z") in {"EST", "EDT"}


# Reporters -----------------------------------------------------------------------------------


def test_a_reporter_creates_a_story_and_gets_a_byline(reporter):
    user, author = reporter
    section = make_section()
    data = article_form(section) | management("bylines", 0) | management("interview", 0)
    response = logged_in(user).post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get()
    assert article.status == S.DRAFT
    assert list(article.bylines.values_list("author", "role", "position")) == [
        (author.pk, Byline.Role.REPORTER, 1)
    ]
    assert article.modified_by == user


def test_a_reporter_is_offered_draft_and_review_only(reporter):
    user, author = reporter
    article = make_article(published=False, authors=[author])
    page = logged_in(user).get(change_url(article))
    status = page.context["adminform"].form.fields["status"]
    assert [value for value, _ in status.choices] == [S.DRAFT, S.IN_REVIEW]
    assert "published_at" not in page.context["adminform"].form.fields
    assert "updated_at" not in page.context["adminform"].form.fields
    html = page.content.decode()
    assert "Save and submit for review" in html
    assert "Share-draft links" not in html  # editors only


def test_a_reporter_cannot_publish_by_posting_the_status(reporter):
    user, author = reporter
    article = make_article(published=False, authors=[author])
    client = logged_in(user)
    data = change_data(article, status="published", published_at_0="2020-01-01")
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == S.DRAFT and article.published_at is None


def test_a_reporter_edits_their_draft_and_submits_it_for_review(reporter):
    user, author = reporter
    article = make_article(published=False, authors=[author])
    client = logged_in(user)
    data = change_data(article, headline="Rewritten by the reporter", _submit_for_review="1")
    del data["_continue"]
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].errors
    article.refresh_from_db()
    assert article.headline == "Rewritten by the reporter"
    assert article.status == S.IN_REVIEW
    # Still theirs to edit while in review, or to take back to draft.
    response = client.post(change_url(article), change_data(article, status="draft"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_a_reporter_cannot_change_their_story_once_published(reporter):
    user, author = reporter
    article = make_article(authors=[author])  # published an hour ago
    client = logged_in(user)
    page = client.get(change_url(article))
    assert page.status_code == 200  # they may read it…
    assert "Save and continue editing" not in page.content.decode()
    response = client.post(change_url(article), change_data(article, headline="Sneaky"))
    assert response.status_code == 403  # …not change it
    article.refresh_from_db()
    assert article.headline != "Sneaky"


def test_a_reporter_sees_only_stories_with_their_byline(reporter):
    user, author = reporter
    mine = make_article(headline="Mine", published=False, authors=[author])
    theirs = make_article(headline="A colleague's draft", published=False, authors=[make_author()])
    client = logged_in(user)
    listing = client.get("/admin/articles/article/").content.decode()
    assert "Mine" in listing and "A colleague" not in listing
    assert client.get(change_url(theirs)).status_code == 302  # "does not exist", as for any
    assert client.post(change_url(theirs), change_data(theirs)).status_code == 302
    theirs.refresh_from_db()
    assert theirs.version == 1
    assert client.get(change_url(mine)).status_code == 200


def test_a_reporter_keeps_their_byline_even_if_they_remove_it(reporter):
    user, author = reporter
    article = make_article(published=False, authors=[author])
    data = change_data(article)
    data["bylines-0-DELETE"] = "on"
    response = logged_in(user).post(change_url(article), data)
    assert response.status_code == 302
    assert list(article.bylines.values_list("author", flat=True)) == [author.pk]


def test_a_reporters_actions_are_submit_and_return_only(reporter):
    user, author = reporter
    article = make_article(published=False, authors=[author])
    client = logged_in(user)
    actions = client.get("/admin/articles/article/").context["action_form"].fields["action"]
    assert {value for value, _ in actions.choices} == {"", "submit_for_review", "return_to_draft"}
    response = client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [article.pk]},
        follow=True,
    )
    # Publishing is not one of their actions: they are sent back to the list, told so.
    assert response.redirect_chain == [("/admin/articles/article/", 302)]
    assert [str(message) for message in response.context["messages"]] == ["No action selected."]
    article.refresh_from_db()
    assert article.status == S.DRAFT
    client.post(
        "/admin/articles/article/",
        {"action": "submit_for_review", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


def test_a_reporter_cannot_delete_or_touch_a_published_transcript(reporter):
    user, author = reporter
    published = make_article(authors=[author])
    interview = make_interview(published, turns=2)
    client = logged_in(user)
    assert client.get(f"/admin/articles/article/{published.pk}/delete/").status_code == 403
    url = f"/admin/articles/interview/{interview.pk}/change/"
    assert client.get(url).status_code == 200  # readable…
    assert client.post(url, {"article": str(published.pk)}).status_code == 403  # …not changeable
    assert client.get(f"/admin/articles/interview/{interview.pk}/paste/").status_code == 403


def test_a_reporter_cannot_restore_revisions_or_recover_stories(reporter):
    user, author = reporter
    article = make_article(published=False, authors=[author])
    client = logged_in(user)
    assert client.get("/admin/articles/article/recover/").status_code != 200
    page = client.get(f"/admin/articles/article/{article.pk}/history/compare/")
    assert page.status_code == 200
    assert page.context["can_restore"] is False


# Editors and moderators ------------------------------------------------------------------------


def test_an_editor_schedules_and_publishes_through_the_form(editor):
    article = make_article(published=False, authors=[make_author()])
    client = logged_in(editor)
    at = timezone.now() + timedelta(days=3)
    day, time = split(at)
    data = change_data(article, status="published", published_at_0=day, published_at_1=time)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].errors
    article.refresh_from_db()
    assert article.state == "scheduled"
    page = client.get(change_url(article)).content.decode()
    assert "Scheduled for" in page


def test_an_editor_cannot_send_a_live_story_back_to_draft_through_the_form(editor):
    article = make_article(authors=[make_author()])
    response = logged_in(editor).post(change_url(article), change_data(article, status="draft"))
    assert response.status_code == 200
    assert "Unpublish it first" in str(response.context["adminform"].form.errors["status"])


def test_an_editor_unpublishes_and_returns_stories_to_draft_with_actions(editor):
    live, in_review = in_state("live"), in_state("in_review")
    client = logged_in(editor)
    client.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": [live.pk]})
    client.post(
        "/admin/articles/article/",
        {"action": "return_to_draft", "_selected_action": [in_review.pk]},
    )
    live.refresh_from_db()
    in_review.refresh_from_db()
    assert (live.status, in_review.status) == (S.UNPUBLISHED, S.DRAFT)


def test_an_action_reports_the_stories_it_could_not_move(editor):
    live, draft = in_state("live"), in_state("draft")
    response = logged_in(editor).post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [live.pk, draft.pk]},
        follow=True,
    )
    texts = [str(message) for message in response.context["messages"]]
    assert any("live already" in text for text in texts)
    assert any(text == "Published 1 story." for text in texts)


def test_an_editor_sees_and_changes_every_story(editor):
    article = make_article(published=False, authors=[make_author()])
    client = logged_in(editor)
    assert "Share-draft links" in client.get(change_url(article)).content.decode()
    response = client.post(change_url(article), change_data(article, headline="Edited"))
    assert response.status_code == 302


def test_a_moderator_has_no_story_admin(moderator_client):
    moderator = moderator_client
    article = make_article()
    assert moderator.get("/admin/articles/article/").status_code == 403
    assert moderator.get(change_url(article)).status_code == 403
    assert moderator.get(f"/admin/articles/article/{article.pk}/history/compare/").status_code in (
        302,
        403,
    )
    assert moderator.get("/moderation/").status_code == 200
