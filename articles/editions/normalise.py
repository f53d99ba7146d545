"""
Text as an edition's search sees it: the same word whatever the keyboard, the
vowel marks or the invisible characters it was typed with. Pure: text in, text out.

Search indexes and queries both go through ``normalise()`` with the edition's
``search_rules`` (articles/discovery/search.py); comment watch words are matched on the
same text. docs/search.md explains each rule and why.

Every rule set:

- applies NFKC (Arabic presentation forms U+FB50-U+FEFF, ligatures such as ﻻ and ﬁ,
  full-width Latin and digits become the ordinary letters);
- drops format characters (Unicode category Cf: ZWNJ, ZWJ, LRM, RLM, the bidi
  embeddings and isolates, soft hyphen, BOM), which Word and the web paste into text;
- writes every digit (٣, ۳, 3) as an ASCII digit;
- casefolds Latin letters, with dotted and dotless i (I, İ, ı, i) all read as i.

Then, per rule set:

- ``sorani``: Arabic yeh and alef maksura become Farsi yeh (ي ى -> ی), Arabic kaf becomes
  keheh (ك -> ک), teh marbuta, a heh followed by ZWNJ and a word-final heh become ae
  (ة ه -> ە), heh doachashmee becomes heh (ھ -> ه), reh with a small v above and a
  word-initial reh become the trilled reh (ڒ ر -> ڕ); harakat and tatweel are dropped.
- ``arabic``: alef with hamza above or below, with madda and alef wasla become alef
  (أ إ آ ٱ -> ا), alef maksura and Farsi yeh become yeh (ى ی -> ي), teh marbuta, the
  Kurdish ae and heh doachashmee become heh (ة ە ھ -> ه), keheh becomes kaf (ک -> ك);
  harakat and tatweel are dropped.
- ``kurmanji``, ``turkish``, ``english``: accents are dropped as well (ş -> s, ê -> e,
  î -> i, ç -> c, û -> u, é -> e): readers type Kurmanji on keyboards without its letters.

Sorani and Arabic differ on purpose: Sorani writes the vowel e as ە and keeps it apart
from the consonant ه inside a word, so folding ە into ه as Arabic does would merge
Sorani words; and each folds the keyboard variants towards the letters its own writers
use (ی ک for Sorani, ي ك for Arabic).
"""

import re
import unicodedata

from . import registry

RULES = ("english", "sorani", "arabic", "kurmanji", "turkish")

HEH, AE, ZWNJ = "\u0647", "\u06d5", "\u200c"
REH, RREH = "\u0631", "\u0695"

# A letter of any script (not a digit, not the underscore).
_LETTER = r"[^\W\d_]"
_FINAL_HEH = re.compile(f"{HEH}(?!{_LETTER})")
_INITIAL_REH = re.compile(f"(?<!{_LETTER}){REH}")
_HEH_ZWNJ = re.compile(f"{HEH}{ZWNJ}")

# Harakat and the other Arabic vowel and Quranic marks (all combining, category Mn),
# the superscript alef, and tatweel (which only stretches a word).
_ARABIC_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u08d3-\u08e1\u08e3-\u08ff\u0640]"
)


def _characters(category):
    """
    A regular expression for any character of ``category`` that Python knows, written
    as ranges (a long list of single characters is slow to match).
    """
    planes = [*range(0x20000), *range(0xE0000, 0xE0080)]
    codes = [code for code in planes if unicodedata.category(chr(code)) == category]
    ranges, start, previous = [], codes[0], codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        ranges.append(
            re.escape(chr(start)) + (f"-{re.escape(chr(previous))}" if previous > start else "")
        )
        if code is not None:
            start = previous = code
    return re.compile(f"[{''.join(ranges)}]")


def _replacer(table):
    """str.translate(table) as a regular expression: fast when few characters change."""
    pattern = re.compile(f"[{re.escape(''.join(table))}]")
    return lambda text: pattern.sub(lambda match: table[match[0]], text)


