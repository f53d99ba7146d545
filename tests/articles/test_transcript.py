"""The transcript parser on its own: sample texts, one per style, and property tests."""

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.interviews.transcript import (
    Breaks,
    Problem,
    Speaker,
    Style,
    find_labels,
    parse_transcript,
    speakers_from_labels,
)

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


# --- house styles ---------------------------------------------------------------------

BERG = Speaker("Berg", "Sigrid Berg")


def test_every_turn_labelled_an_unlabelled_paragraph_continues_the_answer():
    minister = Speaker("Brekke", "Oda Brekke")
    text = (
        "Ledger: Why is the fund only arriving now?\n\n"
        "Prime Minister: Because the last one was spent on studies.\n\n"
        "We have the studies. Every one of them says the same thing.\n\n"
        "Ledger: How much reaches Vesthamn?\n\n"
        "Ms. Oda Brekke: About a fifth in the first year."
    )
    role = Speaker("Prime Minister", "Oda Brekke")
    transcript = parse_transcript(text, [LEDGER, role])

    assert transcript.style == Style.EVERY_TURN
    assert transcript.description.startswith(
        "every turn labelled: unlabelled paragraphs continue the previous turn"
    )
    assert speakers(transcript) == ["Ledger", "Prime Minister", "Ledger", "Prime Minister"]
    assert transcript.turns[1].text == (
        "Because the last one was spent on studies.\n\n"
        "We have the studies. Every one of them says the same thing."
    )
    assert (transcript.turns[1].paragraph, transcript.turns[1].last_paragraph) == (2, 3)
    assert transcript.warnings == ()
    # The title is not part of the name: "Ms. Oda Brekke" is Oda Brekke.
    assert parse_transcript(text, [LEDGER, minister]).turns[3].speaker is minister


def test_an_answer_in_three_paragraphs_is_one_turn_though_it_fits_the_alternation():
    text = (
        "Ledger: Why does the harbour flood?\n\n"
        "Solvik: Because of the wind.\n\n"
        "And the tide, which rises every year.\n\n"
        "And the moon, some nights.\n\n"
        "Ledger: What would help?\n\n"
        "Solvik: A higher wall."
    )
    transcript = parse_transcript(text, [LEDGER, SOLVIK])

    assert transcript.style == Style.EVERY_TURN
    assert speakers(transcript) == ["Ledger", "Solvik"] * 2
    assert transcript.turns[1].text.endswith("And the moon, some nights.")


def test_the_editor_can_overrule_the_detected_style():
    text = "Ledger: Why?\n\nSolvik: Because.\n\nAnd because of the wind.\n\nLedger: I see."

    detected = parse_transcript(text, [LEDGER, SOLVIK])
    alternating = parse_transcript(text, [LEDGER, SOLVIK], style="alternating")

    assert (detected.style, detected.style_detected) == (Style.EVERY_TURN, True)
    assert speakers(detected) == ["Ledger", "Solvik", "Ledger"]
    assert (alternating.style, alternating.style_detected) == (Style.ALTERNATING, False)
    assert speakers(alternating) == ["Ledger", "Solvik", "Ledger", "Ledger"]
    assert alternating.description.startswith("labels on the first turns, then alternating")


def test_labels_on_the_first_turns_then_alternating_is_still_detected():
    transcript = parse_transcript(sample("labelled_then_unlabelled.txt"), [LEDGER, SOLVIK])

    assert transcript.style == Style.ALTERNATING
    assert transcript.breaks == Breaks.BLANK_LINES


@pytest.mark.parametrize("dash", ["-", "–", "—"])
def test_q_and_a_with_a_dash_instead_of_a_colon(dash):
    text = (
        f"Q {dash} Why a museum?\n\nA {dash} Because my father kept the light.\n\nQ {dash} And now?"
    )
    transcript = parse_transcript(text, [SOLVIK, LEDGER])

    assert speakers(transcript) == ["Ledger", "Solvik", "Ledger"]
    assert speakers(parse_transcript("Q—Why?\n\nA—Because.", [SOLVIK, LEDGER])) == [
        "Ledger",
        "Solvik",
    ]
    assert [turn.text for turn in transcript.turns] == [
        "Why a museum?",
        "Because my father kept the light.",
        "And now?",
    ]


