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

- **Clean-up.** Soft hyphens, zero-width spaces, word joiners and byte order
  marks are removed (Word and web pages leave them behind); non-breaking spaces,
  tabs and Word's line tabs (``\\x0b``) count as spaces.
- **Paragraphs** (:class:`Breaks`). Either blank lines separate them (the lines
  of one paragraph are joined with single spaces), or, in a text with (almost)
  no blank lines, every line is one: a line is joined to the one before only
  when it is a wrapped continuation (the line before stops mid-sentence, or
  the indentation says so: with hanging indents an
  indented line continues, with first-line indents it starts a paragraph). In
  both, a line opening with a label used elsewhere to open a paragraph starts a
  new one. Runs of whitespace collapse to one space.
- **Labels.** ``Label:`` (also ``Label :`` and the full-width colon) at the start
  of a paragraph names the speaker; so does ``Label -``/``Label –``/``Label —``
  when the label is a participant's or ``Q``/``A``, or opens at least two lines
  that way. A label is matched, ignoring case, to a participant's label, then
  to a participant's name; failing that, ``Q``/``Question``/``Interviewer`` (and
  ``س``/``سؤال``, ``پرسیار``) mean the one participant marked as interviewer
  and ``A``/``Answer``/``Interviewee`` (``ج``/``جواب``, ``وەڵام``) the one who
  is not; then titles are ignored ("Ms. Ada Okafor" is "Ada Okafor") and a
  surname names the one participant whose name or label ends with it ("OKAFOR"
  is "Ada Okafor"; "ADA OKAFOR" is the participant labelled "Okafor"). Anything
  else that looks like a name is an *unknown label*: the turn is kept without a
  speaker and flagged. Text before a colon that does not look like a name
  ("But here's the thing: ...") is not a label and stays in the text. A label
  alone on its line names the speaker of the unlabelled paragraph after it.
- **Unlabelled paragraphs** (:class:`Style`), either
  - *every turn labelled*: an unlabelled paragraph continues the turn before it
    (joined with a blank line, so it stays a paragraph of its own); or
  - *labels on the first turns, then alternating*: unlabelled paragraphs
    alternate between the two participants, continuing from the last turn whose
    speaker is known; with fewer or more than two participants nothing is
    guessed: the turn is kept without a speaker and flagged.
  Either way a transcript that opens unlabelled starts with the interviewer (or
  the first participant if none is marked). Unless the caller says which, the
  style is detected: *every turn labelled* when no paragraph is unlabelled, or
  when at least half are labelled, no more than three unlabelled paragraphs
  come in a row, no unlabelled question follows an answer, and the
  alternation would go wrong: a label contradicts it, or it would give the
  interviewer more statements than questions, or there are three or more
  speakers. Otherwise alternating, which is what a transcript with labels on
  its first turns only needs.
- **Timecodes** such as ``[00:12:34]`` or ``[12:34]`` right before or right
  after the label are taken off the text and kept on the turn as written
  (``00:12:34``), matching ``Turn.timecode`` (mm:ss or hh:mm:ss).
- **Nothing is lost**: every word of the (cleaned) input that is not a label or
  a leading timecode ends up in the text of exactly one turn, in order. The one
  exception is a paragraph with nothing after its label or timecode (an *empty
  turn*) that has no unlabelled paragraph after it to name: it is left out, with
  a warning.
- **Warnings** point at the paragraph (1-based) and the line of the input where
  that paragraph starts: unknown label, no speaker (not guessed), two turns in
  a row by one speaker, empty turn. A turn without a speaker always has a
  warning; callers must not save it (``Transcript.unassigned``).

It runs in one pass per step over the text (no backtracking regular
expression): thousands of turns parse in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

__all__ = [
    "Breaks",
    "Paragraph",
    "ParseWarning",
    "ParsedTurn",
    "Problem",
    "Speaker",
    "SpeakerLike",
    "Style",
    "Transcript",
    "find_labels",
    "looks_like_label",
    "numbered_lines",
    "paragraphs",
    "parse_transcript",
    "speakers_from_labels",
    "split_paragraphs",
    "transcript_start",
    "split_head",
]

