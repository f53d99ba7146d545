"""
What a reader may type in a comment's name and text: every script and the
invisible marks that script needs, never characters that reorder or hide text.
"""

import re

import pytest

from comments.models import Comment

from .test_posting import form_values

pytestmark = pytest.mark.django_db

DIRECTION_MESSAGE = "Please remove the invisible characters that change the direction of text"
INVISIBLE_NAME_MESSAGE = "Please give a name with at least one visible character."


def field_error(html, field):
    found = re.search(rf'<p class="field__error" id="id_{field}_error">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    "name",
    [
        "هێمن",  # Sorani Kurdish
        "Rêzan",  # Kurmanji Kurdish
        "محمد الأحمد",  # Arabic
        "به\u200cڕێز",  # Sorani with a zero-width non-joiner inside the word
        "Rosa (\u200fهێمن\u200f)",  # right-to-left marks around a Sorani name
        "Noor \u061c(٣)",  # the Arabic letter mark before Arabic-Indic digits
        "\u0915\u094d\u200d\u0937",  # Devanagari with a zero-width joiner
        "\u200eLeft-to-right mark",
        "Zoe\u0308",  # a combining mark on a letter
    ],
)
def test_names_in_any_script_with_the_marks_it_needs_are_kept_exactly(article, post_comment, name):
    response = post_comment(article, name=name)
    assert response.status_code == 302, field_error(response.content.decode(), "name")
    assert Comment.objects.get().name == name


def test_a_sorani_comment_with_zero_width_non_joiners_and_marks_is_kept_exactly(
    article, post_comment
):
    body = "ئەم هەواڵە به\u200cسوودە.\n\u200fڕێزان\u200f: باشە \u061c٣ جار"
    assert post_comment(article, name="هێمن", body=body).status_code == 302
    assert Comment.objects.get().body == body


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
@pytest.mark.parametrize("field", ["name", "body"])
def test_direction_overrides_and_embeddings_are_refused_beside_the_field(
    article, post_comment, field, control
):
    typed = {"name": "Rosa Vidal", "body": "My view, kept."}
    typed[field] = f"Eve{control}gnp.exe"
    response = post_comment(article, **typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert DIRECTION_MESSAGE in field_error(html, field)
    assert form_values(html) == {**typed, "email": "rosa@example.org"}
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("control", ["\u2066", "\u2067", "\u2068", "\u2069"])
def test_direction_isolates_are_refused_too(article, post_comment, control):
    response = post_comment(article, name=f"{control}Mallory", body=f"Read {control}this")
    assert response.status_code == 400
    html = response.content.decode()
    assert DIRECTION_MESSAGE in field_error(html, "name")
    assert DIRECTION_MESSAGE in field_error(html, "body")


@pytest.mark.parametrize(
    "name",
    [
        "\u3164",  # Hangul filler
        "\u3164\u3164\u3164",
        "\u115f",  # Hangul choseong filler
        "\u1160",  # Hangul jungseong filler
        "\uffa0",  # halfwidth Hangul filler
        "\u2060",  # word joiner
        "\u2800",  # blank Braille pattern
        "\u0301",  # a combining mark with nothing to sit on
        "\u200d",  # a zero-width joiner alone
        "\u200e\u200f",  # direction marks alone
        "\u3164 \u2060 \u3164",
    ],
)
def test_a_name_with_no_visible_character_is_refused(article, post_comment, name):
    response = post_comment(article, name=name, body="Words that are kept.")
    assert response.status_code == 400
    html = response.content.decode()
    assert INVISIBLE_NAME_MESSAGE in field_error(html, "name")
    assert form_values(html)["body"] == "Words that are kept."
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("name", ["\u200b", "\ufeff", "\u3000", " \u00a0 "])
def test_a_name_of_spaces_or_zero_width_characters_is_refused(article, post_comment, name):
    response = post_comment(article, name=name)
    assert response.status_code == 400
    assert field_error(response.content.decode(), "name")
    assert Comment.objects.count() == 0


def test_a_comment_of_invisible_characters_only_is_refused(article, post_comment):
    response = post_comment(article, body="\u3164\u2060\u3164")
    assert response.status_code == 400
    assert "no visible characters" in field_error(response.content.decode(), "body")


def test_a_word_paste_with_line_breaks_as_vertical_tabs_is_kept_as_lines(article, post_comment):
    body = "First paragraph.\x0bSecond line.\x0cAfter a page break."
    response = post_comment(article, name="Rosa\x0bVidal", email="rosa@example.org\x0b", body=body)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == "First paragraph.\nSecond line.\nAfter a page break."
    assert comment.name == "Rosa Vidal"
    assert comment.email == "rosa@example.org"


# C1 controls (U+0080-U+009F) too: XML allows them, but they only come with text
# decoded in the wrong encoding (newsroom/text.py).
@pytest.mark.parametrize(
    "forbidden", ["\x00", "\x01", "\x08", "\x1b", "\x1f", "\x85", "\x9b", "\ufffe", "\uffff"]
)
def test_characters_xml_forbids_are_removed_from_what_is_stored(article, post_comment, forbidden):
    response = post_comment(
        article, name=f"Rosa{forbidden} Vidal", body=f"Kept{forbidden} words.\tTabbed.\r\nNext."
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.name == "Rosa Vidal"
    assert comment.body == "Kept words.\tTabbed.\nNext."


def test_a_refused_form_gives_back_the_text_as_the_input_rule_leaves_it(article, post_comment):
    html = post_comment(article, name="", body="Line one\x0bLine two\x07").content.decode()
    assert form_values(html)["body"] == "Line one\nLine two"
