"""
A public story's page is kept rendered without its comment section (the "shell",
articles.stories.shell.StoryShell), so a page-cache miss renders the comment section alone.
These tests force page-cache misses (as bench/ does) and check that the shell is
exact: every change readers should see shows on the next read, previews never touch
it, and a page built from it is byte for byte the page rendered in full.
"""

import re
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from articles.editorial import corrections, workflow
from articles.models import Author
from comments.templatetags import comment_tags
from newsroom.pagecache import invalidate_site, invalidate_story
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_correction,
    make_interview,
    make_section,
    make_share_link,
    make_staff,
)

pytestmark = pytest.mark.django_db

MISS = {"X-Newsroom-Bench": "miss"}
STAMP = re.compile(r'name="stamp" value="[^"]*"')


@pytest.fixture(autouse=True)
def _misses(forced_misses):
    """The header MISS forces a page-cache miss."""


@pytest.fixture
def story():
    article = make_article(
        headline="Harbour dredging to begin",
        body="The dredgers arrive on Monday.\n\nThe channel will be closed at night.",
        section=make_section(name="Coast", slug="coast"),
        authors=[make_author(name="Ines Carvalho", slug="ines-carvalho")],
        tags=["Harbour", "Ferries"],
    )
    make_interview(article, turns=4, interviewer="Ledger", interviewee="Okafor")
    make_comment(article, status="approved", body="Quieter boats, at last.")
    return article


def shells():
    return [key for key in cache._cache if ":storypage:" in key]


def read(client, article, **extra):
    response = client.get(article.get_absolute_url(), headers=MISS, **extra)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    return response.content.decode()


def warm(client, article):
    """Read until the shell is found: the second forced miss is built from it."""
    read(client, article)
    assert shells(), "no shell was stored"
    return read(client, article)


def without_stamp(html):
    return STAMP.sub('name="stamp" value=""', html)


# Exact ---------------------------------------------------------------------------------


def test_a_miss_built_from_the_shell_is_the_page_rendered_in_full(client, story, monkeypatch):
    cold = read(client, story)
    from_shell = read(client, story)
    assert without_stamp(from_shell) == without_stamp(cold)
    assert from_shell.count("Quieter boats, at last.") == 1
    assert "\x00" not in from_shell
    # And the page with no cache at all (the shared cache down): rendered in one go,
    # the comment section inline.
    monkeypatch.setattr(cache, "get_many", lambda *args, **kwargs: {})
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    uncached = client.get(story.get_absolute_url()).content.decode()
    assert without_stamp(uncached) == without_stamp(from_shell)


def test_each_miss_gets_its_own_stamp_and_comment_page(client, story, settings):
    settings.COMMENTS_PER_PAGE = 1
    make_comment(story, status="approved", body="Second thoughts on the dredging.")
    first = warm(client, story)
    second = read(client, story)
    stamps = [STAMP.search(page).group(0) for page in (first, second)]
    assert stamps[0] != stamps[1]
    assert "Quieter boats" in first and "Second thoughts" not in first
    later = client.get(story.get_absolute_url() + "?comments=2", headers=MISS).content.decode()
    assert "Second thoughts" in later and "Quieter boats" not in later
    assert "Harbour dredging to begin" in later


# Every change shows -----------------------------------------------------------------------


def change_headline(story):
    story.headline = "Harbour dredging postponed"
    story.save()
    return "Harbour dredging postponed"


def change_body(story):
    story.body = "The dredgers will not come before spring."
    story.save()
    return "The dredgers will not come before spring."


def change_author(story):
    author = Author.objects.get(slug="ines-carvalho")
    author.name = "Ines Carvalho-Reyes"
    author.save()
    return "Ines Carvalho-Reyes"


def change_tag(story):
    tag = Tag.objects.get(name="Ferries")
    tag.name = "Ferry crossings"
    tag.save()
    return "Ferry crossings"


def change_turn(story):
    turn = story.interview.turns.get(position=2)
    turn.text = "We will dredge at night, when the ferries sleep."
    turn.save()
    return "We will dredge at night, when the ferries sleep."


def change_participant(story):
    participant = story.interview.participants.get(label="Okafor")
    participant.label = "Dr Okafor"
    participant.save()
    return "Dr Okafor"


def add_correction(story):
    make_correction(story, text="An earlier version misstated the closing hours.")
    return "An earlier version misstated the closing hours."


def add_update(story):
    corrections.add_correction(
        article=story, kind="update", text="The council voted on Tuesday evening."
    )
    return "The council voted on Tuesday evening."


def change_section(story):
    section = story.section
    section.name = "Coast and Islands"
    section.save()
    return "Coast and Islands"


def add_related_story(story):
    make_article(headline="Ferry timetable changes for the works", tags=["Ferries"])
    return "Ferry timetable changes for the works"


@pytest.mark.parametrize(
    "change",
    [
        change_headline,
        change_body,
        change_author,
        change_tag,
        change_turn,
        change_participant,
        add_correction,
        add_update,
        change_section,
        add_related_story,
    ],
)
def test_a_change_shows_on_the_next_read(client, story, change):
    before = warm(client, story)
    expected = change(story)
    assert expected not in before
    assert expected in read(client, story)
    assert expected in client.get(story.get_absolute_url()).content.decode()