# [12:34] or [00:12:34], then a space or the end of the paragraph. ASCII digits only:
# Turn.timecode is validated with the same shape.
_TIMECODE = re.compile(r"\[([0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)\](?: |$)")
# "Label: " (or "Label : ", or a full-width colon): up to 60 characters (Participant.label's
# length) before the first colon. Bounded, so matching costs at most 60 steps.
_COLON_LABEL = re.compile(r"([^:：\[\]]{1,60}?) ?[:：](?: |$)")
# "Label - ", "Label – ", "Label—": a hyphen needs spaces around it (STOKE-ON-TRENT).
_DASH_LABEL = re.compile(r"([^:：\[\]–—]{1,60}?)(?: -(?: |$)| ?[–—] ?)")
# Lower-case words that belong inside names ("Ana de Souza", "Jan van Dijk").
_PARTICLES = frozenset(
    "al bin da das de del della den der di dos du el ibn la le san ten ter van von y".split()
)
# Words that open a sentence with a colon far more often than they name a speaker.
_NOT_LABELS = frozenset(
    "also and but first however note now or so then today update well yes no".split()
)
_INTERVIEWER_ALIASES = frozenset({"q", "question", "interviewer", "س", "سؤال", "السؤال", "پرسیار"})
_INTERVIEWEE_ALIASES = frozenset({"a", "answer", "interviewee", "ج", "جواب", "الجواب", "وەڵام"})
_ALIASES = _INTERVIEWER_ALIASES | _INTERVIEWEE_ALIASES
# Titles before a name: "Ms. Ada Okafor" is Ada Okafor.
_TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lord lady rev fr hon capt gen col sen rep "
    "gov judge justice mayor councillor cllr د السيد السيدة الدكتور".split()
)
_MAX_LABEL_WORDS = 4
_MAX_UNKNOWN_LABEL_CHARS = 40
# Characters that are there only to be invisible: soft hyphen, zero-width space, word
# joiner, byte order mark. Bidirectional marks are kept in the text but not in labels.
_INVISIBLE = dict.fromkeys(map(ord, "\xad\u200b\u2060\ufeff"))
_BIDI_MARKS = "\u200e\u200f\u061c"
_SENTENCE_END = tuple(".?!…:;؟۔")
_CLOSING = " \"'”’»)]"
_QUESTION_END = ("?", "؟")


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


class Style(StrEnum):
    """What an unlabelled paragraph means."""

    EVERY_TURN = "every_turn"
    ALTERNATING = "alternating"

    @property
    def description(self) -> str:
        return {
            Style.EVERY_TURN: "every turn labelled: unlabelled paragraphs continue the "
            "previous turn",
            Style.ALTERNATING: "labels on the first turns, then alternating: an unlabelled "
            "paragraph is the other speaker's turn",
        }[self]


class Breaks(StrEnum):
    """What separates one paragraph from the next."""

    BLANK_LINES = "blank_lines"
    LINE_BREAKS = "line_breaks"

    @property
    def description(self) -> str:
        return {
            Breaks.BLANK_LINES: "a blank line between paragraphs",
            Breaks.LINE_BREAKS: "one paragraph per line (single line breaks)",
        }[self]


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
    last_paragraph: int = 0  # the last paragraph the turn takes in (continued turns)


@dataclass(frozen=True)
class Transcript:
    turns: tuple[ParsedTurn, ...] = ()
    warnings: tuple[ParseWarning, ...] = ()
    style: Style = Style.ALTERNATING
    breaks: Breaks = Breaks.BLANK_LINES
    style_detected: bool = True  # False: the caller chose the style
    breaks_detected: bool = True
    labels: tuple[str, ...] = ()  # distinct labels, as first written

    @property
    def unassigned(self) -> list[ParsedTurn]:
        """Turns whose speaker is unknown: they block saving until fixed."""
        return [turn for turn in self.turns if turn.speaker is None]

    @property
    def description(self) -> str:
        """How the text was read, in words."""
        return f"{self.style.description}; {self.breaks.description}"


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
    """
    The lines of ``text`` numbered from 1, whatever its newlines, without soft hyphens,
    zero-width spaces and byte order marks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return list(enumerate(text.split("\n"), start=1))


def _key(value: str) -> str:
    return " ".join(value.replace("’", "'").strip(_BIDI_MARKS).casefold().split())


def _bare_key(key: str) -> str:
    """A label's key without the titles before the name ("ms. ada okafor" -> "ada okafor")."""
    words = key.split()
    while len(words) > 1 and words[0].rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


