"""The folding rules of articles/editions/normalise.py, one reader's expectation each."""

import pytest

from articles.editions.normalise import RULES, casefold, normalise, normalise_for, strip_format

# Sorani ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        # Arabic kaf and yeh (an Arabic keyboard) are the keheh and Farsi yeh Sorani writes.
        ("كوردي", "کوردی"),
        ("كتێب", "کتێب"),
        # Alef maksura is a yeh too.
        ("هەولێرى", "هەولێری"),
        # A word-final heh and teh marbuta are the vowel ae.
        ("مەدرەسه", "مەدرەسە"),
        ("مەدرەسة", "مەدرەسە"),
        # Before keyboards had ە, it was typed as heh + ZWNJ.
        ("ده\u200cرگا", "دەرگا"),
        # Heh doachashmee is heh.
        ("ھەولێر", "هەولێر"),
        # A word-initial reh is always the trilled one; ڒ is its old form.
        ("رۆژنامە", "ڕۆژنامە"),
        ("ڕۆڒ", "ڕۆڕ"),
        # Harakat and tatweel change no word.
        ("کـــوردی", "کوردی"),
        ("کُوردِی", "کوردی"),
    ],
)
def test_sorani_folds_keyboard_variants_to_the_letters_sorani_writes(typed, written):
    assert normalise(typed, "sorani") == normalise(written, "sorani")


def test_sorani_keeps_heh_and_ae_apart_inside_a_word():
    # هەر ("every") and ەهر are different words: only a final heh is read as ae.
    assert normalise("شەهید", "sorani") == "شەهید"
    assert normalise("هەر", "sorani") != normalise("ەەر", "sorani")


def test_sorani_final_heh_doachashmee_stays_a_consonant():
    assert normalise("شاھ", "sorani").endswith("\u0647")


def test_sorani_keeps_its_own_letters():
    text = "ئێمە ڕۆژی ڵ ۆ ێ ڤ گ چ پ ژ"
    assert normalise(text, "sorani") == text


# Arabic ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمال", "امال"),
        ("ٱلكتاب", "الكتاب"),
        ("مستشفى", "مستشفي"),
        ("المدينة", "المدينه"),
        # Vowel marks (harakat, shadda, sukun, tanween) and tatweel.
        ("المَدِينَةُ", "المدينة"),
        ("مُحَمَّدٌ", "محمد"),
        ("الكبيـــرة", "الكبيرة"),
        # Letters a Kurdish or Persian keyboard types.
        ("کتاب", "كتاب"),
        ("علی", "علي"),
    ],
)
def test_arabic_folds_alef_yeh_teh_marbuta_and_marks(typed, written):
    assert normalise(typed, "arabic") == normalise(written, "arabic")


def test_arabic_presentation_forms_are_ordinary_letters():
    # ﻻ is the lam-alef ligature; ﺑﻴﺖ are the contextual forms of بيت.
    assert normalise("ﻻ ﺑﻴﺖ", "arabic") == "لا بيت"


def test_sorani_and_arabic_rules_differ():
    # Arabic folds the Kurdish ae into heh; Sorani keeps ە and folds towards ی ک.
    assert normalise("دەرگا", "arabic") == "دهرگا"
    assert normalise("دەرگا", "sorani") == "دەرگا"
    assert normalise("كي", "sorani") == "کی"
    assert normalise("کی", "arabic") == "كي"


# Latin scripts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ŞIRNÊ", "şirnê"),
        # Kurmanji readers often type without the letters their keyboard lacks.
        ("sirne", "şirnê"),
        ("kurmanci", "Kurmancî"),
        # I, İ, ı and i are one letter: a Turkish keyboard finds the word.
        ("İSTANBUL", "istanbul"),
        ("DIYARBAKIR", "Dıyarbakır"),
        ("amed", "AMED"),
    ],
)
def test_kurmanji_casefolds_with_every_i_and_without_accents(typed, written):
    assert normalise(typed, "kurmanji") == normalise(written, "kurmanji")


def test_english_casefolds():
    assert normalise("The QUAYS", "english") == "the quays"
    assert normalise("Straße Café", "english") == "strasse cafe"


def test_casefold_reads_every_i_as_i():
    assert casefold("İIıi") == "iiii"


# Every rule set ------------------------------------------------------------------------


@pytest.mark.parametrize("rules", RULES)
def test_format_characters_from_a_pasted_document_are_dropped(rules):
    # ZWNJ, ZWJ, LRM, RLM, an isolate, a soft hyphen and a BOM.
    pasted = "\ufeffport\u200b\u200d \u200eelin\u200f \u2067harbour\u2069 soft\u00adware"
    assert normalise(pasted, rules) == "port elin harbour software"


@pytest.mark.parametrize("rules", RULES)
def test_digits_of_every_script_are_ascii(rules):
    assert normalise("٢٠٢٦ ۲۰۲۶ 2026", rules) == "2026 2026 2026"


def test_strip_format_keeps_letters_and_case():
    assert strip_format("Port\u200b Elin\u200f ﬁsh") == "Port Elin fish"


def test_normalise_for_uses_the_editions_rules():
    assert normalise_for("ckb", "كوردي") == "کوردی"
    assert normalise_for("ar", "کوردی") == "كوردي"
    assert normalise_for("kmr", "Şirnê") == "sirne"


def test_unknown_rules_are_an_error():
    with pytest.raises(ValueError, match="No search rules"):
        normalise("text", "klingon")


def test_empty_text():
    assert normalise("", "sorani") == ""
    assert normalise(None, "arabic") == ""
