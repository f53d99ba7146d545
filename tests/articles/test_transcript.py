"""The transcript parser on its own: sample texts, one per style, and property tests."""

import re
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.interviews.transcript import Problem, Speaker, parse_transcript

SAMPLES = Path(__file__).parent / "samples"
LEDGER = Speaker("Ledger", "The Harbour Ledger", is_interviewer=True)
SOLVIK = Speaker("Solvik", "Maren Solvik")


def sample(name):
    return (SAMPLES / name).read_text(encoding="utf-8")


def speakers(transcript):
    return [turn.speaker.label if turn.speaker else None for turn in transcript.turns]


def test_twenty_turns_labelled_then_unlabelled_get_the_right_speakers():
    transcript = parse_transcript(sample("labelled_then_unlabelled.txt"), [LEDGER, SOLVIK])

    assert len(transcript.turns) == 20
    assert speakers(transcript) == ["Ledger", "Solvik"] * 10
    # The sample's questions are the interviewer's turns, and only those.
    assert [turn.text.endswith("?") for turn in transcript.turns] == [True, False] * 10
    assert transcript.warnings == ()
    assert transcript.turns[2].text == "What does a crossing look like after midnight?"
    assert transcript.turns[2].label == ""


def test_q_and_a_mean_the_interviewer_and_the_other_participant():
    keeper = Speaker("Nystad", "Eli Nystad")
    # The interviewee comes first in the list: Q still means the interviewer.
    transcript = parse_transcript(sample("qa.txt"), [keeper, LEDGER])

    assert speakers(transcript) == ["Ledger", "Nystad"] * 3
    assert transcript.turns[1].text.startswith("The last keeper, a man called Henrik Aasen")
    assert transcript.turns[1].text.endswith("The light has been automatic ever since.")
    assert transcript.warnings == ()


def test_q_is_refused_when_it_could_mean_two_interviewers():
    other = Speaker("Post", "The Coastal Post", is_interviewer=True)
    transcript = parse_transcript("Q: Who asks?\n\nA: Nobody knows.", [LEDGER, other, SOLVIK])

    assert speakers(transcript) == [None, "Solvik"]
    assert transcript.warnings[0].problem == Problem.UNKNOWN_LABEL
    assert "exactly one participant marked as interviewer" in transcript.warnings[0].message


def test_capitalised_full_names_match_participant_names():
    ledger = Speaker("Ledger", "The Harbour Ledger", is_interviewer=True)
    marta = Speaker("Oyelaran", "Marta Oyelaran")
    tomas = Speaker("Reinholt", "Tomas Reinholt")
    transcript = parse_transcript(sample("full_names.txt"), [ledger, marta, tomas])

    assert speakers(transcript) == [
        "Ledger",
        "Oyelaran",
        "Ledger",
        "Oyelaran",
        "Reinholt",
        "Ledger",
        "Reinholt",
    ]
    # A colon later in the turn is text, not a second label.
    assert transcript.turns[4].text == (
        "If I may add something: the port authority has funded a new survey."
    )
    assert transcript.turns[4].label == "TOMAS REINHOLT"
    assert transcript.warnings == ()


def test_timecodes_are_kept_on_the_turn_and_taken_off_the_text():
    halvorsen = Speaker("Halvorsen", "Rune Halvorsen")
    transcript = parse_transcript(sample("timecodes.txt"), [LEDGER, halvorsen])

    assert [turn.timecode for turn in transcript.turns] == [
        "00:00:12",
        "00:00:20",
        "00:01:45",
        "02:30",
        "1:04:09",
        "01:05:00",
    ]
    assert speakers(transcript) == ["Ledger", "Halvorsen"] * 3
    assert transcript.turns[4].text == "What is the oldest hull you have worked on?"
    assert not any("[" in turn.text for turn in transcript.turns)


def test_a_question_wrapped_over_two_lines_is_one_turn():
    dahl = Speaker("Dahl", "Ivar Dahl")
    transcript = parse_transcript(sample("wrapped_question.txt"), [LEDGER, dahl])

    assert speakers(transcript) == ["Ledger", "Dahl", "Ledger", "Dahl"]
    assert transcript.turns[0].text == (
        "The council voted on Tuesday to close the north pier for repairs, and the "
        "fishermen say they were not consulted. Were they?"
    )
    assert [(turn.paragraph, turn.line) for turn in transcript.turns] == [
        (1, 1),
        (2, 4),
        (3, 7),
        (4, 9),
    ]