def _is_capital(char: str) -> bool:
    # Arabic, Kurdish, Hebrew... have no capitals: any letter of theirs counts as one.
    return char.isupper() or (char.isalpha() and not char.islower())


def _is_name_word(word: str) -> bool:
    """A letter, then letters, combining marks, joiners, apostrophes, dots or hyphens."""
    if not word or not word[0].isalpha():
        return False
    return all(
        char.isalpha() or char in "'’.-\u200c\u200d" or unicodedata.category(char).startswith("M")
        for char in word[1:]
    )


def looks_like_label(candidate: str) -> bool:
    """A name, a surname, an outlet, a role, initials or "Q": up to four capitalised words."""
    candidate = candidate.strip(_BIDI_MARKS)
    words = candidate.split(" ")
    if len(candidate) > _MAX_UNKNOWN_LABEL_CHARS or len(words) > _MAX_LABEL_WORDS:
        return False
    if _key(candidate) in _NOT_LABELS:
        return False
    if not words[0] or not _is_capital(words[0][0]):
        return False
    return all(
        _is_name_word(word) and (_is_capital(word[0]) or word in _PARTICLES) for word in words
    )


def split_head(
    text: str, known: frozenset[str] = frozenset(), dashes: frozenset[str] = frozenset()
) -> tuple[str, str, str]:
    """
    Split a paragraph into (timecode, label, rest). ``known`` holds the keys of
    labels that count even when they do not look like a name; ``dashes`` the keys
    that count before a dash (besides the known ones and Q/A).
    """
    rest, timecode, label = text, "", ""
    match = _TIMECODE.match(rest)
    if match:
        timecode, rest = match.group(1), rest[match.end() :]
    candidate, after = _label_candidate(rest, known, dashes)
    if candidate:
        label, rest = candidate, rest[after:]
        if not timecode:
            match = _TIMECODE.match(rest)
            if match:
                timecode, rest = match.group(1), rest[match.end() :]
    return timecode, label, rest


def _label_candidate(text: str, known: frozenset[str], dashes: frozenset[str]) -> tuple[str, int]:
    match = _COLON_LABEL.match(text)
    if match:
        candidate = match.group(1)
        if candidate == candidate.strip() and (
            _key(candidate) in known or looks_like_label(candidate)
        ):
            return candidate, match.end()
    match = _DASH_LABEL.match(text)
    if match:
        candidate = match.group(1)
        key = _key(candidate)
        if candidate == candidate.strip() and (key in known or key in dashes or key in _ALIASES):
            return candidate, match.end()
    return "", 0


def _dash_key(text: str) -> str:
    """The key of a dash label candidate at the start of ``text`` ("" if none)."""
    match = _TIMECODE.match(text)
    if match:
        text = text[match.end() :]
    if _COLON_LABEL.match(text) and split_head(text)[1]:
        return ""
    match = _DASH_LABEL.match(text)
    if match and match.group(1) == match.group(1).strip() and looks_like_label(match.group(1)):
        return _key(match.group(1))
    return ""


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSING).endswith(_SENTENCE_END)


def _ends_question(text: str) -> bool:
    return text.rstrip(_CLOSING).endswith(_QUESTION_END)


# --- paragraphs ----------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    text: str  # whitespace collapsed
    indent: int
    starts_paragraph: bool  # after a blank line, or the first
    labelled: bool = False


