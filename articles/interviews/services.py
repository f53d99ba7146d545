"""Transcripts saved whole or in parts: from the paste form, the importer or a command."""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from articles.editorial.revisions import add_story, story_revision
from articles.stories.signals import story_changed
from newsroom.text import clean_typed_text

from .models import Participant, Turn


def _transcript_rows(*, interview, turns, start):
    """
    Unsaved Turn rows for parsed turns (``articles.interviews.transcript.ParsedTurn``, or anything
    with ``speaker``, ``text`` and ``timecode``), numbered from ``start``. Refuses,
    naming the turn, a turn with no speaker or a speaker of another interview, an
    empty turn and a malformed timecode: nothing is saved then.
    """
    timecode_field = Turn._meta.get_field("timecode")
    rows = []
    for number, turn in enumerate(turns, start=1):
        where = f"Turn {number}"
        if getattr(turn, "line", 0):
            where += f" (paragraph {turn.paragraph}, line {turn.line})"
        speaker, text = turn.speaker, clean_typed_text(turn.text).strip()
        if speaker is None:
            raise ValidationError(f"{where} has no speaker.")
        if speaker.pk is None or speaker.interview_id != interview.pk:
            raise ValidationError(f"{where}: {speaker} is not a participant of this interview.")
        if not text:
            raise ValidationError(f"{where} is empty.")
        if turn.timecode:
            try:
                timecode_field.run_validators(turn.timecode)
            except ValidationError as error:
                raise ValidationError(f"{where}: {' '.join(error.messages)}") from None
        rows.append(
            Turn(
                interview=interview,
                participant=speaker,
                position=start + number - 1,
                text=text,
                timecode=turn.timecode,
            )
        )
    if not rows:
        raise ValidationError("There are no turns to save.")
    return rows


def _lock_interview(interview):
    # Two editors saving a transcript at once take turns here; positions stay unique.
    type(interview).objects.select_for_update().filter(pk=interview.pk).first()


@transaction.atomic
def replace_transcript(*, interview, turns, by=None) -> list:
    """
    Make ``turns`` (parsed turns whose speakers are this interview's participants)
    the whole transcript of ``interview``, numbered 1..n. All or nothing.
    """
    rows = _transcript_rows(interview=interview, turns=turns, start=1)
    _lock_interview(interview)
    interview.turns.all().delete()
    created = Turn.objects.bulk_create(rows)
    story_changed.send(sender=Turn, article_id=interview.article_id)
    with story_revision(user=by, comment=f"Replaced the transcript ({len(created)} turns)."):
        add_story(interview.article)
    return created


@transaction.atomic
def append_transcript(*, interview, turns, by=None) -> list:
    """Add ``turns`` after the last turn of ``interview``, numbered on from it."""
    _lock_interview(interview)
    last = interview.turns.aggregate(last=Max("position"))["last"] or 0
    rows = _transcript_rows(interview=interview, turns=turns, start=last + 1)
    created = Turn.objects.bulk_create(rows)
    story_changed.send(sender=Turn, article_id=interview.article_id)
    with story_revision(user=by, comment=f"Appended {len(created)} turns to the transcript."):
        add_story(interview.article)
    return created


@transaction.atomic
def create_participants_and_transcript(*, interview, speakers, turns, by=None) -> list:
    """
    Give ``interview``, which has no participants yet, one per speaker (anything with
    ``label``, ``name`` and ``is_interviewer``, such as
    ``articles.interviews.transcript.Speaker``), in that order, and make ``turns``
    (whose speakers are those same objects) its transcript. All or nothing: refused
    if the interview has participants by now, or a participant or turn is not valid.
    """
    _lock_interview(interview)
    if interview.participants.exists():
        raise ValidationError(
            "The interview has participants now (someone added them since the preview)."
        )
    made = {}
    for position, speaker in enumerate(speakers, start=1):
        participant = Participant(
            interview=interview,
            name=speaker.name or speaker.label,
            label=speaker.label,
            is_interviewer=speaker.is_interviewer,
            position=position,
        )
        try:
            participant.full_clean()
        except ValidationError as error:
            raise ValidationError(
                f"Participant “{speaker.label}”: {' '.join(error.messages)}"
            ) from None
        participant.save()
        made[speaker] = participant
    rows = []
    for number, turn in enumerate(turns, start=1):
        if turn.speaker not in made:
            raise ValidationError(f"Turn {number} has no speaker.")
        rows.append(replace(turn, speaker=made[turn.speaker]))
    return replace_transcript(interview=interview, turns=rows, by=by)
