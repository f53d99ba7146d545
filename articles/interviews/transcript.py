"""
Plain-text transcripts in, speaker-attributed turns out.

Pure Python, no Django: the admin's "Paste a transcript" page and the
``import_story`` command both call :func:`parse_transcript`, and the tests run it
on any text at all.

The contract
============

Input: the transcript as text, and the interview's participants: any objects
with ``label``, ``name`` and ``is_interviewer`` (model instances or
:class:`Speaker`). The participants given are the ones handed back as speakers.

- **Paragraphs** are separated by blank lines (lines holding only whitespace);
  the lines of one paragraph are joined with a space and runs of whitespace
  collapse to one space. Every paragraph is one turn.
- **Labels.** ``Label:`` at the start of a paragraph (a colon right after the
  label, then a space or the end of the paragraph) names the speaker. It is
  matched, ignoring case, to a participant's label, then to a participant's
  name. Failing that, ``Q``/``Question``/``Interviewer`` mean the one
  participant marked as interviewer and ``A``/``Answer``/``Interviewee`` the one
  who is not. Anything else that looks like a name ("Smiht:", "ADA OKAFOR:")
  is an *unknown label*: the turn is kept without a speaker and flagged. Text
  before a colon that does not look like a name ("But here's the thing: ...")
  is not a label and stays in the text.
- **Unlabelled paragraphs** alternate between the two participants, continuing
  from the last turn whose speaker is known; a transcript that opens unlabelled
  starts with the interviewer (or the first participant if none is marked).
  With fewer or more than two participants nothing is guessed: the turn is kept
  without a speaker and flagged.
- **Timecodes** such as ``[00:12:34]`` or ``[12:34]`` right before or right
  after the label are taken off the text and kept on the turn as written
  (``00:12:34``), matching ``Turn.timecode`` (mm:ss or hh:mm:ss).
- **Nothing is lost**: every word of the input that is not a label or a leading
  timecode ends up in the text of exactly one turn, in order. The one exception
  is a paragraph with nothing after its label or timecode (an *empty turn*): it
  is left out, with a warning.
- **Warnings** point at the paragraph (1-based) and the line of the input where
  that paragraph starts: unknown label, no speaker (not guessed), two turns in
  a row by one speaker, empty turn. A turn without a speaker always has a
  warning; callers must not save it (``Transcript.unassigned``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

__all__ = [
    "Paragraph",
    "ParseWarning",
    "ParsedTurn",
    "Problem",
    "Speaker",
    "SpeakerLike",
    "Transcript",
    "find_labels",
    "looks_like_label",
    "numbered_lines",
    "paragraphs",
    "parse_transcript",
    "split_head",
]

# [12:34] or [00:12:34], then a space or the end of the paragraph. ASCII digits only:
# Turn.timecode is validated with the same shape.
_TIMECODE = re.compile(r"\[([0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)\](?: |$)")
# "Label: " — up to 60 characters (Participant.label's length) before the first colon.
_LABEL = re.compile(r"([^:\[\]]{1,60}):(?: |$)")
# One word of a name: starts with a letter; then letters, apostrophes, dots or hyphens.
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*")
# Lower-case words that belong inside names ("Ana de Souza", "Jan van Dijk").
_PARTICLES = frozenset(
    "al bin da das de del della den der di dos du el ibn la le san ten ter van von y".split()
)
# Words that open a sentence with a colon far more often than they name a speaker.
_NOT_LABELS = frozenset(
    "also and but first however note now or so then today update well yes no".split()
)
_INTERVIEWER_ALIASES = frozenset({"q", "question", "interviewer"})
_INTERVIEWEE_ALIASES = frozenset({"a", "answer", "interviewee"})
_MAX_LABEL_WORDS = 4
_MAX_UNKNOWN_LABEL_CHARS = 40


class SpeakerLike(Protocol):
    """What the parser needs to know about a participant."""

    label: str
    name: str
    is_interviewer: bool


@dataclass(frozen=True)
class Speaker:
    """A participant for callers without a model instance at hand."""

    label: str
    name: str = ""
    is_interviewer: bool = False


class Problem(StrEnum):
    UNKNOWN_LABEL = "unknown_label"
    NO_SPEAKER = "no_speaker"
    SAME_SPEAKER = "same_speaker"
    EMPTY_TURN = "empty_turn"


@dataclass(frozen=True)
class ParseWarning:
    problem: Problem
    paragraph: int
    line: int
    message: str

    def __str__(self):
        return f"Paragraph {self.paragraph} (line {self.line}): {self.message}"


@dataclass(frozen=True)
class ParsedTurn:
    speaker: Any  # one of the participants passed in (a SpeakerLike), or None if unknown
    text: str
    timecode: str = ""  # "12:34" or "00:12:34" as written, "" if none
    paragraph: int = 0  # 1-based paragraph of the input
    line: int = 0  # 1-based line of the input where the paragraph starts
    label: str = ""  # the label as written, without the colon; "" if unlabelled


@dataclass(frozen=True)
class Transcript:
    turns: tuple[ParsedTurn, ...] = ()
    warnings: tuple[ParseWarning, ...] = ()

    @property
    def unassigned(self) -> list[ParsedTurn]:
        """Turns whose speaker is unknown: they block saving until fixed."""
        return [turn for turn in self.turns if turn.speaker is None]


@dataclass(frozen=True)
class Paragraph:
    number: int
    line: int
    text: str


def paragraphs(lines: Iterable[tuple[int, str]]) -> list[Paragraph]:
    """
    Group numbered lines into paragraphs: blank lines separate them, the lines of
    one paragraph are joined with single spaces.
    """
    found: list[Paragraph] = []
    words: list[str] = []
    start = 0
    for number, line in lines:
        line_words = line.split()
        if not line_words:
            if words:
                found.append(Paragraph(len(found) + 1, start, " ".join(words)))
                words = []
            continue
        if not words:
            start = number
        words.extend(line_words)
    if words:
        found.append(Paragraph(len(found) + 1, start, " ".join(words)))
    return found


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` numbered from 1, whatever its newlines; a leading BOM dropped."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return list(enumerate(text.split("\n"), start=1))


def _key(value: str) -> str:
    return " ".join(value.replace("’", "'").casefold().split())


def looks_like_label(candidate: str) -> bool:
    """A name, a surname, an outlet, initials or "Q": up to four capitalised words."""
    words = candidate.split(" ")
    if len(candidate) > _MAX_UNKNOWN_LABEL_CHARS or len(words) > _MAX_LABEL_WORDS:
        return False
    if _key(candidate) in _NOT_LABELS:
        return False
    if not words[0][:1].isupper():
        return False
    return all(
        _NAME_WORD.fullmatch(word) and (word[0].isupper() or word in _PARTICLES) for word in words
    )


def split_head(text: str, known: frozenset[str] = frozenset()) -> tuple[str, str, str]:
    """
    Split a paragraph into (timecode, label, rest). ``known`` holds the keys of
    labels that count even when they do not look like a name.
    """
    rest, timecode, label = text, "", ""
    match = _TIMECODE.match(rest)
    if match:
        timecode, rest = match.group(1), rest[match.end() :]
    match = _LABEL.match(rest)
    if match:
        candidate = match.group(1)
        if candidate == candidate.strip() and (
            _key(candidate) in known or looks_like_label(candidate)
        ):
            label, rest = candidate, rest[match.end() :]
            if not timecode:
                match = _TIMECODE.match(rest)
                if match:
                    timecode, rest = match.group(1), rest[match.end() :]
    return timecode, label, rest


def find_labels(lines: Iterable[tuple[int, str]]) -> list[str]:
    """Distinct speaker labels in order of first appearance, as first written."""
    seen: dict[str, str] = {}
    for paragraph in paragraphs(lines):
        label = split_head(paragraph.text)[1]
        if label:
            seen.setdefault(_key(label), label)
    return list(seen.values())


class _Cast:
    """Who is who: resolves labels to participants, and who speaks next."""

    def __init__(self, participants: Sequence[SpeakerLike]):
        self.participants = list(participants)
        self.by_label: dict[str, list[SpeakerLike]] = {}
        self.by_name: dict[str, list[SpeakerLike]] = {}
        for participant in self.participants:
            self.by_label.setdefault(_key(participant.label), []).append(participant)
            if participant.name:
                self.by_name.setdefault(_key(participant.name), []).append(participant)
        self.known = (
            frozenset(self.by_label)
            | frozenset(self.by_name)
            | _INTERVIEWER_ALIASES
            | _INTERVIEWEE_ALIASES
        )
        interviewers = [p for p in self.participants if p.is_interviewer]
        others = [p for p in self.participants if not p.is_interviewer]
        self.interviewers, self.interviewees = interviewers, others

    def resolve(self, label: str) -> tuple[SpeakerLike | None, str]:
        """The participant a label names, or None and why not."""
        key = _key(label)
        for index in (self.by_label, self.by_name):
            matches = index.get(key, [])
            if len(matches) == 1:
                return matches[0], ""
            if len(matches) > 1:
                return None, f'"{label}" matches {len(matches)} participants; use their labels.'
        for aliases, group, role in (
            (_INTERVIEWER_ALIASES, self.interviewers, "marked as interviewer"),
            (_INTERVIEWEE_ALIASES, self.interviewees, "not marked as interviewer"),
        ):
            if key in aliases:
                if len(group) == 1:
                    return group[0], ""
                return None, (
                    f'"{label}:" needs exactly one participant {role}; '
                    f"there are {len(group)}. Label the turn with a name."
                )
        names = ", ".join(p.label for p in self.participants) or "none yet"
        return None, (
            f'Unknown speaker "{label}". Use a participant\'s label or name '
            f"(participants: {names}), or add this speaker as a participant."
        )

    def why_no_guess(self) -> str:
        count = len(self.participants)
        if count == 0:
            return "No label, and the interview has no participants yet: add them first."
        if count == 1:
            return (
                "No label, and with one participant the other speaker is unknown: add the "
                'second participant, or start the paragraph with a label ("Name: ...").'
            )
        return (
            f"No label, and with {count} participants the speaker is not guessed: start "
            'the paragraph with a label ("Name: ...").'
        )

    def next_after(self, previous: SpeakerLike | None) -> SpeakerLike | None:
        if len(self.participants) != 2:
            return None
        if previous is None:
            return self.interviewers[0] if len(self.interviewers) == 1 else self.participants[0]
        first, second = self.participants
        return second if previous is first else first


def parse_transcript(
    text: str | Iterable[tuple[int, str]], participants: Sequence[SpeakerLike]
) -> Transcript:
    """
    Parse a transcript (see the module's docstring for the contract).

    ``text`` is a string, or numbered lines (``(line_number, line)`` pairs) when the
    caller has already removed lines (page furniture) and wants warnings to keep
    pointing at the lines of its own source.
    """
    lines = numbered_lines(text) if isinstance(text, str) else text
    cast = _Cast(participants)
    turns: list[ParsedTurn] = []
    warnings: list[ParseWarning] = []
    last_known: SpeakerLike | None = None

    def warn(problem, paragraph, message):
        warnings.append(ParseWarning(problem, paragraph.number, paragraph.line, message))

    for paragraph in paragraphs(lines):
        timecode, label, rest = split_head(paragraph.text, cast.known)
        if not rest:
            what = f'"{label}:"' if label else f"[{timecode}]"
            warn(Problem.EMPTY_TURN, paragraph, f"{what} has nothing after it; left out.")
            continue
        if label:
            speaker, reason = cast.resolve(label)
            if speaker is None:
                warn(Problem.UNKNOWN_LABEL, paragraph, reason)
        else:
            speaker = cast.next_after(last_known)
            if speaker is None:
                warn(Problem.NO_SPEAKER, paragraph, cast.why_no_guess())
        if speaker is not None:
            if turns and turns[-1].speaker is speaker:
                warn(
                    Problem.SAME_SPEAKER,
                    paragraph,
                    f"Two turns in a row by {speaker.label} (paragraphs "
                    f"{turns[-1].paragraph} and {paragraph.number}). Join them, or check "
                    "the labels.",
                )
            last_known = speaker
        turns.append(
            ParsedTurn(
                speaker=speaker,
                text=rest,
                timecode=timecode,
                paragraph=paragraph.number,
                line=paragraph.line,
                label=label,
            )
        )
    return Transcript(turns=tuple(turns), warnings=tuple(warnings))