def _content_lines(lines: Iterable[tuple[int, str]]) -> list[_Line]:
    found: list[_Line] = []
    blank = True
    for number, line in lines:
        words = line.split()
        if not words:
            blank = True
            continue
        stripped = line.lstrip()
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        found.append(_Line(number, " ".join(words), indent, blank))
        blank = False
    return found


def _detect_breaks(content: list[_Line]) -> Breaks:
    blank_gaps = sum(1 for line in content[1:] if line.starts_paragraph)
    direct_gaps = len(content) - 1 - blank_gaps
    if direct_gaps == 0:
        return Breaks.BLANK_LINES
    if blank_gaps == 0:
        return Breaks.LINE_BREAKS
    ended = sum(1 for line in content if _ends_sentence(line.text))
    if blank_gaps * 4 <= direct_gaps and ended >= 0.6 * len(content):
        return Breaks.LINE_BREAKS
    return Breaks.BLANK_LINES


def _indent_style(content: list[_Line]) -> str:
    """ "first-line" (an indented line starts a paragraph), "hanging" or ""."""
    if not content:
        return ""
    base = min(line.indent for line in content)
    first_votes = hanging_votes = 0
    for previous, line in zip(content, content[1:], strict=False):
        if line.indent <= base or line.starts_paragraph:
            continue
        if line.labelled or _ends_sentence(previous.text):
            first_votes += 1
        else:
            hanging_votes += 1
        if line.labelled:
            first_votes += 1
    for line in content:
        if line.indent == base and line.labelled:
            hanging_votes += 1
    if not first_votes and not hanging_votes:
        return ""
    return "first-line" if first_votes > hanging_votes else "hanging"


def _segment(content: list[_Line], breaks: Breaks) -> list[Paragraph]:
    found: list[Paragraph] = []
    words: list[str] = []
    start = 0
    indent_style = _indent_style(content) if breaks == Breaks.LINE_BREAKS else ""
    base = min((line.indent for line in content), default=0)
    previous: _Line | None = None
    for line in content:
        if previous is None or line.starts_paragraph or line.labelled:
            new = True
        elif breaks == Breaks.BLANK_LINES:
            new = False
        elif indent_style == "first-line":
            new = line.indent > base
        elif indent_style == "hanging":
            new = line.indent <= base
        else:
            # A wrapped line: the one before it stops mid-sentence.
            new = _ends_sentence(previous.text)
        if new and words:
            found.append(Paragraph(len(found) + 1, start, " ".join(words)))
            words = []
        if not words:
            start = line.number
        words.append(line.text)
        previous = line
    if words:
        found.append(Paragraph(len(found) + 1, start, " ".join(words)))
    return found


def _read_paragraphs(
    lines: Iterable[tuple[int, str]], known: frozenset[str], breaks: Breaks | None
) -> tuple[list[Paragraph], Breaks, frozenset[str], frozenset[str]]:
    """
    The paragraphs, how they were separated, and the label keys that count: ``known``
    with the labels that open a paragraph (or, for dash labels, two lines).
    """
    content = _content_lines(lines)
    dash_counts: dict[str, int] = {}
    for line in content:
        key = _dash_key(line.text)
        if key:
            dash_counts[key] = dash_counts.get(key, 0) + 1
    dashes = frozenset(key for key, count in dash_counts.items() if count >= 2)
    # Labels that open a paragraph somewhere may open a line inside one too.
    labels = [_key(split_head(line.text, known, dashes)[1]) for line in content]
    openers = set(known)
    openers.update(
        key for line, key in zip(content, labels, strict=True) if key and line.starts_paragraph
    )
    used = breaks or _detect_breaks(content)
    for line, key in zip(content, labels, strict=True):
        line.labelled = bool(key) and (
            used == Breaks.LINE_BREAKS or line.starts_paragraph or key in openers
        )
    return _segment(content, used), used, frozenset(openers), dashes


def find_labels(lines: str | Iterable[tuple[int, str]], breaks: Breaks | None = None) -> list[str]:
    """Distinct speaker labels in order of first appearance, as first written."""
    lines = numbered_lines(lines) if isinstance(lines, str) else list(lines)
    found, _, known, dashes = _read_paragraphs(lines, _ALIASES, Breaks(breaks) if breaks else None)
    seen: dict[str, str] = {}
    for paragraph in found:
        label = split_head(paragraph.text, known | _ALIASES, dashes)[1]
        if label:
            seen.setdefault(_key(label), label)
    return list(seen.values())