def test_a_comment_decision_shows_and_the_shell_stays(client, story):
    warm(client, story)
    kept = set(shells())
    comment = make_comment(story, body="Who pays for the night shifts?")
    from comments import services as comment_services

    comment_services.approve_comment(comment=comment, moderator=None)
    assert "Who pays for the night shifts?" in read(client, story)
    assert set(shells()) == kept  # the shell was not rendered again


def test_an_unpublished_story_is_gone_and_its_shell_unused(client, story):
    warm(client, story)
    workflow.unpublish_article(article=story)
    response = client.get(story.get_absolute_url(), headers=MISS)
    assert response.status_code == 404


def test_a_related_story_going_live_shows_when_its_time_comes(client, story, monkeypatch):
    soon = timezone.now() + timedelta(seconds=90)
    make_article(headline="Night ferry trial announced", tags=["Harbour"], published_at=soon)
    assert "Night ferry trial announced" not in warm(client, story)
    later = soon + timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", later.timestamp)
    assert "Night ferry trial announced" in read(client, story)


def test_the_masthead_date_follows_the_day(client, story, monkeypatch):
    today = warm(client, story)
    tomorrow = timezone.now() + timedelta(days=1)

    class Tomorrow(datetime):
        @classmethod
        def now(cls, tz=None):
            return tomorrow.astimezone(tz) if tz else tomorrow.replace(tzinfo=None)

    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    monkeypatch.setattr("django.template.defaulttags.datetime", Tomorrow)
    date = timezone.localtime(tomorrow).strftime("%A, %B %-d, %Y")
    assert date not in today
    assert date in read(client, story)


def test_the_shell_is_kept_per_host(client, story, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    warm(client, story)
    other = read(client, story, HTTP_HOST="news.example")
    assert '<link rel="canonical" href="http://news.example/en/stories/' in other
    assert "http://testserver" not in other


# Previews --------------------------------------------------------------------------------


def test_a_preview_never_stores_a_shell_and_readers_see_the_published_story(client):
    editor = Client()
    editor.force_login(make_staff("editor", group="Editor"))
    draft = make_article(headline="Secret draft headline", published=False)
    page = editor.get(draft.get_absolute_url()).content.decode()
    assert "<strong>DRAFT</strong>" in page
    assert shells() == []
    draft.headline = "Harbour plan published"
    draft.save()
    workflow.publish_article(article=draft)
    page = read(client, draft)
    assert "Harbour plan published" in page and "Secret draft headline" not in page
    assert "preview-banner" not in page and "noindex" not in page
    assert "preview-banner" not in read(client, draft)  # from the shell now
    assert shells()


def plant_shell(article):
    """A shell where the view would look for ``article``'s, as if one had been stored."""
    from django.test import RequestFactory

    from articles.stories.shell import StoryShell

    request = RequestFactory().get(article.get_absolute_url())
    key = StoryShell(request, article.pk).key
    cache.set(key, ("<p>PLANTED</p>", ""), 600)


def test_a_preview_never_reads_a_shell(client):
    editor = Client()
    editor.force_login(make_staff("editor", group="Editor"))
    draft = make_article(headline="Secret draft headline", published=False)
    plant_shell(draft)
    page = editor.get(draft.get_absolute_url()).content.decode()
    assert "PLANTED" not in page and "Secret draft headline" in page
    link = make_share_link(draft)
    page = Client().get(link.get_absolute_url()).content.decode()
    assert "PLANTED" not in page and "<strong>DRAFT</strong>" in page
    assert len(shells()) == 1  # the planted one: neither preview stored its own


def test_a_share_link_preview_stores_no_shell(client):
    draft = make_article(headline="Secret draft headline", published=False)
    link = make_share_link(draft)
    assert "Secret draft headline" in Client().get(link.get_absolute_url()).content.decode()
    assert shells() == []


def test_staff_reading_a_public_story_see_the_readers_page(client, story):
    editor = Client()
    editor.force_login(make_staff("editor", group="Editor"))
    staff_page = editor.get(story.get_absolute_url())
    assert staff_page["X-Page-Cache"] == "bypass"
    assert without_stamp(staff_page.content.decode()) == without_stamp(read(client, story))


# The comment form ------------------------------------------------------------------------


def test_a_refused_comment_keeps_the_readers_words_and_errors_to_that_reader(client, story):
    warm(client, story)
    url = f"/stories/{story.pk}/comments/"
    data = {"name": "", "email": "x@example.org", "body": "Kept words."}
    response = client.post(url, data, headers={"Origin": "http://testserver"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please tell us your name." in page and "Kept words." in page
    # The next reader gets an empty form.
    fresh = read(client, story)
    assert "Kept words." not in fresh and "Please tell us your name." not in fresh
    assert 'name="body"' in fresh


def test_the_unbound_form_is_rendered_once_per_language(client, story):
    comment_tags._unbound_forms.clear()
    warm(client, story)
    assert len(comment_tags._unbound_forms) == 1
    read(client, story)
    invalidate_site()  # content changes; the form's markup does not
    invalidate_story(story.pk)
    read(client, story)
    assert len(comment_tags._unbound_forms) == 1