_SORANI = _replacer(
    {
        "\u064a": "\u06cc",  # ي yeh -> ی Farsi yeh
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0643": "\u06a9",  # ك kaf -> ک keheh
        "\u0629": AE,  # ة teh marbuta -> ە
        "\u0692": RREH,  # ڒ reh with small v above -> ڕ
    }
)
_ARABIC = _replacer(
    {
        "\u0622": "\u0627",  # آ alef with madda -> ا
        "\u0623": "\u0627",  # أ alef with hamza above -> ا
        "\u0625": "\u0627",  # إ alef with hamza below -> ا
        "\u0671": "\u0627",  # ٱ alef wasla -> ا
        "\u0672": "\u0627",  # ٲ alef with wavy hamza above -> ا
        "\u0673": "\u0627",  # ٳ alef with wavy hamza below -> ا
        "\u0649": "\u064a",  # ى alef maksura -> ي
        "\u06cc": "\u064a",  # ی Farsi yeh (a Kurdish or Persian keyboard) -> ي
        "\u0629": HEH,  # ة teh marbuta -> ه
        AE: HEH,  # ە Kurdish ae -> ه
        "\u06be": HEH,  # ھ heh doachashmee -> ه
        "\u06c1": HEH,  # ہ heh goal -> ه
        "\u06a9": "\u0643",  # ک keheh -> ك
    }
)


_FORMAT = _characters("Cf")
# A digit that is not 0-9: not a non-digit, and not ASCII.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")


def _common(text: str) -> str:
    """NFKC, no format characters, ASCII digits, Latin casefolded with one i."""
    text = _FORMAT.sub("", unicodedata.normalize("NFKC", text or ""))
    text = _OTHER_DIGIT.sub(lambda match: str(unicodedata.decimal(match[0])), text)
    return casefold(text)


def casefold(text: str) -> str:
    """
    Case-insensitive form of ``text`` in which I, İ, ı and i are one letter.

    Python's casefold() turns İ into "i" plus a combining dot and keeps ı apart from i,
    so a word typed on a Turkish keyboard would not find the same word typed elsewhere.
    """
    return text.replace("\u0130", "i").replace("\u0131", "i").casefold()


def strip_format(text: str) -> str:
    """``text`` in NFKC without format characters: what every rule set starts from."""
    return _FORMAT.sub("", unicodedata.normalize("NFKC", text or ""))


def _drop_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed.isascii():
        return decomposed
    kept = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", kept)


def _sorani(text: str) -> str:
    # A heh written before a ZWNJ is how ae was typed before keyboards had ە: fold it
    # before the ZWNJ goes with the other format characters.
    text = _HEH_ZWNJ.sub(AE, unicodedata.normalize("NFKC", text or ""))
    text = _ARABIC_MARKS.sub("", _common(text))
    text = _SORANI(text)
    text = _FINAL_HEH.sub(AE, text)
    # Heh doachashmee is read as heh after the word-final rule: a final ھ is an h.
    text = text.replace("\u06be", HEH)
    return _INITIAL_REH.sub(RREH, text)


def _arabic(text: str) -> str:
    return _ARABIC(_ARABIC_MARKS.sub("", _common(text)))


def _latin(text: str) -> str:
    return _drop_accents(_common(text))


_NORMALISERS = {
    "sorani": _sorani,
    "arabic": _arabic,
    "kurmanji": _latin,
    "turkish": _latin,
    "english": _latin,
}


def normalise(text: str, rules: str) -> str:
    """
    ``text`` as search and watch words compare it under ``rules`` (an edition's
    ``search_rules``: "english", "sorani", "arabic", "kurmanji" or "turkish").

    Words stay where they were: only letters change and invisible characters and
    marks go, so the result can be split into words like the original.
    Raise ValueError for rules that do not exist.
    """
    try:
        normaliser = _NORMALISERS[rules]
    except KeyError:
        raise ValueError(
            f"No search rules called {rules!r}; choose one of: {', '.join(RULES)}."
        ) from None
    return normaliser(text or "")


def rules_for(edition_code: str) -> str:
    """The search rules of the edition ``edition_code`` (the default edition's if unknown)."""
    try:
        return registry.get(edition_code).search_rules
    except KeyError:
        return registry.default().search_rules


def normalise_for(edition_code: str, text: str) -> str:
    """``text`` normalised with the rules of the edition ``edition_code``."""
    return normalise(text, rules_for(edition_code))