def _same_person(short: str, long: str) -> bool:
    """Whether the label key ``short`` is the surname (or the whole) of ``long``."""
    short_words, long_words = _bare_key(short).split(), _bare_key(long).split()
    if not short_words or len(short_words) > len(long_words):
        return False
    return long_words[len(long_words) - len(short_words) :] == short_words


def _display_name(label: str) -> str:
    words = label.split()
    while len(words) > 1 and words[0].casefold().rstrip(".") in _TITLES:
        words = words[1:]
    name = " ".join(words)
    if name.isupper() and len(words) > 1:  # "MAREN SOLVIK" -> "Maren Solvik"; "BBC" stays
        name = name.title()
    return name


def speakers_from_labels(
    labels: Sequence[str], names: dict[str, str] | None = None, outlet: str = ""
) -> tuple[Speaker, ...]:
    """
    One participant per person the labels name, in order of first appearance
    (those ``names`` lists first, in its order). A full name and the surname used
    after it ("MAREN SOLVIK", then "SOLVIK") are one person, labelled with the
    shorter form and named with the longer. The interviewer is whoever is labelled
    Q (or Question, Interviewer), else the outlet (``outlet``, or its last word),
    else whoever speaks first. ``names`` maps labels to full names.
    """
    names = {_key(label): name for label, name in (names or {}).items() if name}
    listed = list(names)
    groups: list[list[str]] = []
    for label in labels:
        key = _key(label)
        matches = []
        if key not in _ALIASES:
            matches = [
                group
                for group in groups
                if _key(group[0]) not in _ALIASES
                and any(_same_person(key, _key(m)) or _same_person(_key(m), key) for m in group)
            ]
        if len(matches) == 1:
            matches[0].append(label)
        else:
            groups.append([label])
    if not groups:
        return ()
    outlet_key = _key(outlet)

    def is_outlet(group):
        return outlet_key and any(
            _key(m) == outlet_key or _same_person(_key(m), outlet_key) for m in group
        )

    asker = next((g for g in groups if _key(g[0]) in _INTERVIEWER_ALIASES), None)
    asker = asker or next((g for g in groups if is_outlet(g)), None) or groups[0]

    def rank(group):
        spots = [listed.index(_key(m)) for m in group if _key(m) in listed]
        return min(spots) if spots else len(listed)

    speakers = []
    for group in sorted(groups, key=rank):
        short = min(group, key=lambda m: len(m.split()))
        long = max(group, key=lambda m: len(m.split()))
        listed_name = next((names[_key(m)] for m in group if _key(m) in names), "")
        if listed_name:
            name = listed_name
        else:
            name = _display_name(long)
        speakers.append(Speaker(label=short, name=name, is_interviewer=group is asker))
    return tuple(speakers)


# --- who speaks ----------------------------------------------------------------------


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
        self.known = frozenset(self.by_label) | frozenset(self.by_name) | _ALIASES
        interviewers = [p for p in self.participants if p.is_interviewer]
        others = [p for p in self.participants if not p.is_interviewer]
        self.interviewers, self.interviewees = interviewers, others
        self._resolved: dict[str, tuple[SpeakerLike | None, str]] = {}

    def resolve(self, label: str) -> tuple[SpeakerLike | None, str]:
        """The participant a label names, or None and why not."""
        key = _key(label)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(label, key)
        return self._resolved[key]

    def _resolve(self, label: str, key: str) -> tuple[SpeakerLike | None, str]:
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
        # A title, a surname, or a full name where the label is the surname.
        matches = [
            p
            for p in self.participants
            if any(
                _same_person(key, _key(value)) or _same_person(_key(value), key)
                for value in (p.label, p.name)
                if value and _key(value) not in _ALIASES
            )
        ]
        if len(matches) == 1:
            return matches[0], ""
        names = ", ".join(p.label for p in self.participants) or "none yet"
        if len(matches) > 1:
            return None, (
                f'"{label}" could be {len(matches)} participants ({names}); use their labels.'
            )
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

    def first(self) -> SpeakerLike | None:
        if len(self.participants) != 2:
            return None
        return self.interviewers[0] if len(self.interviewers) == 1 else self.participants[0]

    def next_after(self, previous: SpeakerLike | None) -> SpeakerLike | None:
        if len(self.participants) != 2:
            return None
        if previous is None:
            return self.first()
        first, second = self.participants
        return second if previous is first else first


