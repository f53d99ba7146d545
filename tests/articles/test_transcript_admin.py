"""Pasting a transcript on an interview in the admin: preview, then replace or append."""

from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.html import escape

from articles.interviews import services as transcripts
from articles.interviews.forms import TranscriptPasteForm
from articles.interviews.transcript import ParsedTurn
from articles.models import Interview
from tests.abuse.payloads import HOSTILE, MARK
from tests.factories import (
    make_article,
    make_interview,
    make_participant,
    make_staff,
)

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "admin" / "articles" / "interview"
TWENTY_TURNS = (SAMPLES / "labelled_then_unlabelled.txt").read_text(encoding="utf-8")


@pytest.fixture
def interview():
    """An interview with its two participants (Ledger asks, Solvik answers) and no turns."""
    return make_interview(make_article(), turns=0, interviewee="Solvik")


def paste_url(interview):
    return f"/admin/articles/interview/{interview.pk}/paste/"


def preview(client, interview, text):
    return client.post(paste_url(interview), {"text": text, "_preview": "Preview"})


def confirm(client, interview, text, action="_replace"):
    """Preview, then press a confirmation button with the hidden fields of the preview."""
    response = preview(client, interview, text)
    return client.post(
        paste_url(interview),
        {"text": text, "fingerprint": response.context["fingerprint"], action: "Confirm"},
    )


def transcript_of(interview):
    return list(interview.turns.values_list("position", "participant__label", "text", "timecode"))


def test_the_interview_page_links_to_the_paste_page(editor_client, interview):
    page = editor_client.get(f"/admin/articles/interview/{interview.pk}/change/")

    assert f'href="{paste_url(interview)}"' in page.content.decode()
    assert editor_client.get(paste_url(interview)).status_code == 200


def test_pasting_twenty_turns_labelled_then_unlabelled(editor_client, interview):
    response = preview(editor_client, interview, TWENTY_TURNS)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: 20 turns (Ledger 10, Solvik 10)" in page
    assert 'name="_replace"' in page and 'name="_append"' in page
    assert interview.turns.count() == 0, "a preview saves nothing"

    response = confirm(editor_client, interview, TWENTY_TURNS)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/interview/{interview.pk}/change/"
    turns = transcript_of(interview)
    assert [position for position, *_ in turns] == list(range(1, 21))
    assert [label for _, label, *_ in turns] == ["Ledger", "Solvik"] * 10
    assert turns[2][2] == "What does a crossing look like after midnight?"
    assert turns[3][2].startswith("Quiet, mostly. A few lorries, a nurse going home")
    followed = editor_client.get(response["Location"]).content.decode()
    assert "Replaced the transcript with 20 turns." in followed
    assert LogEntry.objects.get().get_change_message().startswith("Pasted a transcript.")


def test_replace_removes_the_old_turns_and_append_numbers_on(editor_client):
    interview = make_interview(make_article(), turns=4, interviewee="Solvik")
    text = "Ledger: [00:41:10] One more question?\n\nSolvik: One more answer."

    assert confirm(editor_client, interview, text, "_append").status_code == 302
    turns = transcript_of(interview)
    assert [(p, label) for p, label, *_ in turns] == [
        (1, "Ledger"),
        (2, "Solvik"),
        (3, "Ledger"),
        (4, "Solvik"),
        (5, "Ledger"),
        (6, "Solvik"),
    ]
    assert turns[4][2:] == ("One more question?", "00:41:10")

    assert confirm(editor_client, interview, text, "_replace").status_code == 302
    assert transcript_of(interview) == [
        (1, "Ledger", "One more question?", "00:41:10"),
        (2, "Solvik", "One more answer.", ""),
    ]