def test_a_dash_after_a_word_is_text_unless_it_opens_turns_again_and_again():
    once = parse_transcript("Ledger: Fog?\n\nMaren - she says - knows the fog.", [LEDGER, SOLVIK])
    twice = parse_transcript(
        "Ledger - Fog?\n\nSolvik - Always.\n\nLedger - Today?\n\nSolvik - Thick.",
        [LEDGER, SOLVIK],
    )

    assert once.turns[1].text == "Maren - she says - knows the fog."
    assert speakers(twice) == ["Ledger", "Solvik"] * 2
    assert twice.turns[3].text == "Thick."


def test_caps_full_names_then_surnames_are_the_same_people():
    morland = Speaker("Morland", "Anna Morland")
    text = (
        "THE HARBOUR LEDGER: How bad was the season?\n\n"
        "ANNA MORLAND: The worst in thirty years.\n\n"
        "LEDGER: What changed?\n\n"
        "MORLAND: The water."
    )
    transcript = parse_transcript(text, [LEDGER, morland])

    assert speakers(transcript) == ["Ledger", "Morland"] * 2
    assert transcript.warnings == ()
    # With no participants, the labels make two people, named by their full names.
    made = speakers_from_labels(find_labels(text))
    assert [(s.label, s.name, s.is_interviewer) for s in made] == [
        ("LEDGER", "The Harbour Ledger", True),
        ("MORLAND", "Anna Morland", False),
    ]


def test_single_line_breaks_and_word_paste_debris():
    transcript = parse_transcript(sample("transcript_word_paste.txt"), [LEDGER, BERG])

    assert transcript.breaks == Breaks.LINE_BREAKS
    assert transcript.style == Style.EVERY_TURN
    assert speakers(transcript) == ["Ledger", "Berg"] * 3
    assert transcript.turns[1].text == (
        "On the quay, moving the ferry timetable board up to the first floor.\n\n"
        "The water was at my knees within ten minutes."
    )
    assert not any(char in turn.text for turn in transcript.turns for char in "\xa0\xad\x0b\r")
    assert [turn.line for turn in transcript.turns] == [1, 2, 4, 5, 6, 7]


def test_indented_turns_with_wrapped_lines():
    transcript = parse_transcript(sample("transcript_indented.txt"), [LEDGER, SOLVIK])

    assert transcript.breaks == Breaks.LINE_BREAKS
    assert transcript.style == Style.ALTERNATING
    assert speakers(transcript) == ["Ledger", "Solvik"] * 3
    assert transcript.turns[0].text == (
        "How long has the boatyard been in your family? It must be close to a century by now."
    )
    assert transcript.turns[3].text.endswith("winter mornings in an unheated shed.")


def test_blank_line_paragraphs_may_be_indented():
    text = "    Ledger: Fog?\n\n\tSolvik: Always,\n\t  every night.\n\n  Today?\n\n  Thick."
    transcript = parse_transcript(text, [LEDGER, SOLVIK])

    assert speakers(transcript) == ["Ledger", "Solvik", "Ledger", "Solvik"]
    assert transcript.turns[1].text == "Always, every night."


def test_a_question_and_its_answer_on_consecutive_lines_are_two_turns():
    text = "Q: Fog?\nA: Always.\n\nQ: Today?\nA: Thick, and\ncold."
    transcript = parse_transcript(text, [LEDGER, SOLVIK])

    assert speakers(transcript) == ["Ledger", "Solvik"] * 2
    assert transcript.turns[3].text == "Thick, and cold."


def test_arabic_script_labels_and_question_and_answer_letters():
    asker = Speaker("لێجەر", "The Harbour Ledger", is_interviewer=True)
    karim = Speaker("کەریم", "ئاسۆ کەریم")
    kurdish = "لێجەر: بۆچی داخرابوو؟\nئاسۆ کەریم: بنمیچەکە دڵۆپەی دەکرد.\nکەریم: ئێستا کراوەیە."
    arabic = "س: متى يفتح الميناء؟\n\nج: في الربيع."

    assert speakers(parse_transcript(kurdish, [asker, karim])) == ["لێجەر", "کەریم", "کەریم"]
    assert speakers(parse_transcript(arabic, [karim, asker])) == ["لێجەر", "کەریم"]