@dataclass
class _Item:
    paragraph: Paragraph
    timecode: str
    label: str
    rest: str
    speaker: Any = None
    reason: str = ""
    last: int = 0  # the last paragraph it takes in

    @property
    def who(self):
        """Who the label names: the participant, or the label itself when unknown."""
        if not self.label:
            return None
        return self.speaker if self.speaker is not None else ("label", _key(self.label))


def _named_by(label: _Item, text: _Item) -> _Item:
    """The label alone on a line and the unlabelled paragraph after it, as one turn."""
    if label.timecode and text.timecode:
        timecode, rest = label.timecode, text.paragraph.text  # the second one stays text
    else:
        timecode, rest = label.timecode or text.timecode, text.rest
    return _Item(
        label.paragraph,
        timecode,
        label.label,
        rest,
        label.speaker,
        label.reason,
        last=text.paragraph.number,
    )


def _detect_style(items: list[_Item]) -> Style:
    labelled = [item for item in items if item.label]
    if not labelled or len(labelled) == len(items):
        return Style.EVERY_TURN if labelled else Style.ALTERNATING
    if 2 * len(labelled) < len(items):
        return Style.ALTERNATING
    people = {id(item.who) if item.speaker else item.who for item in labelled}
    asker_known = len(people) == 2 and any(
        getattr(item.speaker, "is_interviewer", False) for item in labelled
    )
    longest = run = contradictions = asked_after_answer = 0
    to_asker = statements_to_asker = 0  # what the alternation would make the interviewer say
    last: _Item | None = None  # the last labelled item
    previous: _Item | None = None
    for item in items:
        if item.label:
            if run and last is not None:
                # The alternation gives the run's last paragraph to the other speaker
                # when the run is odd, to the same one when it is even.
                same = last.who == item.who
                if (run % 2 == 1 and not same) or (run % 2 == 0 and same):
                    contradictions += 1
            run, last = 0, item
        else:
            run += 1
            longest = max(longest, run)
            asker = last is not None and getattr(last.speaker, "is_interviewer", False)
            if (
                previous is not None
                and not asker
                and _ends_question(item.rest)
                and not _ends_question(previous.rest)
            ):
                asked_after_answer += 1
            if asker_known and last is not None and last.speaker is not None:
                if (run % 2 == 1) != bool(last.speaker.is_interviewer):
                    to_asker += 1
                    statements_to_asker += not _ends_question(item.rest)
        previous = item
    evidence = contradictions or len(people) >= 3 or 2 * statements_to_asker > to_asker > 0
    if longest <= 3 and not asked_after_answer and evidence:
        return Style.EVERY_TURN
    return Style.ALTERNATING


