"""Surge controls of one story: pause with a notice, slow mode, reopening, the queue's alert."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import services
from comments.models import Comment
from comments.surge import controls as surge_controls
from comments.surge import services as surge
from comments.surge.models import SurgeControl
from tests.factories import logged_in, make_article, make_comment, make_reporter

pytestmark = pytest.mark.django_db

KURDISH_NOTICE = "ئێستا لێدوانەکان ڕاگیراون: We are reading what you sent."


def textarea(html, name="body"):
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    return found.group(1) if found else None


# Pause -----------------------------------------------------------------------------------


def test_a_paused_story_shows_the_notice_where_the_form_was(client, article, moderator):
    make_comment(article, status="approved", moderator=moderator, body="Already published.")
    surge.pause_comments(article=article, by=moderator, notice=KURDISH_NOTICE)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "New comments on this story are paused." in html
    assert "ئێستا لێدوانەکان ڕاگیراون" in html
    assert 'id="comment-form"' not in html
    assert "Already published." in html  # what was approved stays


def test_a_paused_story_refuses_a_post_and_gives_the_words_back(article, moderator, post_comment):
    surge.pause_comments(article=article, by=moderator)
    response = post_comment(article, body="Written before the pause.\nSecond line.")
    assert response.status_code == 403
    html = response.content.decode()
    assert "New comments on this story are paused" in html
    assert textarea(html) == "Written before the pause.\nSecond line."
    assert Comment.objects.count() == 0


def test_pause_and_resume_show_at_once_on_the_cached_page(client, article, moderator_client):
    url = article.get_absolute_url()
    assert 'id="comment-form"' in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    response = moderator_client.post(
        f"/moderation/stories/{article.pk}/controls/",
        {"paused": "on", "notice": "Back after the verdict.", "slow_mode_minutes": "0"},
    )
    assert response.status_code == 302
    paused = client.get(url)
    assert paused["X-Page-Cache"] == "miss"
    assert "Back after the verdict." in paused.content.decode()
    assert 'id="comment-form"' not in paused.content.decode()
    moderator_client.post(f"/moderation/stories/{article.pk}/controls/", {"slow_mode_minutes": "0"})
    assert 'id="comment-form"' in client.get(url).content.decode()


def test_pausing_refreshes_only_that_story(client, article, moderator):
    other = make_article(headline="Another story")
    client.get(other.get_absolute_url())
    surge.pause_comments(article=article, by=moderator)
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_who_paused_and_when_is_kept(article, moderator):
    controls = surge.pause_comments(article=article, by=moderator, notice="  Busy night.  ")
    assert controls.paused_by == moderator and controls.paused_at is not None
    assert controls.pause_notice == "Busy night."
    again = surge.pause_comments(article=article, by=moderator, notice="Still busy.")
    assert again.paused_at == controls.paused_at  # paused since the first time
    assert SurgeControl.objects.count() == 1


# Slow mode -------------------------------------------------------------------------------


def test_slow_mode_refuses_a_second_comment_within_the_minutes_and_keeps_the_text(
    article, moderator, post_comment
):
    surge.set_slow_mode(article=article, by=moderator, minutes=10)
    assert post_comment(article, body="My first thought.").status_code == 302
    second = post_comment(article, body="And a second one, كلمات عربية.")
    assert second.status_code == 429
    html = second.content.decode()
    assert "This story is in slow mode: one comment every 10 minutes per reader." in html
    assert "please send it again in 10 minutes" in html
    assert textarea(html) == "And a second one, كلمات عربية."
    assert Comment.objects.count() == 1
    # Another reader is not slowed by the first.
    assert post_comment(article, body="Someone else.", ip="198.51.100.9").status_code == 302


def test_slow_mode_lets_the_reader_comment_again_after_the_minutes(article, moderator):
    surge.set_slow_mode(article=article, by=moderator, minutes=10)
    first = make_comment(article, sender_hash="a" * 64)
    later = first.submitted_at + timedelta(minutes=10, seconds=1)
    assert surge_controls.slow_mode_message(article=article, sender="a" * 64, now=later) == ""
    soon = first.submitted_at + timedelta(minutes=4)
    message = surge_controls.slow_mode_message(article=article, sender="a" * 64, now=soon)
    assert "in 7 minutes" in message


def test_a_double_click_in_slow_mode_still_gets_its_received_page(article, moderator, post_comment):
    surge.set_slow_mode(article=article, by=moderator, minutes=5)
    assert post_comment(article, body="Clicked twice.").status_code == 302
    assert post_comment(article, body="Clicked twice.").status_code == 302
    assert Comment.objects.count() == 1


def test_the_story_page_says_when_slow_mode_is_on(client, article, moderator):
    surge.set_slow_mode(article=article, by=moderator, minutes=3)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "one comment every 3 minutes" in html and 'id="comment-form"' in html


# Reopening -------------------------------------------------------------------------------


def test_the_desk_reopens_comments_closed_by_age(client, settings, moderator_client, moderator):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=40))
    assert not services.comments_open(old)
    url = old.get_absolute_url()
    assert "Comments on this story are closed." in client.get(url).content.decode()
    response = moderator_client.post(
        f"/moderation/stories/{old.pk}/controls/", {"slow_mode_minutes": "0", "reopen": "on"}
    )
    assert response.status_code == 302
    assert 'id="comment-form"' in client.get(url).content.decode()
    controls = SurgeControl.objects.get(article=old)
    assert controls.reopened_by == moderator and controls.reopened_at is not None
    old.refresh_from_db()
    assert services.comments_open(old)
    closing = services.comments_close_at(old)
    assert closing - controls.reopened_at == timedelta(days=30)


def test_reopening_does_not_override_an_editor_who_closed_comments(moderator):
    closed = make_article(comments_enabled=False)
    surge.reopen_comments(article=closed, by=moderator)
    closed.refresh_from_db()
    assert not services.comments_open(closed)


# The form in the queue -------------------------------------------------------------------


def test_the_queue_shows_a_story_s_controls_form_to_moderators(moderator_client, article):
    html = moderator_client.get(f"/moderation/?article={article.pk}").content.decode()
    assert f'action="/moderation/stories/{article.pk}/controls/"' in html
    assert "Pause new comments" in html and "Slow mode" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_editors_may_set_controls_reporters_and_readers_may_not(
    client, article, editor_client, reporter
):
    url = f"/moderation/stories/{article.pk}/controls/"
    assert editor_client.post(url, {"slow_mode_minutes": "2"}).status_code == 302
    assert SurgeControl.objects.get().slow_mode_minutes == 2
    reporter_client = logged_in(reporter[0])
    denied = reporter_client.post(url, {"slow_mode_minutes": "0"})
    assert denied.status_code == 403
    assert client.post(url, {"slow_mode_minutes": "0"}).status_code == 302  # to log in
    assert SurgeControl.objects.get().slow_mode_minutes == 2


@pytest.mark.parametrize("value", ["-1", "abc", "99999", "", "5\u202e"])
def test_bad_slow_mode_is_refused_with_a_message_and_changes_nothing(
    moderator_client, article, value
):
    response = moderator_client.post(
        f"/moderation/stories/{article.pk}/controls/", {"slow_mode_minutes": value}, follow=True
    )
    assert response.status_code == 200
    assert "were not changed" in response.content.decode()
    assert not SurgeControl.objects.exists()


def test_a_notice_with_direction_controls_or_too_long_is_refused(moderator_client, article):
    url = f"/moderation/stories/{article.pk}/controls/"
    for notice in ["Eve\u202egnp.exe", "x" * 301]:
        response = moderator_client.post(
            url, {"paused": "on", "notice": notice, "slow_mode_minutes": "0"}, follow=True
        )
        assert "were not changed" in response.content.decode()
    assert not SurgeControl.objects.exists()


def test_controls_for_an_unknown_story_are_a_404(moderator_client):
    assert moderator_client.post("/moderation/stories/999999/controls/", {}).status_code == 404


def test_two_moderators_setting_controls_leave_one_row_with_the_last_word(article, moderator):
    other = make_reporter("second")[0]
    surge.update_controls(
        article=article, by=moderator, paused=True, notice="First", slow_mode_minutes=5
    )
    surge.update_controls(
        article=article, by=other, paused=True, notice="Second", slow_mode_minutes=0
    )
    controls = SurgeControl.objects.get()
    assert controls.pause_notice == "Second" and controls.paused_by == moderator
    assert controls.updated_by == other


def test_editors_change_controls_in_the_admin(editor_client, article, client):
    response = editor_client.post(
        "/admin/comments/surgecontrol/add/",
        {
            "article": article.pk,
            "pause_notice": "From the admin.",
            "slow_mode_minutes": "0",
            "paused": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "From the admin." in client.get(article.get_absolute_url()).content.decode()


# The alert -------------------------------------------------------------------------------


def test_a_story_over_the_threshold_alerts_at_the_top_of_the_queue(settings, moderator_client):
    settings.COMMENTS_SURGE_PENDING = 3
    busy = make_article(headline="Verdict day")
    quiet = make_article(headline="A quiet story")
    for _ in range(3):
        make_comment(busy)
    make_comment(quiet)
    html = moderator_client.get("/moderation/").content.decode()
    alert = re.search(
        r'<section class="notice notice--error surge-alerts".*?</section>', html, re.S
    )
    assert alert and "Verdict day" in alert.group(0) and "A quiet story" not in alert.group(0)
    assert f'href="/moderation/?article={busy.pk}#surge"' in alert.group(0)
    assert html.index("surge-alerts") < html.index("queue__filters")


def test_a_long_wait_alerts_too(settings, moderator_client):
    settings.COMMENTS_SURGE_OLDEST_MINUTES = 30
    slow = make_article(headline="Waiting story")
    make_comment(slow, submitted_at=timezone.now() - timedelta(minutes=45))
    assert "Waiting story" in moderator_client.get("/moderation/").content.decode()


def test_no_alert_when_every_story_is_under_the_thresholds(moderator_client, article):
    make_comment(article)
    assert "surge-alerts" not in moderator_client.get("/moderation/").content.decode()


# Budgets ---------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_alert_costs_one_query_whatever_the_number_of_stories(settings, moderator_client):
    settings.COMMENTS_SURGE_PENDING = 1
    make_comment(make_article())
    few = count_queries(moderator_client, "/moderation/")
    for _ in range(15):
        story = make_article()
        for _ in range(3):
            make_comment(story)
    assert count_queries(moderator_client, "/moderation/") == few


def test_the_story_page_reads_the_controls_once_and_not_after_a_comment_decision(
    client, article, moderator
):
    surge.set_slow_mode(article=article, by=moderator, minutes=2)
    url = article.get_absolute_url()
    client.get(url)
    comment = make_comment(article)
    services.approve_comment(comment=comment, moderator=moderator)  # the story's generation
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not any("comments_surgecontrol" in query["sql"] for query in queries)