def test_a_label_in_the_middle_restarts_the_alternation():
    text = "Solvik: One.\n\nTwo?\n\nLedger: Three?\n\nFour.\n\nFive?"
    transcript = parse_transcript(text, [LEDGER, SOLVIK])

    assert speakers(transcript) == ["Solvik", "Ledger", "Ledger", "Solvik", "Ledger"]
    [warning] = transcript.warnings
    assert warning.problem == Problem.SAME_SPEAKER
    assert (warning.paragraph, warning.line) == (3, 5)
    assert "Two turns in a row by Ledger" in warning.message


def test_an_unlabelled_transcript_starts_with_the_interviewer():
    transcript = parse_transcript("Why the sea?\n\nBecause of my father.", [SOLVIK, LEDGER])

    assert speakers(transcript) == ["Ledger", "Solvik"]


def test_with_three_participants_unlabelled_turns_are_flagged_not_guessed():
    third = Speaker("Dahl", "Ivar Dahl")
    text = "Ledger: Who goes first?\n\nSolvik: I do.\n\nAnd then?\n\nDahl: Then me."
    transcript = parse_transcript(text, [LEDGER, SOLVIK, third])

    assert speakers(transcript) == ["Ledger", "Solvik", None, "Dahl"]
    assert transcript.unassigned == [transcript.turns[2]]
    [warning] = transcript.warnings
    assert warning.problem == Problem.NO_SPEAKER
    assert (warning.paragraph, warning.line) == (3, 5)
    assert "3 participants" in warning.message


def test_without_two_participants_nothing_is_guessed():
    alone = parse_transcript("Hello?\n\nHello.", [LEDGER])
    nobody = parse_transcript("Ledger: Hello?", [])

    assert speakers(alone) == [None, None]
    assert "one participant" in alone.warnings[0].message
    assert speakers(nobody) == [None]
    assert 'Unknown speaker "Ledger"' in nobody.warnings[0].message


def test_an_unknown_label_is_flagged_where_it_stands():
    text = (
        "Ledger: How far is the island?\n\nSolvk: Two hours by boat.\n\nAnd by air?\n\nNo planes."
    )
    transcript = parse_transcript(text, [LEDGER, SOLVIK])

    assert speakers(transcript) == ["Ledger", None, "Solvik", "Ledger"]
    assert transcript.turns[1].text == "Two hours by boat."
    [warning] = transcript.warnings
    assert warning.problem == Problem.UNKNOWN_LABEL
    assert (warning.paragraph, warning.line) == (2, 3)
    assert str(warning).startswith('Paragraph 2 (line 3): Unknown speaker "Solvk"')


def test_a_colon_in_a_sentence_is_not_a_label():
    text = "Ledger: Was it worth it?\n\nYes: every winter of it.\n\nBut here is the thing: why?"
    transcript = parse_transcript(text, [LEDGER, SOLVIK])

    assert speakers(transcript) == ["Ledger", "Solvik", "Ledger"]
    assert transcript.turns[1].text == "Yes: every winter of it."
    assert transcript.turns[2].text == "But here is the thing: why?"
    assert transcript.warnings == ()


def test_an_empty_turn_is_left_out_with_a_warning():
    text = "Ledger: Ready?\n\nSolvik:\n\n[00:03:00]\n\nSolvik: Ready."
    transcript = parse_transcript(text, [LEDGER, SOLVIK])

    assert [turn.text for turn in transcript.turns] == ["Ready?", "Ready."]
    assert [(w.problem, w.paragraph, w.line) for w in transcript.warnings] == [
        (Problem.EMPTY_TURN, 2, 3),
        (Problem.EMPTY_TURN, 3, 5),
    ]


def test_windows_line_endings_and_a_byte_order_mark_change_nothing():
    unix = sample("wrapped_question.txt")
    windows = "\ufeff" + unix.replace("\n", "\r\n")
    dahl = Speaker("Dahl", "Ivar Dahl")

    assert parse_transcript(windows, [LEDGER, dahl]) == parse_transcript(unix, [LEDGER, dahl])