def parse_transcript(
    text: str | Iterable[tuple[int, str]],
    participants: Sequence[SpeakerLike],
    *,
    style: Style | str | None = None,
    breaks: Breaks | str | None = None,
) -> Transcript:
    """
    Parse a transcript (see the module's docstring for the contract).

    ``text`` is a string, or numbered lines (``(line_number, line)`` pairs) when the
    caller has already removed lines (page furniture) and wants warnings to keep
    pointing at the lines of its own source. ``style`` and ``breaks`` (a
    :class:`Style`, a :class:`Breaks` or their values) override the detection.
    """
    if isinstance(text, str):
        lines = numbered_lines(text)
    else:
        lines = [(number, line.translate(_INVISIBLE)) for number, line in text]
    cast = _Cast(participants)
    chosen_breaks = Breaks(breaks) if breaks else None
    found, used_breaks, known, dashes = _read_paragraphs(lines, cast.known, chosen_breaks)

    items: list[_Item] = []
    labels: dict[str, str] = {}
    pending: _Item | None = None  # a label alone on its line, waiting for its text
    for paragraph in found:
        timecode, label, rest = split_head(paragraph.text, known, dashes)
        item = _Item(paragraph, timecode, label, rest, last=paragraph.number)
        if label:
            labels.setdefault(_key(label), label)
            item.speaker, item.reason = cast.resolve(label)
        if pending is not None:
            if not label and rest:
                items.append(_named_by(pending, item))
                pending = None
                continue
            items.append(pending)
            pending = None
        if label and not rest:
            pending = item
        else:
            items.append(item)
    if pending is not None:
        items.append(pending)
    used_style = Style(style) if style else _detect_style(items)

    turns: list[dict] = []
    warnings: list[ParseWarning] = []
    last_known: SpeakerLike | None = None

    def warn(problem, paragraph, message):
        warnings.append(ParseWarning(problem, paragraph.number, paragraph.line, message))

    for item in items:
        paragraph = item.paragraph
        if not item.rest:
            what = f'"{item.label}:"' if item.label else f"[{item.timecode}]"
            warn(Problem.EMPTY_TURN, paragraph, f"{what} has nothing after it; left out.")
            continue
        if item.label:
            speaker = item.speaker
            if speaker is None:
                warn(Problem.UNKNOWN_LABEL, paragraph, item.reason)
        elif used_style == Style.EVERY_TURN and turns:
            turn = turns[-1]
            turn["text"] += "\n\n" + paragraph.text
            turn["last_paragraph"] = item.last
            continue
        else:
            speaker = cast.next_after(last_known)
            if speaker is None:
                warn(Problem.NO_SPEAKER, paragraph, cast.why_no_guess())
        if speaker is not None:
            if turns and turns[-1]["speaker"] is speaker:
                warn(
                    Problem.SAME_SPEAKER,
                    paragraph,
                    f"Two turns in a row by {speaker.label} (paragraphs "
                    f"{turns[-1]['paragraph']} and {paragraph.number}). Join them, or check "
                    "the labels.",
                )
            last_known = speaker
        turns.append(
            {
                "speaker": speaker,
                "text": item.rest,
                "timecode": item.timecode,
                "paragraph": paragraph.number,
                "line": paragraph.line,
                "label": item.label,
                "last_paragraph": item.last,
            }
        )
    return Transcript(
        turns=tuple(ParsedTurn(**turn) for turn in turns),
        warnings=tuple(warnings),
        style=used_style,
        breaks=used_breaks,
        style_detected=not style,
        breaks_detected=not breaks,
        labels=tuple(labels.values()),
    )


def split_paragraphs(
    lines: Iterable[tuple[int, str]], breaks: Breaks | None = None
) -> tuple[list[Paragraph], Breaks]:
    """The paragraphs of any text as the parser sees them, and what separated them."""
    lines = [(number, line.translate(_INVISIBLE)) for number, line in lines]
    found, used, _, _ = _read_paragraphs(lines, _ALIASES, breaks)
    return found, used


def transcript_start(lines: Iterable[tuple[int, str]]) -> int | None:
    """
    The line where a transcript with no intro starts: the first labelled paragraph
    with a paragraph by someone else's label no more than three paragraphs after it
    (a quote in a story is one label; an interview is two voices taking turns).
    """
    lines = [(number, line.translate(_INVISIBLE)) for number, line in lines]
    found, _, known, dashes = _read_paragraphs(lines, _ALIASES, None)
    keys = [_key(split_head(p.text, known | _ALIASES, dashes)[1]) for p in found]
    for index, key in enumerate(keys):
        if not key or key in _NOT_LABELS:
            continue
        following = [k for k in keys[index + 1 : index + 4] if k]
        if following and not (_same_person(following[0], key) or _same_person(key, following[0])):
            return found[index].line
    return None
