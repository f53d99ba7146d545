"""
What readers and editors see on the story page: an imported story's day without an
invented midnight, a draft's preview saying it is a draft, and the recorded line of
an interview that reads well with a date, a place, both or neither.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.importing.services import create_imported_story
from articles.importing.story_import import parse_story
from articles.interviews.models import Interview
from tests.factories import make_article, make_interview, make_section, make_share_link

pytestmark = pytest.mark.django_db

PAGE = """Harbour master warns the breakwater will not last another winter
12-10-2023
By Ines Carvalho @ines_c
PORT ELIN, Norway - The harbour master told the council the breakwater is failing.
"""


def imported(*, publish=False):
    article, _ = create_imported_story(
        story=parse_story(PAGE), section=make_section(), publish=publish
    )
    return article


def times_of(html):
    start = html.index('<p class="story__times">')
    return html[start : html.index("</p>", start)]


def test_a_shared_draft_preview_says_draft_not_a_published_midnight(client):
    link = make_share_link(imported())
    html = client.get(link.get_absolute_url()).content.decode()
    times = times_of(html)
    assert "Draft, not published" in times
    assert "Published" not in times and "12:00" not in times


def test_an_editor_previewing_an_imported_draft_sees_what_it_is(editor_client):
    html = editor_client.get(imported().get_absolute_url()).content.decode()
    assert "Draft, not published" in times_of(html) and "12:00 a.m." not in html


def test_an_imported_story_published_on_its_date_shows_that_day_alone(client):
    html = client.get(imported(publish=True).get_absolute_url()).content.decode()
    assert 'Published <time datetime="2023-10-12">October 12, 2023</time>' in times_of(html)
    assert "12:00 a.m." not in html


def test_a_scheduled_story_previewed_says_when_it_goes_live(editor_client):
    when = timezone.now() + timedelta(days=2)
    story = make_article(published_at=when)
    html = editor_client.get(story.get_absolute_url()).content.decode()
    assert "Scheduled for <time" in times_of(html)
    assert "Published" not in times_of(html)


@pytest.mark.parametrize(
    ("recorded_on", "recorded_at", "line"),
    [
        (
            date(2023, 10, 12),
            "The White House, Washington",
            'Recorded: <time datetime="2023-10-12">October 12, 2023</time> — '
            "<bdi>The White House, Washington</bdi>.",
        ),
        (None, "The White House, Washington", "Recorded: <bdi>The White House, Washington</bdi>."),
        (date(2023, 10, 12), "", 'Recorded: <time datetime="2023-10-12">October 12, 2023</time>.'),
        (None, "کۆشکی سپی، واشنتن", "Recorded: <bdi>کۆشکی سپی، واشنتن</bdi>."),
    ],
)
def test_the_interview_recorded_line_on_the_page(client, recorded_on, recorded_at, line):
    story = make_article()
    make_interview(story)
    Interview.objects.filter(article=story).update(recorded_on=recorded_on, recorded_at=recorded_at)
    html = client.get(story.get_absolute_url()).content.decode()
    assert line in html
    assert "Recorded, " not in html and ", ." not in html


def test_no_recorded_line_without_date_or_place(client):
    story = make_article()
    make_interview(story)
    assert "Recorded" not in client.get(story.get_absolute_url()).content.decode()
