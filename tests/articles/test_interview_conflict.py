"""
No lost edits on the interview page: two editors change the same interview's turns;
the later save stops, says who saved and when, keeps everything typed (the form
and every participant and turn row) and offers to save anyway.
"""

import re

import pytest
from django.utils import dateformat, timezone

from articles.editorial.restore import restore_revision
from articles.editorial.revisions import snapshot, versions_of
from articles.interviews import services as transcripts
from articles.interviews.editing import fingerprint
from articles.interviews.transcript import parse_transcript
from articles.models import Interview, Turn
from tests.factories import (
    logged_in,
    make_article,
    make_author,
    make_interview,
    make_staff,
    participant_rows,
    rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview():
    article = make_article(headline="Kirby on the harbour", authors=[make_author()])
    return make_interview(article, turns=4)


@pytest.fixture
def ana():
    user = make_staff("ana", group="Editor")
    user.first_name, user.last_name = "Ana", "Ruiz"
    user.save()
    return logged_in(user)


@pytest.fixture
def ben():
    return logged_in(make_staff("ben", group="Editor"))


def url(interview):
    return f"/admin/articles/interview/{interview.pk}/change/"


def opened(client, interview):
    """What the interview page posts as it was opened: fingerprint, fields, every row."""
    page = client.get(url(interview)).content.decode()
    found = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page)
    assert found, "the page carries the interview's fingerprint"
    turns = [
        {
            "id": str(turn.pk),
            "interview": str(interview.pk),
            "order": str(turn.position),
            "participant": str(turn.participant_id),
            "text": turn.text,
            "timecode": turn.timecode,
        }
        for turn in interview.turns.order_by("position")
    ]
    data = {
        "fingerprint": found.group(1),
        "article": str(interview.article_id),
        "intro": interview.intro,
        "recorded_at": interview.recorded_at,
        "edited_note": "on",
        "_continue": "Save and continue editing",
    }
    data |= rows("participants", participant_rows(interview), initial=2)
    data |= rows("turns", turns, initial=len(turns))
    return data


def turn_3(data, text):
    return data | {"turns-2-text": text}


def text_of_turn_3(interview):
    return Turn.objects.get(interview=interview, position=3).text


def test_the_later_save_is_refused_with_who_and_when_and_keeps_every_row(interview, ana, ben):
    ana_form, ben_form = opened(ana, interview), opened(ben, interview)
    response = ana.post(url(interview), turn_3(ana_form, "Ana's third question?"))
    assert response.status_code == 302
    assert text_of_turn_3(interview) == "Ana's third question?"

    ben_typed = turn_3(ben_form, "Ben's third question?") | {
        "intro": "Ben's intro.",
        "turns-3-text": "Ben's fourth answer.",
        "participants-1-role": "Harbour master",
    }
    response = ben.post(url(interview), ben_typed)
    assert response.status_code == 200
    html = response.content.decode()
    # Told once, with the name and the time of the other save…
    assert html.count("Ana Ruiz saved this interview while you were editing it") == 1
    assert "errornote" not in html
    assert "after you opened it. Nothing was saved" not in html
    when = timezone.localtime(versions_of(interview.article).first().revision.date_created)
    assert dateformat.format(when, "g:i:s a T, F j") in html
    # …with everything Ben typed still on the page, main form and rows…
    assert "Ben&#x27;s intro." in html
    assert "Ben&#x27;s third question?" in html
    assert "Ben&#x27;s fourth answer." in html
    assert 'value="Harbour master"' in html
    # …and nothing of it saved.
    assert text_of_turn_3(interview) == "Ana's third question?"
    assert Interview.objects.get(pk=interview.pk).intro != "Ben's intro."
    # A way forward: their version in a new tab, or save anyway.
    assert f'href="{url(interview)}" target="_blank"' in html
    assert 'name="overwrite"' in html
    assert "Save anyway, replacing their changes" in html

    response = ben.post(url(interview), ben_typed | {"overwrite": "on"})
    assert response.status_code == 302
    assert text_of_turn_3(interview) == "Ben's third question?"
    assert Interview.objects.get(pk=interview.pk).intro == "Ben's intro."


def test_the_compare_link_shows_the_turn_they_changed(interview, ana, ben):
    ana.post(url(interview), turn_3(opened(ana, interview), "A first save."))
    ana_form, ben_form = opened(ana, interview), opened(ben, interview)
    ana.post(url(interview), turn_3(ana_form, "A second save by Ana."))
    response = ben.post(url(interview), turn_3(ben_form, "Ben's."))
    conflict = response.context["adminform"].form.conflict
    assert conflict["who"] == "Ana Ruiz"
    assert conflict["compare_url"] in response.content.decode().replace("&amp;", "&")
    compare = ben.get(conflict["compare_url"]).context["comparison"]
    [changed] = [change for change in compare.turns if change.kind == "changed"]
    assert re.search(r"<del>[^<]*first", changed.html)
    assert re.search(r"<ins>[^<]*second", changed.html)


def test_a_participant_change_in_between_is_a_conflict_too(interview, ana, ben):
    ben_form = opened(ben, interview)
    form = opened(ana, interview) | {"participants-0-name": "The Ledger"}
    assert ana.post(url(interview), form).status_code == 302
    response = ben.post(url(interview), turn_3(ben_form, "Ben's."))
    assert response.status_code == 200
    assert response.context["adminform"].form.conflict["who"] == "Ana Ruiz"


def test_a_pasted_transcript_in_between_is_a_conflict_too(interview, ben):
    ben_form = opened(ben, interview)
    paster = make_staff("cleo", group="Editor")
    parsed = parse_transcript(
        "Ledger: Why?\n\nOkafor: Because.", list(interview.participants.all())
    )
    transcripts.replace_transcript(interview=interview, turns=parsed.turns, by=paster)
    response = ben.post(url(interview), turn_3(ben_form, "Ben's."))
    assert response.status_code == 200
    assert "cleo saved this interview while you were editing it" in response.content.decode()
    assert list(interview.turns.values_list("text", flat=True)) == ["Why?", "Because."]


def test_saves_one_after_another_never_conflict(interview, ana):
    for n in range(3):
        response = ana.post(url(interview), turn_3(opened(ana, interview), f"Take {n}."))
        assert response.status_code == 302
    assert text_of_turn_3(interview) == "Take 2."


def test_a_change_without_a_revision_is_someone_s(interview, ben):
    ben_form = opened(ben, interview)
    Turn.objects.filter(interview=interview, position=3).update(text="From a shell.")
    response = ben.post(url(interview), turn_3(ben_form, "Ben's."))
    assert response.status_code == 200
    assert "Someone saved this interview while you were editing it" in response.content.decode()
    assert text_of_turn_3(interview) == "From a shell."


def test_a_revision_reads_back_to_the_fingerprint_of_what_was_saved(interview, ana):
    ana.post(url(interview), turn_3(opened(ana, interview), "Saved."))
    shot = snapshot(versions_of(interview.article).first())
    saved = Interview.objects.get(pk=interview.pk)
    assert fingerprint(shot.interview, shot.participants, shot.turns) == fingerprint(
        saved, saved.participants.all(), saved.turns.all()
    )
    # A restore gives the rows new ids: a form opened before it conflicts.
    ben_form = opened(ana, interview)
    restore_revision(article=interview.article, version=versions_of(interview.article).first())
    assert ana.post(url(interview), turn_3(ben_form, "Late.")).status_code == 200