# --- properties ------------------------------------------------------------------------

QUICK = settings(max_examples=200, deadline=None)
TIMECODE_TOKEN = re.compile(r"\[[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\]")


def source_paragraphs(text):
    """The paragraphs of the input, split as the contract says: (words, first line)."""
    found, words, start = [], [], 0
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.split():
            if words:
                found.append((words, start))
            words = []
            continue
        start = start if words else number
        words = words + line.split()
    if words:
        found.append((words, start))
    return found


# Pieces that make labels, timecodes and paragraph breaks likely, and any character.
messy_text = st.lists(
    st.one_of(
        st.sampled_from(
            [" ", "\n", "\n\n", "\r\n", "\t", ":", ": ", "[", "]", "\u2028", "\ufeff", "q"]
            + ["Ledger", "SOLVIK", "Maren Solvik", "Q", "A", "Smiht", "de", "12:34", "[01:02:03]"]
        ),
        st.characters(),
    ),
    max_size=120,
).map("".join)


@QUICK
@given(text=messy_text, participants=st.sampled_from([[], [LEDGER], [LEDGER, SOLVIK]]))
def test_the_parser_never_crashes_and_loses_no_word(text, participants):
    transcript = parse_transcript(text, participants)

    turns = {turn.paragraph: turn for turn in transcript.turns}
    empty = {w.paragraph for w in transcript.warnings if w.problem == Problem.EMPTY_TURN}
    paragraphs = source_paragraphs(text)
    assert sorted([*turns, *empty]) == list(range(1, len(paragraphs) + 1))
    for number, (words, line) in enumerate(paragraphs, start=1):
        if number in empty:
            # Only a label and/or a timecode: nothing said.
            assert words[-1].endswith(":") or TIMECODE_TOKEN.fullmatch(words[-1])
            continue
        turn = turns[number]
        assert turn.line == line
        said = turn.text.split()
        assert said and words[len(words) - len(said) :] == said
        head = Counter(words[: len(words) - len(said)])
        expected = Counter(f"{turn.label}:".split() if turn.label else [])
        expected.update([f"[{turn.timecode}]"] if turn.timecode else [])
        assert head == expected
    for turn in transcript.turns:
        assert (turn.speaker is None) == any(
            w.paragraph == turn.paragraph
            and w.problem in (Problem.NO_SPEAKER, Problem.UNKNOWN_LABEL)
            for w in transcript.warnings
        )


plain_word = st.text(alphabet=st.sampled_from(list("abcdefgXYZéß0123456789.,?!'\"-()")), min_size=1)
turn_spec = st.tuples(
    st.sampled_from([None, "Ledger", "SOLVIK", "Maren Solvik", "q", "A"]),
    st.one_of(st.just(""), st.from_regex(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?", fullmatch=True)),
    st.lists(plain_word, min_size=1, max_size=12),
    st.integers(min_value=1, max_value=4),  # words per line: the paragraph wraps
    st.sampled_from(["\n\n", "\n \n", "\r\n\r\n", "\n\n\n"]),
)


@QUICK
@given(specs=st.lists(turn_spec, min_size=1, max_size=25))
def test_every_turn_gets_its_words_and_the_speaker_its_label_or_turn_says(specs):
    who = {"ledger": LEDGER, "solvik": SOLVIK, "maren solvik": SOLVIK, "q": LEDGER, "a": SOLVIK}
    chunks, expected, previous = [], [], None
    for label, timecode, words, per_line, gap in specs:
        lines = [" ".join(words[i : i + per_line]) for i in range(0, len(words), per_line)]
        head = (f"[{timecode}] " if timecode else "") + (f"{label}: " if label else "")
        chunks.append(head + "\n".join(lines) + gap)
        speaker = who[label.casefold()] if label else (SOLVIK if previous is LEDGER else LEDGER)
        expected.append((speaker.label, timecode, " ".join(words)))
        previous = speaker

    transcript = parse_transcript("".join(chunks), [LEDGER, SOLVIK])

    assert [(t.speaker.label, t.timecode, t.text) for t in transcript.turns] == expected
    assert all(w.problem == Problem.SAME_SPEAKER for w in transcript.warnings)