def test_turns_without_a_speaker_block_the_confirmation(editor_client, interview):
    make_participant(interview, "Dahl", name="Ivar Dahl")
    text = "Ledger: Who goes first?\n\nSolvik: I do.\n\nAnd then?"

    response = preview(editor_client, interview, text)

    page = response.content.decode()
    assert "1 turn has no speaker, so the transcript cannot be saved yet." in page
    assert "No label, and with 3 participants the speaker is not guessed" in page
    assert 'name="_replace"' not in page

    # Pressing a button anyway (an old tab, a crafted POST) saves nothing either.
    response = editor_client.post(
        paste_url(interview), {"text": text, "fingerprint": "x", "_replace": "Replace"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved: 1 of the turns have no speaker." in page
    assert "And then?</textarea>" in page, "the text is still there to fix"
    assert interview.turns.count() == 0


def test_an_unknown_label_is_shown_where_it_stands(editor_client, interview):
    response = preview(editor_client, interview, "Ledger: Hello?\n\nSolvk: Hello.")

    page = response.content.decode()
    assert "Paragraph 2 (line 3): Unknown speaker &quot;Solvk&quot;" in page
    assert 'name="_replace"' not in page


def test_an_empty_paste_is_refused_and_the_form_shown_again(editor_client, interview):
    response = preview(editor_client, interview, "   \n\n  ")

    assert response.status_code == 200
    assert "Paste the transcript first." in response.content.decode()
    assert response.context["parsed"] is None


def test_too_long_a_paste_is_refused_and_kept(editor_client, interview, monkeypatch):
    monkeypatch.setattr(TranscriptPasteForm, "max_chars", 40)
    text = "Ledger: " + "How long is too long? " * 3

    response = preview(editor_client, interview, text)

    page = response.content.decode()
    assert "That is more than 40 characters: paste the transcript in parts" in page
    assert "How long is too long? How long is too long?" in page
    assert interview.turns.count() == 0


def test_a_participant_change_since_the_preview_is_caught(editor_client, interview):
    text = "Q: Ready?\n\nA: Ready."
    stale = preview(editor_client, interview, text)
    assert "Preview: 2 turns (Ledger 1, Solvik 1)" in stale.content.decode()
    # Meanwhile someone swaps who asks: Q: now means Solvik.
    interview.participants.filter(label="Ledger").update(is_interviewer=False)
    interview.participants.filter(label="Solvik").update(is_interviewer=True)

    response = editor_client.post(
        paste_url(interview),
        {"text": text, "fingerprint": stale.context["fingerprint"], "_replace": "Replace"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "the interview’s participants changed since this preview" in page
    assert interview.turns.count() == 0
    # The fresh preview on that page carries a fingerprint that works.
    response = editor_client.post(
        paste_url(interview),
        {"text": text, "fingerprint": response.context["fingerprint"], "_replace": "Replace"},
    )
    assert [label for _, label, *_ in transcript_of(interview)] == ["Solvik", "Ledger"]


def test_the_preview_costs_the_same_queries_for_any_length(
    editor_client, interview, django_assert_num_queries
):
    short = "Ledger: One?\n\nSolvik: Two."
    # session, user, interview (with its counts), the user's and the group's permissions,
    # participants, the story (for the page's title); parsing and the rows cost none.
    with django_assert_num_queries(7):
        preview(editor_client, interview, short)
    with django_assert_num_queries(7):
        preview(editor_client, interview, TWENTY_TURNS)


def test_the_page_needs_the_permission_to_change_interviews(interview):
    viewer = make_staff("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_interview"))
    client = Client()
    client.force_login(viewer)

    change_page = client.get(f"/admin/articles/interview/{interview.pk}/change/")
    assert change_page.status_code == 200
    assert paste_url(interview) not in change_page.content.decode()
    assert client.get(paste_url(interview)).status_code == 403
    response = client.post(paste_url(interview), {"text": "Ledger: Hi?", "_replace": "Replace"})
    assert response.status_code == 403
    assert interview.turns.count() == 0

    anonymous = Client().get(paste_url(interview))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_a_confirmation_without_the_csrf_token_is_refused(interview, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(paste_url(interview), {"text": "Ledger: Hi?", "_replace": "Replace"})

    assert response.status_code == 403
    assert interview.turns.count() == 0


def test_a_missing_interview_goes_back_to_the_list(editor_client):
    response = editor_client.get("/admin/articles/interview/999999/paste/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_templates_hold_no_inline_script_or_style():
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert "<script" not in source, template.name
        assert "style=" not in source, template.name


# --- the services behind the page ------------------------------------------------------


def test_replace_transcript_refuses_a_speaker_of_another_interview(interview):
    other = make_interview(make_article(), turns=2)
    stranger = other.participants.get(label="Okafor")
    kept = make_interview(make_article(), turns=3)

    with pytest.raises(ValidationError, match="Okafor is not a participant of this interview"):
        transcripts.replace_transcript(
            interview=kept, turns=[ParsedTurn(speaker=stranger, text="Not mine.")]
        )
    assert kept.turns.count() == 3, "nothing was removed"


def test_replace_transcript_refuses_nothing_and_empty_turns(interview):
    ledger = interview.participants.get(label="Ledger")

    with pytest.raises(ValidationError, match="no turns to save"):
        transcripts.replace_transcript(interview=interview, turns=[])
    with pytest.raises(ValidationError, match="Turn 2 is empty"):
        transcripts.append_transcript(
            interview=interview,
            turns=[ParsedTurn(speaker=ledger, text="Hi?"), ParsedTurn(speaker=ledger, text=" ")],
        )
    assert interview.turns.count() == 0


def test_a_null_character_is_refused_before_it_reaches_the_database(editor_client, interview):
    response = preview(editor_client, interview, "Ledger: Hello?\x00\n\nSolvik: Hello.")

    assert "Null characters are not allowed." in response.content.decode()
    assert response.context["parsed"] is None


# --- house styles, and participants made from the labels --------------------------------

WORD_PASTE = (SAMPLES / "transcript_word_paste.txt").read_text(encoding="utf-8")
CAPS = (
    "THE HARBOUR LEDGER: How bad was the season?\n\n"
    "ANNA MORLAND: The worst in thirty years.\n\n"
    "We hauled empty pots three days in a row.\n\n"
    "LEDGER: What changed?\n\n"
    "MORLAND: The water."
)


def post(client, interview, **data):
    return client.post(paste_url(interview), data)


def read_speakers(response):
    return [turn.speaker.label for turn, _ in response.context["rows"]]


def confirm_with(client, interview, text, **fields):
    """Preview with ``fields``, then confirm with the hidden fields the preview carries."""
    response = post(client, interview, text=text, _preview="Preview", **fields)
    return post(
        client,
        interview,
        text=text,
        fingerprint=response.context["fingerprint"],
        _replace="Replace",
        **fields,
    )


def test_the_preview_says_how_it_read_the_text_and_who_says_each_turn(editor_client):
    interview = make_interview(make_article(), turns=0, interviewee="Berg")

    response = preview(editor_client, interview, WORD_PASTE)

    page = response.content.decode()
    assert (
        "Read as: <strong>every turn labelled: unlabelled paragraphs continue the previous "
        "turn</strong> (detected); one paragraph per line (single line breaks) (detected)"
    ) in page
    assert read_speakers(response) == ["Ledger", "Berg"] * 3
    assert page.count("<strong>Berg</strong>") >= 3
    assert "paragraphs 2–3, line 2" in page, "the answer that runs on to a second paragraph"


def test_the_editor_overrides_the_style_and_the_preview_reads_again(editor_client):
    interview = make_interview(make_article(), turns=0, interviewee="Berg")

    response = post(
        editor_client, interview, text=WORD_PASTE, style="alternating", _preview="Preview"
    )

    page = response.content.decode()
    assert "labels on the first turns, then alternating" in page and "(your choice)" in page
    assert read_speakers(response) == ["Ledger", "Berg", "Ledger", "Ledger", "Berg"] + [
        "Ledger",
        "Berg",
    ]
    assert '<option value="alternating" selected>' in page
    # The choice travels with the confirmation: what was previewed is what is saved.
    response = confirm_with(editor_client, interview, WORD_PASTE, style="alternating")
    assert response.status_code == 302
    assert [label for _, label, *_ in transcript_of(interview)][:4] == [
        "Ledger",
        "Berg",
        "Ledger",
        "Ledger",
    ]


@pytest.fixture
def bare_interview():
    """An interview with no participants and no turns."""
    return Interview.objects.create(article=make_article())


def test_without_participants_the_preview_offers_the_labels(editor_client, bare_interview):
    response = preview(editor_client, bare_interview, CAPS)

    page = response.content.decode()
    assert "Participants to create from the labels" in page
    assert "<strong>LEDGER</strong> (The Harbour Ledger), interviewer" in page
    assert "<strong>MORLAND</strong> (Anna Morland)</li>" in page
    assert read_speakers(response) == ["LEDGER", "MORLAND", "LEDGER", "MORLAND"]
    assert 'name="create_participants"' in page
    assert '<option value="LEDGER" selected>' in page


def test_twenty_turns_on_an_interview_without_participants_read_without_errors(
    editor_client, bare_interview
):
    response = preview(editor_client, bare_interview, TWENTY_TURNS)

    page = response.content.decode()
    assert "Preview: 20 turns (Ledger 10, Solvik 10)" in page
    assert response.context["parsed"].warnings == ()
    # The outlet's name ("The Harbour Ledger") says who asks.
    assert "<strong>Ledger</strong>, interviewer" in page
    response = confirm_with(editor_client, bare_interview, TWENTY_TURNS, create_participants="on")
    assert response.status_code == 302
    assert [label for _, label, *_ in transcript_of(bare_interview)] == ["Ledger", "Solvik"] * 10


def test_saving_without_ticking_the_box_creates_nothing_and_keeps_the_text(
    editor_client, bare_interview
):
    response = confirm_with(editor_client, bare_interview, CAPS)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tick “Create these participants from the labels”" in page
    assert "MORLAND: The water.</textarea>" in page
    assert not bare_interview.participants.exists() and not bare_interview.turns.exists()


def test_ticking_the_box_creates_the_participants_then_the_turns(editor_client, bare_interview):
    response = confirm_with(editor_client, bare_interview, CAPS, create_participants="on")

    assert response.status_code == 302
    assert list(
        bare_interview.participants.values_list("label", "name", "is_interviewer", "position")
    ) == [("LEDGER", "The Harbour Ledger", True, 1), ("MORLAND", "Anna Morland", False, 2)]
    assert transcript_of(bare_interview) == [
        (1, "LEDGER", "How bad was the season?", ""),
        (
            2,
            "MORLAND",
            "The worst in thirty years.\n\nWe hauled empty pots three days in a row.",
            "",
        ),
        (3, "LEDGER", "What changed?", ""),
        (4, "MORLAND", "The water.", ""),
    ]
    followed = editor_client.get(response["Location"]).content.decode()
    assert "Created 2 participants from the labels (LEDGER, MORLAND)" in followed


def test_the_editor_chooses_who_asks_before_the_participants_are_made(
    editor_client, bare_interview
):
    text = "Ledger: Why the sea?\n\nSolvik: Because of my father.\n\nAnd yours?\n\nHe sailed."

    response = confirm_with(
        editor_client, bare_interview, text, create_participants="on", interviewer="Solvik"
    )

    assert response.status_code == 302
    assert list(bare_interview.participants.values_list("label", "is_interviewer")) == [
        ("Ledger", False),
        ("Solvik", True),
    ]


def test_participants_added_since_the_preview_stop_the_save(editor_client, bare_interview):
    first = post(editor_client, bare_interview, text=CAPS, _preview="Preview")
    make_participant(bare_interview, "Morland", name="Anna Morland")

    response = post(
        editor_client,
        bare_interview,
        text=CAPS,
        fingerprint=first.context["fingerprint"],
        create_participants="on",
        _replace="Replace",
    )

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert list(bare_interview.participants.values_list("label", flat=True)) == ["Morland"]
    assert not bare_interview.turns.exists()


def test_without_participants_or_labels_the_preview_says_so(editor_client, bare_interview):
    response = preview(editor_client, bare_interview, "Why the sea?\n\nBecause.")

    page = response.content.decode()
    assert response.status_code == 200
    assert "No labels found, so there is no one to create" in page
    assert 'name="_replace"' not in page


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pastes_get_a_page_never_an_error_and_keep_the_text(
    editor_client, bare_interview, name
):
    value = HOSTILE[name].replace(MARK, "paste")
    text = f"Ledger: {value}\n\n{value}: Solvik?\n\nSolvik - {value}\nSolvik - again"

    refused = confirm_with(editor_client, bare_interview, text)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Nothing was saved" in page or refused.context["form"].errors
    assert f"{escape(text)}</textarea>" in page
    if "<" in value:
        assert value not in page
    saved = confirm_with(editor_client, bare_interview, text, create_participants="on")
    assert saved.status_code in (200, 302)
