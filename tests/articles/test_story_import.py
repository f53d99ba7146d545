"""`manage.py import_story`: news pages as plain text become draft stories."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importing import services as importing
from articles.importing.story_import import StoryImportError, decode, parse_story
from articles.models import Article, Author, Interview, Participant, Turn
from tests.factories import make_article, make_author, make_section

SAMPLES = Path(__file__).parent / "samples"
STORY = SAMPLES / "story_with_comments.txt"
FURNITURE = [
    "A+",
    "A-",
    "Share",
    "Tweet",
    "Facebook",
    "Copy link",
    "Comments are moderated",
    "community guidelines",
    "Post a comment",
    "Required",
    "Email",
]


def parse(text):
    return parse_story(decode(text.encode()))


def page(*lines):
    return "\n".join(lines) + "\n"


# --- the page, parsed ------------------------------------------------------------------


def test_a_news_page_gives_each_part_of_the_story():
    story = parse_story(decode(STORY.read_bytes()))

    assert story.headline == "Night ferry pilot says the fjord crossing needs a second boat"
    assert story.date == datetime.date(2023, 10, 12)
    assert [(a.name, a.handle) for a in story.authors] == [("Tomas Lind", "@tlind")]
    assert story.dateline == "VESTHAMN, Norway"
    assert len(story.paragraphs) == 3
    assert story.paragraphs[0].startswith("The only pilot licensed to take the night ferry")
    assert story.paragraphs[2].endswith("before the vote.")
    assert story.intro == (
        "What follows is a transcript of the interview, edited for length and clarity."
    )
    assert [(s.label, s.is_interviewer) for s in story.speakers] == [
        ("Ledger", True),
        ("Solvik", False),
    ]
    turns = story.transcript.turns
    assert [t.speaker.label for t in turns] == ["Ledger", "Solvik"] * 4
    assert turns[-1].text == (
        "Learn the fjord in good weather, because you will need to remember it in bad."
    )
    assert story.warnings == ()


def test_no_page_furniture_is_left_in_any_field():
    story = parse_story(decode(STORY.read_bytes()))

    fields = [story.headline, story.dateline, story.intro, *story.paragraphs]
    fields += [turn.text for turn in story.transcript.turns]
    for text in fields:
        for furniture in FURNITURE:
            assert furniture not in text
        assert text.strip() not in {"-", ""}
    assert story.furniture_lines[-8:] == tuple(range(43, 51)), "the comments, to the end"


@pytest.mark.parametrize(
    "line",
    [
        "12-10-2023",
        "2023-10-12",
        "October 12, 2023",
        "Oct. 12, 2023",
        "12 October 2023",
        "Published Thursday, October 12, 2023",
        "Published on: 2023-10-12",
    ],
)
def test_date_lines_in_every_form(line):
    story = parse(page("Harbour lights relit", line, "By Ada Okafor", "", "The lights came on."))

    assert story.date == datetime.date(2023, 10, 12)
    assert story.paragraphs == ("The lights came on.",)


def test_a_bad_date_names_its_line():
    with pytest.raises(StoryImportError) as raised:
        parse_story(decode((SAMPLES / "bad_date.txt").read_bytes()))

    assert raised.value.line == 2
    assert '"31-02-2024" is not a date' in raised.value.reason


def test_a_misspelt_month_is_a_bad_date():
    with pytest.raises(StoryImportError, match="unknown month") as raised:
        parse(page("Harbour lights relit", "Octobr 12, 2023", "", "The lights came on."))
    assert raised.value.line == 2


def test_a_headline_that_only_looks_like_a_date_line_is_a_headline():
    story = parse(page("Season 3, 2024", "", "The ferry timetable changes again."))

    assert story.headline == "Season 3, 2024"
    assert story.date is None
    assert story.warnings == (
        "line 1: no date line under the headline.",
        "line 1: no byline under the headline.",
    )


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Ada Okafor", [("Ada Okafor", "", "")]),
        ("BY ADA OKAFOR (@ada.okafor)", [("ADA OKAFOR", "@ada.okafor", "")]),
        ("Ada Okafor @ada_o", [("Ada Okafor", "@ada_o", "")]),
        (
            "By Ada Okafor @ada_o and Jan van Dijk",
            [("Ada Okafor", "@ada_o", ""), ("Jan van Dijk", "", "")],
        ),
        ("By Ada Okafor, Courts reporter", [("Ada Okafor", "", "Courts reporter")]),
        (
            "By Ada Okafor, Tomas Lind & Ines Carvalho @ines@social.example",
            [
                ("Ada Okafor", "", ""),
                ("Tomas Lind", "", ""),
                ("Ines Carvalho", "@ines@social.example", ""),
            ],
        ),
    ],
)
def test_bylines(line, authors):
    story = parse(page("Harbour lights relit", line, "", "The lights came on."))

    assert [(a.name, a.handle, a.role) for a in story.authors] == authors


def test_a_sentence_starting_with_by_is_body_text():
    story = parse(page("Harbour lights relit", "By the time the ferry docked, it was dark."))

    assert story.authors == ()
    assert story.paragraphs == ("By the time the ferry docked, it was dark.",)


@pytest.mark.parametrize(
    ("first", "dateline"),
    [
        ("LONDON - The fog lifted.", "LONDON"),
        ("ST. JOHN'S, Canada – The fog lifted.", "ST. JOHN'S, Canada"),
        ("STOKE-ON-TRENT, United Kingdom — The fog lifted.", "STOKE-ON-TRENT, United Kingdom"),
        ("WASHINGTON DC, United States -- The fog lifted.", "WASHINGTON DC, United States"),
    ],
)
def test_the_dateline_leaves_the_first_paragraph(first, dateline):
    story = parse(page("Fog lifts", "", first, "", "Second paragraph."))

    assert story.dateline == dateline
    assert story.paragraphs == ("The fog lifted.", "Second paragraph.")


@pytest.mark.parametrize(
    "first",
    ["Port Elin, Norway - The fog lifted.", "The fog - at last - lifted.", "NO DASH HERE."],
)
def test_a_first_paragraph_without_a_dateline_is_left_whole(first):
    story = parse(page("Fog lifts", "", first))

    assert story.dateline == ""
    assert story.paragraphs == (first,)


def test_a_q_and_a_transcript_after_a_short_intro_line():
    text = (SAMPLES / "qa.txt").read_text(encoding="utf-8")
    story = parse(
        page("The lighthouse cottage", "2024-05-02", "", "A short story.", "")
        + ("Transcript:\n" + text)
    )

    assert story.intro == "Transcript:"
    assert [(s.name, s.label, s.is_interviewer) for s in story.speakers] == [
        ("Q", "Q", True),
        ("A", "A", False),
    ]
    assert len(story.transcript.turns) == 6
    assert story.paragraphs == ("A short story.",)


def test_an_intro_with_nothing_after_it_is_left_out():
    story = parse(page("Harbour lights relit", "", "The lights came on.", "", "Full transcript"))

    assert story.transcript is None and story.intro == ""
    assert story.paragraphs == ("The lights came on.",)
    assert 'line 5: "Full transcript" has no transcript after it; left out.' in story.warnings


def test_a_transcript_whose_speaker_cannot_be_known_fails_at_its_line():
    text = page(
        "Three voices",
        "",
        "Body.",
        "",
        "Full transcript:",
        "Ledger: Who first?",
        "",
        "Solvik: Me.",
        "",
        "Dahl: Then me.",
        "",
        "And after that?",
    )
    with pytest.raises(StoryImportError) as raised:
        parse(text)

    assert raised.value.line == 12
    assert "3 participants" in raised.value.reason


def test_text_that_looks_like_html_is_shown_not_run():
    story = parse(page("Tags in text", "", "Type <script> to see what happens & why."))

    assert story.body == "<p>Type &lt;script&gt; to see what happens &amp; why.</p>"


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        (b"", 1, "the file is empty"),
        (b" \n\n\t\n", 1, "the file is empty"),
        ((SAMPLES / "binary.png").read_bytes(), 3, "binary file"),
        (b"Headline\n\nCaf\xe9 owners protest\n", 3, "not UTF-8"),
        (b"A+ A-\nShare\n-\n", 1, "only page furniture"),
        (b"x" * 201 + b"\n\nBody.", 1, "201 characters"),
        (b"12-10-2023\n\nBody.", 1, "it is a date"),
        (b"Headline only\n12-10-2023\nBy Ada Okafor\n", 1, "nothing but a header"),
    ],
)
def test_files_that_are_not_stories_fail_with_line_and_reason(data, line, reason):
    with pytest.raises(StoryImportError) as raised:
        parse_story(decode(data))

    assert raised.value.line == line
    assert reason in raised.value.reason


# --- the command -----------------------------------------------------------------------


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_story", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def section():
    return make_section(name="Coast", slug="coast")


@pytest.mark.django_db
def test_import_makes_a_draft_with_everything_in_its_place(section):
    out, err, failed = run(STORY)

    assert failed is None, err
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Night ferry pilot says the fjord crossing needs a second boat"
    assert article.slug == "night-ferry-pilot-says-the-fjord-crossing-needs-a-second-boat"
    assert article.section == section
    assert timezone.localtime(article.published_at).date() == datetime.date(2023, 10, 12)
    assert article.dateline == "VESTHAMN, Norway"
    assert article.body_html.count("<p>") == 3
    assert article.body_html.startswith("<p>The only pilot licensed")
    author = article.bylines.get().author
    assert (author.name, author.handle, author.slug) == ("Tomas Lind", "@tlind", "tomas-lind")
    interview = article.interview
    assert interview.intro.startswith("What follows is a transcript")
    assert interview.edited_note
    assert list(interview.participants.values_list("name", "label", "is_interviewer")) == [
        ("Ledger", "Ledger", True),
        ("Solvik", "Solvik", False),
    ]
    turns = list(interview.turns.values_list("position", "participant__label"))
    assert turns == [(n, "Ledger" if n % 2 else "Solvik") for n in range(1, 9)]
    saved = [article.headline, article.dateline, article.body, interview.intro]
    saved += list(interview.turns.values_list("text", flat=True))
    assert not [f for f in FURNITURE for text in saved if f in text]
    assert f'made draft #{article.pk} "Night ferry pilot' in out
    assert "Tomas Lind @tlind (new author)" in out


@pytest.mark.django_db
def test_authors_are_matched_by_handle_then_by_name(section, tmp_path):
    by_handle = make_author(name="T. Lind", handle="@TLind")
    by_name = make_author(name="Ada Okafor", handle="")
    make_author(name="Somebody Else", slug="ines-carvalho", handle="")
    story = tmp_path / "three.txt"
    story.write_text(
        page(
            "Three reporters, one ferry",
            "By Tomas Lind @tlind, Ada Okafor @ada_o and Ines Carvalho",
            "",
            "They all took the same boat.",
        )
    )

    out, err, failed = run(story)

    assert failed is None, err
    article = Article.objects.get()
    authors = [byline.author for byline in article.bylines.order_by("position")]
    assert authors[:2] == [by_handle, by_name]
    assert (authors[2].name, authors[2].slug) == ("Ines Carvalho", "ines-carvalho-2")
    by_name.refresh_from_db()
    assert by_name.handle == "", "existing authors are left as they are"


@pytest.mark.django_db
def test_a_bad_file_among_good_ones_fails_alone(section, tmp_path):
    second = tmp_path / "second.txt"
    second.write_text(page("Harbour lights relit", "2024-01-05", "", "The lights came on."))
    files = [STORY, SAMPLES / "bad_date.txt", SAMPLES / "empty.txt", SAMPLES / "binary.png", second]

    out, err, failed = run(*files)

    assert str(failed) == "3 of 5 files failed (see above); nothing was saved from them."
    assert f'{SAMPLES / "bad_date.txt"}:2: "31-02-2024" is not a date' in err
    assert f"{SAMPLES / 'empty.txt'}:1: the file is empty." in err
    assert f"{SAMPLES / 'binary.png'}:3: this is a binary file" in err
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Harbour lights relit",
        "Night ferry pilot says the fjord crossing needs a second boat",
    ]
    assert not Author.objects.filter(name="Ada Okafor").exists(), "the bad file's author"
    assert "[2/5]" in err and "[5/5]" in err, "progress, file by file"


@pytest.mark.django_db
def test_a_file_failing_while_saving_leaves_nothing_behind(section, monkeypatch):
    def broken(**kwargs):
        raise ValidationError("The transcript could not be saved.")

    monkeypatch.setattr(importing, "replace_transcript", broken)

    out, err, failed = run(STORY)

    assert failed is not None
    assert "The transcript could not be saved." in err
    assert not Article.objects.exists()
    assert not Author.objects.exists()
    assert not Interview.objects.exists() and not Participant.objects.exists()


@pytest.mark.django_db
def test_dry_run_saves_nothing_and_says_what_it_would_make(section):
    make_article(slug="night-ferry-pilot-says-the-fjord-crossing-needs-a-second-boat")

    out, err, failed = run(STORY, "--dry-run")

    assert failed is None
    assert 'would make draft "Night ferry pilot says' in out
    assert "8 turns by Ledger, Solvik" in out
    assert "left out as page furniture: lines 1, 3, 6-9, 18, 33, 43-50" in out
    assert "Dry run: nothing was saved." in out
    assert Article.objects.count() == 1
    assert not Author.objects.exists() and not Turn.objects.exists()


@pytest.mark.django_db
def test_json_summarises_every_file(section):
    out, err, failed = run(STORY, SAMPLES / "bad_date.txt", "--json")

    summary = json.loads(out)
    assert (summary["imported"], summary["failed"], summary["dry_run"]) == (1, 1, False)
    good, bad = summary["files"]
    assert good["id"] == Article.objects.get().pk
    assert good["headline"].startswith("Night ferry pilot")
    assert good["date"] == "2023-10-12"
    assert good["authors"] == [{"name": "Tomas Lind", "handle": "@tlind", "new": True}]
    assert good["dateline"] == "VESTHAMN, Norway"
    assert good["paragraphs"] == 3
    assert good["participants"][0] == {"name": "Ledger", "label": "Ledger", "is_interviewer": True}
    assert good["turns"][1] == {
        "speaker": "Solvik",
        "text": "Eleven winters now. I started as a deckhand on the old Vesthamn boat.",
        "timecode": "",
    }
    assert good["warnings"] == []
    assert bad["error"]["line"] == 2 and "31-02-2024" in bad["error"]["reason"]
    assert failed is not None


@pytest.mark.django_db
def test_slug_collisions_get_a_suffix(section):
    run(STORY)
    run(STORY)
    run(STORY, "--dry-run")

    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "night-ferry-pilot-says-the-fjord-crossing-needs-a-second-boat",
        "night-ferry-pilot-says-the-fjord-crossing-needs-a-second-boat-2",
    ]
    assert Author.objects.count() == 1, "the second import found the author it made"


@pytest.mark.django_db
def test_publish_puts_the_story_live_at_its_date(section):
    out, err, failed = run(STORY, "--publish")

    article = Article.objects.get()
    assert article.is_public
    midnight = datetime.datetime(2023, 10, 12, tzinfo=timezone.get_current_timezone())
    assert article.published_at == midnight


@pytest.mark.django_db
def test_the_section_is_chosen_by_slug_or_is_the_first_one(tmp_path):
    with pytest.raises(CommandError, match="There is no section yet"):
        call_command("import_story", str(STORY), stdout=StringIO())

    make_section(name="Coast", slug="coast", position=2)
    first = make_section(name="Courts", slug="courts", position=1)
    run(STORY)
    assert Article.objects.get().section == first

    with pytest.raises(CommandError, match='No section "sport". Sections: courts, coast.'):
        call_command("import_story", str(STORY), "--section", "sport", stdout=StringIO())
    run(STORY, "--section", "coast")
    assert Article.objects.filter(section__slug="coast").count() == 1


FRONT_MATTER = '''+++
slug = "ferry-pilot"
section = "courts"
dek = """
The only pilot licensed for the night crossing
asks for a second boat."""
tags = ["ferries", "harbour"]
html = true

[roles]
"@jlind" = "photographer"

[interview]
recorded_at = "Vesthamn quay"
edited = true

[participants.Solvik]
name = "Eli Solvik"
role = "Night ferry pilot"
+++
Night ferry pilot says the fjord crossing needs a second boat
By Tomas Lind @tlind and Jo Lind @jlind

VESTHAMN, Norway - <p>The pilot told the council <em>one boat</em> is not enough.</p>

Transcript:

Ledger: How long have you piloted the ferry?

Solvik: Eleven winters.
'''


@pytest.mark.django_db
def test_front_matter_says_what_a_page_does_not(tmp_path):
    make_section(name="Coast", slug="coast", position=1)
    courts = make_section(name="Courts", slug="courts", position=2)
    path = tmp_path / "ferry.txt"
    path.write_text(FRONT_MATTER)
    run(path)

    article = Article.objects.get()
    assert (article.slug, article.section) == ("ferry-pilot", courts)
    assert article.dek == "The only pilot licensed for the night crossing asks for a second boat."
    assert sorted(article.tags.names()) == ["ferries", "harbour"]
    assert "<em>one boat</em>" in article.body_html, "an HTML body is kept, not escaped"
    assert [(b.author.name, b.role) for b in article.bylines.order_by("position")] == [
        ("Tomas Lind", "reporter"),
        ("Jo Lind", "photographer"),
    ]
    interview = article.interview
    assert (interview.recorded_at, interview.edited_note) == ("Vesthamn quay", True)
    solvik = interview.participants.get(label="Solvik")
    assert (solvik.name, solvik.role, solvik.is_interviewer) == (
        "Eli Solvik",
        "Night ferry pilot",
        False,
    )


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ('tgas = ["x"]', '"tgas" is not a known key'),
        ('tags = "x"', '"tags" should be a list'),
        ('[roles]\n"Ada" = "boss"', '"roles" should be one of'),
        ("dek = ", "not valid TOML"),
    ],
)
def test_front_matter_mistakes_name_the_line_and_the_reason(front, reason):
    with pytest.raises(StoryImportError, match=reason) as error:
        parse(f"\n+++\n{front}\n+++\nHeadline\n\nText.\n")
    assert error.value.line == 2
    with pytest.raises(StoryImportError, match="no closing"):
        parse("+++\ntags = []\nHeadline\n\nText.\n")


@pytest.mark.django_db
def test_a_missing_file_is_reported_by_name(section, tmp_path):
    out, err, failed = run(tmp_path / "nowhere.txt")

    assert f"{tmp_path / 'nowhere.txt'}: cannot read the file (No such file or directory)." in err
    assert failed is not None


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(
        st.one_of(
            st.sampled_from(
                ["\n", "\n\n", "By ", "Ada Okafor", "@ada", "12-10-2023", "31-02-2023", "Share"]
                + ["A+ A-", "-", " - ", "LONDON", ", ", "Transcript:", "Q: ", "A: ", "Comments"]
                + ["Home / News / Coast", " (Ledger) ", " — ", "09:41", " 9:41 AM", "25:61", "T"]
                + ["Ledger - ", "MAREN SOLVIK: ", "SOLVIK: ", "\t", "\xa0", "\xad", "\x0b", "?"]
            ),
            # Files are bytes: a lone surrogate cannot come from one.
            st.characters(codec="utf-8"),
        ),
        max_size=80,
    ).map("".join)
)
def test_any_text_parses_or_fails_with_a_line_and_a_reason(text):
    try:
        story = parse_story(decode(text.encode()))
    except StoryImportError as error:
        assert error.reason and (error.line is None or error.line >= 1)
    else:
        assert story.headline and len(story.headline) <= 200
        assert story.paragraphs or story.transcript


# --- house styles ----------------------------------------------------------------------


def clock(moment):
    """(year, month, day, hour, minute) of a datetime; for naive ones, newsroom time."""
    return moment.timetuple()[:5]


HOUSE_STYLES = {
    "page_every_turn_labelled.txt": {
        "headline": 'Prime Minister Oda Brekke: "The coast cannot wait for the next budget"',
        "published": (2023, 10, 12, 9, 41),
        "authors": ["Tomas Lind"],
        "dateline": "VESTHAMN",
        "style": "every turn labelled: unlabelled paragraphs continue the previous turn",
        "participants": [
            ("Ledger", "Ledger", True),
            ("Prime Minister", "Prime Minister", False),
            ("Ms. Vale", "Ingrid Vale", False),
        ],
        "speakers": ["Ledger", "Prime Minister", "Ledger", "Ms. Vale", "Ledger"]
        + ["Prime Minister", "Ms. Vale", "Ledger"],
    },
    "page_dash_labels.txt": {
        "headline": "Lighthouse keeper's daughter turns the Skarvøy light into a museum",
        "published": (2023, 10, 12, 9, 41),
        "authors": ["Ines Carvalho"],
        "dateline": "SKARVØY",
        "style": "every turn labelled",
        "participants": [("Q", "Q", True), ("A", "A", False)],
        "speakers": ["Q", "A"] * 3,
    },
    "page_caps_then_surnames.txt": {
        "headline": "Saltmere crab fishers count the cost of a warm summer",
        "published": (2023, 10, 12, 21, 5),
        "authors": ["Mara Lindqvist"],
        "dateline": "SALTMERE, Carrow Coast",
        "style": "every turn labelled",
        "participants": [
            ("LEDGER", "The Harbour Ledger", True),
            ("MORLAND", "Anna Morland", False),
        ],
        "speakers": ["LEDGER", "MORLAND"] * 3,
    },
    "page_single_line_breaks_ckb.txt": {
        "headline": "کتێبخانەی شار دووبارە دەکرێتەوە",
        "published": (2023, 10, 12, 9, 41),
        "authors": ["شیلان ئەحمەد"],
        "dateline": "سلێمانی",
        "style": "every turn labelled",
        "participants": [("لێجەر", "لێجەر", True), ("کەریم", "ئاسۆ کەریم", False)],
        "speakers": ["لێجەر", "کەریم"] * 3,
    },
}


@pytest.mark.parametrize("name", HOUSE_STYLES)
def test_house_style_pages_give_every_part_its_place(name):
    expected = HOUSE_STYLES[name]
    story = parse_story(decode((SAMPLES / name).read_bytes()))

    assert story.headline == expected["headline"]
    assert clock(story.published_at) == expected["published"]
    assert [author.name for author in story.authors] == expected["authors"]
    assert story.dateline == expected["dateline"]
    assert story.transcript.description.startswith(expected["style"])
    assert [(s.label, s.name, s.is_interviewer) for s in story.speakers] == expected["participants"]
    assert [turn.speaker.label for turn in story.transcript.turns] == expected["speakers"]
    assert story.missing == []
    # The navigation, the dateline and the turns are not left in the body.
    for paragraph in story.paragraphs:
        assert " / " not in paragraph and "Home" not in paragraph
        assert not paragraph.startswith(expected["dateline"])
        assert not any(paragraph.startswith(f"{label}:") for label, *_ in expected["participants"])


def test_an_answer_in_two_paragraphs_stays_one_turn():
    story = parse_story(decode((SAMPLES / "page_every_turn_labelled.txt").read_bytes()))

    assert story.transcript.turns[1].text == (
        "Because the last fund was spent on studies rather than walls. I wanted the money "
        "to go into stone this time, not paper.\n\n"
        "We have the studies. Every one of them says the same thing."
    )
    assert story.intro == "" and story.paragraphs[1].startswith("She was joined")


@pytest.mark.parametrize(
    ("line", "moment"),
    [
        ("12-10-2023 09:41", (2023, 10, 12, 9, 41)),
        ("Published: October 12, 2023 9:41 AM", (2023, 10, 12, 9, 41)),
        ("Updated Oct. 12, 2023 at 9.41 p.m.", (2023, 10, 12, 21, 41)),
        ("2023-10-12T09:41", (2023, 10, 12, 9, 41)),
        ("09:41, 12 October 2023", (2023, 10, 12, 9, 41)),
        ("Thursday, October 12, 2023 | 12:05 AM", (2023, 10, 12, 0, 5)),
    ],
)
def test_date_lines_with_a_time(line, moment):
    story = parse(page("Harbour lights relit", line, "By Ada Okafor", "", "The lights came on."))

    assert clock(story.published_at) == moment
    assert story.paragraphs == ("The lights came on.",)


@pytest.mark.parametrize(
    ("line", "hours"),
    [
        ("12 October 2023, 21:05 UTC", 0),
        ("12-10-2023 23:05 CEST", 2),
        ("October 12, 2023 5:05 PM EDT", -4),
        ("2023-10-12T23:05+02:00", 2),
    ],
)
def test_a_date_line_with_a_zone_keeps_it(line, hours):
    story = parse(page("Harbour lights relit", line, "", "Lit."))

    assert story.published_at.utcoffset() == datetime.timedelta(hours=hours)
    assert story.published_at == datetime.datetime(2023, 10, 12, 21, 5, tzinfo=datetime.UTC)


def test_a_zone_the_importer_does_not_know_is_newsroom_time():
    story = parse(page("Harbour lights relit", "12-10-2023 09:41 IST", "", "Lit."))

    assert clock(story.published_at) == (2023, 10, 12, 9, 41)
    assert story.published_at.tzinfo is None


def test_a_time_that_cannot_be_fails_at_its_line():
    with pytest.raises(StoryImportError, match="no such time") as raised:
        parse(page("Harbour lights relit", "12-10-2023 25:41", "", "Lit."))
    assert raised.value.line == 2


@pytest.mark.parametrize(
    ("first", "dateline"),
    [
        ("PORT ELIN (The Harbour Ledger) - The fog lifted.", "PORT ELIN"),
        ("PORT ELIN, Norway (The Harbour Ledger) – The fog lifted.", "PORT ELIN, Norway"),
        ("LONDON (Ledger)—The fog lifted.", "LONDON"),
    ],
)
def test_datelines_with_the_outlet_and_any_dash(first, dateline):
    story = parse(page("Fog lifts", "", first))

    assert (story.dateline, story.paragraphs) == (dateline, ("The fog lifted.",))


@pytest.mark.parametrize(
    "navigation",
    [
        ["The Harbour Ledger / Home / Coast / Interview"],
        ["Skip to content", "Home › News"],
        ["Menu", "Search", "Home | Coast | Ferries"],
    ],
)
def test_site_navigation_above_the_headline_is_furniture(navigation):
    story = parse(page(*navigation, "Fog lifts", "12-10-2023", "", "It lifted."))

    assert story.headline == "Fog lifts"
    assert story.furniture_lines == tuple(range(1, len(navigation) + 1))


def test_a_story_quoting_one_speaker_has_no_transcript():
    story = parse(page("Fog lifts", "", "Solvik: the fog always lifts.", "", "It did."))

    assert story.transcript is None
    assert story.paragraphs == ("Solvik: the fog always lifts.", "It did.")


MISSING_PARTS = page("Fog lifts over the harbour", "", "The fog lifted at noon.", "", "It did.")


@pytest.mark.django_db
def test_the_summary_says_what_was_found_and_what_was_not(section, tmp_path):
    path = tmp_path / "fog.txt"
    path.write_text(MISSING_PARTS)

    out, err, failed = run(path)

    assert failed is None
    assert "found: headline; not found: date, byline, dateline, transcript" in out
    out, err, failed = run(path, "--json")
    [result] = json.loads(out)["files"]
    assert result["found"] == {
        "headline": True,
        "date": False,
        "byline": False,
        "dateline": False,
        "transcript": False,
    }
    assert result["missing"] == ["date", "byline", "dateline", "transcript"]


@pytest.mark.django_db
def test_strict_fails_loudly_on_a_page_missing_parts_and_saves_nothing(section, tmp_path):
    path = tmp_path / "fog.txt"
    path.write_text(MISSING_PARTS)
    complete = SAMPLES / "page_every_turn_labelled.txt"

    out, err, failed = run(complete, path, "--strict")

    assert isinstance(failed, CommandError)
    assert "1 of 2 files failed with --strict" in str(failed)
    assert f"{path}: --strict: no date, no byline, no dateline, no transcript found" in err
    assert not Article.objects.exists() and not Author.objects.exists()
    assert "Nothing was saved." in out

    out, err, failed = run(complete, "--strict")
    assert failed is None, err
    article = Article.objects.get()
    assert clock(timezone.localtime(article.published_at)) == (2023, 10, 12, 9, 41)
    assert article.interview.turns.count() == 8


@pytest.mark.django_db
def test_a_file_with_nothing_usable_exits_non_zero(section, tmp_path):
    path = tmp_path / "nav.txt"
    path.write_text(page("Home / News / Coast", "Share", "12-10-2023"))

    out, err, failed = run(path)

    assert failed is not None
    assert not Article.objects.exists()
