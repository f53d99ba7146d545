"""
Text as a campaign sees it: the same words whatever their case, spacing,
punctuation, accents or the keyboard's variant of a letter. Pure: text in, text out.
"""

import re
import unicodedata

# Letters that Arabic, Persian and Kurdish keyboards type differently for one letter:
# Arabic kaf and yeh (and alef maksura) become the keheh and Farsi yeh that Kurdish
# writes; teh marbuta and heh goal become heh. Kurdish's own letters (ە ێ ۆ ڕ ڵ ڤ گ
# چ پ ژ) have no other form and are kept.
LETTER_VARIANTS = str.maketrans(
    {
        "\u0643": "\u06a9",  # ك -> ک
        "\u06aa": "\u06a9",  # ڪ swash kaf -> ک
        "\u064a": "\u06cc",  # ي -> ی
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u06d2": "\u06cc",  # ے yeh barree -> ی
        "\u0629": "\u0647",  # ة teh marbuta -> ه
        "\u06c1": "\u0647",  # ہ heh goal -> ه
        "\u0640": None,  # ـ tatweel only stretches a word
    }
)
SPACES = re.compile(r"\s+")


def _plain_char(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Mn":  # accents, harakat, hamza above/below, shadda, sukun
        return ""
    if category == "Cf":  # ZWNJ, ZWJ and direction marks change no word
        return ""
    if category[0] in "PSZC":  # punctuation, symbols, separators, controls
        return " "
    if category == "Nd":  # ٣ and ۳ are 3
        return str(unicodedata.digit(char))
    return char


def normalise(text: str) -> str:
    """
    ``text`` reduced to its letters and digits: NFKD (so accents and hamza come
    apart from their letters), marks and format characters dropped, letter
    variants unified, punctuation and symbols made spaces, case folded, NFKC, and
    one space between words.
    """
    # Kurdish writes ئ (yeh with hamza) as a letter of its own, before every vowel
    # that starts a word: it stays one letter, not ی.
    decomposed = unicodedata.normalize("NFKD", text).replace("\u064a\u0654", "\u0626")
    plain = "".join(_plain_char(char) for char in decomposed.translate(LETTER_VARIANTS))
    folded = unicodedata.normalize("NFKC", plain.casefold())
    return SPACES.sub(" ", folded).strip()
