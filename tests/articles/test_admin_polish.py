"""
The admin as an editor reads it: room for a headline, rows named once, stories
called stories, their name as they typed it, times in one format and zone, and a
clear word when a page is not theirs.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Byline
from tests.factories import (
    logged_in,
    make_article,
    make_author,
    make_correction,
    make_interview,
    make_share_link,
    make_staff,
)

pytestmark = pytest.mark.django_db

ADMIN_CSS = Path(settings.BASE_DIR) / "static" / "css" / "admin.css"


@pytest.fixture
def kirby():
    """A story with an interview, an interviewer's byline, a correction and a share link."""
    article = make_article(headline="Kirby: the harbour after the storm")
    Byline.objects.create(
        article=article,
        author=make_author(name="Hana Amin"),
        role=Byline.Role.INTERVIEWER,
        position=1,
    )
    make_interview(article, turns=2)
    make_correction(article, text="An earlier version got the date wrong.")
    make_share_link(article, label="Dr. Okafor")
    return article


def css_rules(selector_part):
    css = ADMIN_CSS.read_text()
    return [rule for rule in re.findall(r"([^{}]+)\{([^}]*)\}", css) if selector_part in rule[0]]


def test_every_admin_page_has_the_newsroom_styles(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "css/admin.css" in html


def test_the_headline_input_is_full_width(editor_client, kirby):
    html = editor_client.get(f"/admin/articles/article/{kirby.pk}/change/").content.decode()
    assert re.search(r'<div class="form-row field-headline">', html)
    assert any("width: 100%" in body for _, body in css_rules(".field-headline input"))


def test_inline_rows_are_named_once(editor_client, kirby):
    html = editor_client.get(f"/admin/articles/article/{kirby.pk}/change/").content.decode()
    assert "Interview: Interview:" not in html
    assert "Interview: Kirby" not in html
    # A byline row is its author and role, with no link to the public page per row.
    assert "Hana Amin, interviewer" in html
    assert "Hana Amin (Interviewer) on" not in html
    assert html.count("View on site") == 1  # the page's own button, by History
    assert "Correction on Kirby" not in html
    assert "Share link for Kirby" not in html
    assert "Dr. Okafor" in html


def test_interview_rows_are_named_by_speaker_and_turn(editor_client, kirby):
    interview = kirby.interview
    html = editor_client.get(f"/admin/articles/interview/{interview.pk}/change/").content.decode()
    assert "Turn 2" in html
    assert "View on site" in html and html.count("View on site") == 1


def test_stories_are_called_stories(editor_client, kirby):
    index = editor_client.get("/admin/").content.decode()
    assert ">Stories</a>" in index
    assert "Articles" not in index
    assert "Add story" in editor_client.get("/admin/articles/article/add/").content.decode()
    assert (
        "Select story to change" in editor_client.get("/admin/articles/article/").content.decode()
    )


def test_welcome_shows_the_name_as_typed(kirby):
    demo = make_staff("Demo", group="Editor")
    html = logged_in(demo).get("/admin/").content.decode()
    assert '<strong class="user-name"><bdi>Demo</bdi></strong>' in html
    demo.first_name, demo.last_name = "Dana", "de Mol"
    demo.save()
    html = logged_in(User.objects.get(pk=demo.pk)).get("/admin/").content.decode()
    assert '<strong class="user-name"><bdi>Dana de Mol</bdi></strong>' in html
    assert any("text-transform: none" in body for _, body in css_rules(".user-name"))


def test_times_are_said_once_to_be_the_newsrooms(editor_client, kirby):
    html = editor_client.get(f"/admin/articles/article/{kirby.pk}/change/").content.decode()
    zone = timezone.get_default_timezone_name().replace("_", " ")
    assert html.count(f"in the newsroom's time zone, {zone}") == 1
    # The admin's script adds "Note: You are N hours ahead of server time" under each
    # date field; the stylesheet keeps it out of sight.
    assert any("display: none" in body for _, body in css_rules(".timezonewarning"))


def test_the_story_list_writes_times_one_way(editor_client):
    make_article(headline="Live story", published_at=timezone.now() - timedelta(hours=2))
    make_article(headline="Future story", published_at=timezone.now() + timedelta(days=1))
    html = editor_client.get("/admin/articles/article/").content.decode()
    table = html[html.index('id="result_list"') :]
    table = table[: table.index("</table>")]
    zone = timezone.localtime().strftime("%Z")
    assert table.count(zone) == 3  # the live story's time, the scheduled one's twice
    assert "a.m." not in table and "p.m." not in table


def test_a_reporter_opening_someone_elses_story_is_told_it_is_not_theirs(reporter_client):
    other = make_article(headline="Secret draft about the mayor", published=False)
    response = reporter_client.get(f"/admin/articles/article/{other.pk}/change/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/admin/articles/article/"
    assert f"Story {other.pk} is not one of yours" in html
    assert "doesn’t exist" not in html and "Perhaps it was deleted" not in html
    assert "Secret draft about the mayor" not in html
    interview = make_interview(other, turns=1)
    response = reporter_client.get(f"/admin/articles/interview/{interview.pk}/change/", follow=True)
    assert f"Interview {interview.pk} is not one of yours" in response.content.decode()


def test_a_story_that_is_gone_is_still_said_to_be_gone(reporter_client):
    response = reporter_client.get("/admin/articles/article/99999/change/", follow=True)
    assert "doesn’t exist" in response.content.decode()


def test_a_page_not_for_this_account_says_so_in_the_site_layout(editor_client):
    response = editor_client.get("/moderation/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not open to your account" in html
    assert "signed in as <strong><bdi>editor</bdi></strong>" in html
    assert 'class="masthead' in html and "css/site.css" in html
    assert 'href="/admin/"' in html
