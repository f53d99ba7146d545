"""
A story's dates say what is known: an imported page gives a day and no hour, and
readers see that day, never an invented "12:00 a.m."; a draft or scheduled story
seen in a preview says what it is instead of "Published".
"""

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from articles.importing.services import create_imported_story
from articles.importing.story_import import parse_story
from articles.interviews.models import Interview
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def _newsroom_in_new_york(settings):
    settings.TIME_ZONE = "America/New_York"


PAGE = """Harbour master warns the breakwater will not last another winter
12-10-2023
By Ines Carvalho @ines_c
Share  Tweet  Copy link
PORT ELIN, Norway - The harbour master told the council the breakwater is failing.

Repairs would take two summers.
"""


def imported(*, publish=False, text=PAGE):
    article, _ = create_imported_story(
        story=parse_story(text), section=make_section(), publish=publish
    )
    article.refresh_from_db()
    return article


def render(source, **context):
    return Template("{% load time_tags interview_tags %}" + source).render(Context(context))


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )


def test_an_imported_draft_says_it_is_a_draft_not_when_it_was_published():
    article = imported()
    line = render("{% publication article %}", article=article)
    assert "Draft, not published" in line
    assert "Published" not in line and "12:00" not in line and "October 12" not in line


def test_an_imported_story_published_on_its_date_shows_the_date_alone():
    article = imported(publish=True)
    line = render("{% publication article %}", article=article)
    assert line == (
        '<span class="story__published">Published '
        '<time datetime="2023-10-12">October 12, 2023</time></span>'
    )
    assert render("{{ when|reader_time }}", when=article.published_at) == "October 12, 2023"


def test_a_story_published_at_a_time_shows_the_time():
    moment = datetime(2023, 10, 12, 15, 5, 42, 123456, tzinfo=NEW_YORK)
    article = make_article(published_at=moment)
    line = render("{% publication article %}", article=article)
    assert 'Published <time datetime="2023-10-12T15:05:42-04:00">' in line
    assert "October 12, 2023, 3:05 p.m. EDT</time>" in line


def test_a_scheduled_story_says_when_it_will_be_published():
    tomorrow = timezone.localdate() + timedelta(days=1)
    article = make_article(published_at=timezone.make_aware(datetime.combine(tomorrow, time(9))))
    line = render("{% publication article %}", article=article)
    assert line.startswith('<span class="story__published">Scheduled for <time datetime="')
    assert "9:00 a.m." in line and "Published" not in line


@pytest.mark.parametrize(
    ("status", "shown"),
    [("draft", "Draft, not published"), ("in_review", "In review, not published")],
)
def test_unpublished_states_say_what_they_are(status, shown):
    article = make_article(published=False, status=status)
    assert shown in render("{% publication article %}", article=article)


def test_search_engines_get_the_date_of_an_imported_story_not_a_midnight(client):
    article = imported(publish=True)
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["datePublished"] == data["dateModified"] == "2023-10-12"
    assert '<meta property="article:published_time" content="2023-10-12">' in html
    # Story cards and listings write it for machines as the date too.
    front = client.get("/en/").content.decode()
    assert '<time datetime="2023-10-12">Oct 12, 2023</time>' in front


def test_a_preview_of_a_draft_claims_no_publication(editor_client):
    article = imported()
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert "datePublished" not in json.dumps(json_ld(html))
    assert "article:published_time" not in html


def test_a_real_midnight_publication_in_another_zone_keeps_its_time():
    # Midnight in UTC is 8 p.m. in the newsroom's zone: a time, not a date.
    moment = datetime(2023, 10, 12, 0, 0, tzinfo=UTC)
    assert render("{{ when|reader_time }}", when=moment) == "October 11, 2023, 8:00 p.m. EDT"


# When and where an interview was recorded ----------------------------------------------


def recorded(**fields):
    interview = Interview(article=make_article(), **fields)
    return render("{% recorded interview %}", interview=interview)


def text_of(html):
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        (
            {"recorded_on": date(2023, 10, 12), "recorded_at": "The White House, Washington"},
            "Recorded: October 12, 2023 — The White House, Washington.",
        ),
        ({"recorded_on": date(2023, 10, 12)}, "Recorded: October 12, 2023."),
        ({"recorded_at": "The White House, Washington"}, "Recorded: The White House, Washington."),
        ({"recorded_at": "  By phone; Lisbon \n"}, "Recorded: By phone; Lisbon."),
        ({"recorded_at": "Washington, D.C."}, "Recorded: Washington, D.C."),
        ({"recorded_at": "کۆشکی سپی، واشنتن"}, "Recorded: کۆشکی سپی، واشنتن."),
        ({"recorded_at": "البيت الأبيض، واشنطن"}, "Recorded: البيت الأبيض، واشنطن."),
    ],
)
def test_the_recorded_line_reads_well_with_a_date_a_place_or_both(fields, line):
    html = recorded(**fields)
    assert text_of(html) == line
    assert ", ," not in html and "Recorded," not in text_of(html)


def test_no_recorded_line_without_a_date_or_a_place():
    assert recorded() == "" and recorded(recorded_at="   ") == ""


def test_the_recorded_date_is_machine_readable_and_a_place_in_arabic_script_is_isolated():
    html = recorded(recorded_on=date(2023, 10, 12), recorded_at="کۆشکی سپی، واشنتن")
    assert '<time datetime="2023-10-12">October 12, 2023</time>' in html
    assert "<bdi>کۆشکی سپی، واشنتن</bdi>" in html
    assert recorded(recorded_at="<b>Lobby</b>").count("&lt;b&gt;") == 1