def test_a_label_alone_on_its_line_names_the_paragraph_after_it():
    text = "LEDGER:\nWhy the sea?\n\nSOLVIK:\nBecause of my father."
    transcript = parse_transcript(text, [LEDGER, SOLVIK])

    assert speakers(transcript) == ["Ledger", "Solvik"]
    assert [turn.text for turn in transcript.turns] == ["Why the sea?", "Because of my father."]
    assert transcript.warnings == ()


def test_two_thousand_turns_parse_in_well_under_a_second():
    text = "\n\n".join(
        f"Ledger: Question {n}: what about the harbour?\n\nSolvik: Answer {n}.\n\nMore, {n}."
        for n in range(1000)
    )
    started = time.perf_counter()
    transcript = parse_transcript(text, [LEDGER, SOLVIK])
    elapsed = time.perf_counter() - started

    assert len(transcript.turns) == 2000
    assert elapsed < 1.0


def test_long_lines_without_labels_do_not_slow_the_parser():
    text = ("Aa " * 30 + "-") * 3000 + "\n" + "x:" * 20000
    started = time.perf_counter()
    parse_transcript(text, [LEDGER, SOLVIK])

    assert time.perf_counter() - started < 1.0


# --- properties ------------------------------------------------------------------------

QUICK = settings(max_examples=200, deadline=None)
INVISIBLE = dict.fromkeys(map(ord, "\xad\u200b\u2060\ufeff"))


def is_subsequence(part, whole):
    remaining = iter(whole)
    return all(any(word == candidate for candidate in remaining) for word in part)


# Pieces that make labels, timecodes and paragraph breaks likely, and any character.
messy_text = st.lists(
    st.one_of(
        st.sampled_from(
            [" ", "\n", "\n\n", "\r\n", "\t", ":", ": ", " - ", " – ", "[", "]", "\u2028"]
            + ["\ufeff", "\xad", "\x0b", "\xa0", "q", "Ledger", "SOLVIK", "Maren Solvik"]
            + ["Q", "A", "Smiht", "de", "12:34", "[01:02:03]", "Ms.", "?", "."]
        ),
        st.characters(),
    ),
    max_size=120,
).map("".join)


@QUICK
@given(
    text=messy_text,
    participants=st.sampled_from([[], [LEDGER], [LEDGER, SOLVIK]]),
    style=st.sampled_from([None, *Style]),
    breaks=st.sampled_from([None, *Breaks]),
)
def test_the_parser_never_crashes_and_loses_no_word(text, participants, style, breaks):
    transcript = parse_transcript(text, participants, style=style, breaks=breaks)

    words = text.translate(INVISIBLE).split()
    said = [word for turn in transcript.turns for word in turn.text.split()]
    # Every word said is in the input, in order; what is not said is a head: a label of
    # up to four words, its colon or dash, a timecode.
    assert is_subsequence(said, words)
    heads = len(transcript.turns) + sum(
        w.problem == Problem.EMPTY_TURN for w in transcript.warnings
    )
    assert len(words) - len(said) <= 7 * heads
    for turn in transcript.turns:
        assert turn.text.strip() and turn.paragraph <= turn.last_paragraph
        assert (turn.speaker is None) == any(
            w.paragraph == turn.paragraph
            and w.problem in (Problem.NO_SPEAKER, Problem.UNKNOWN_LABEL)
            for w in transcript.warnings
        )
    assert [t.paragraph for t in transcript.turns] == sorted(
        {t.paragraph for t in transcript.turns}
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

    transcript = parse_transcript(
        "".join(chunks), [LEDGER, SOLVIK], style=Style.ALTERNATING, breaks=Breaks.BLANK_LINES
    )

    assert [(t.speaker.label, t.timecode, t.text) for t in transcript.turns] == expected
    assert all(w.problem == Problem.SAME_SPEAKER for w in transcript.warnings)
