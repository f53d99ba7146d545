"""
The checks a comment passes at submission: sender identity without keeping the
IP, rate limit, duplicates, links, watch words, what may be typed, and the
signed form stamp. Each returns facts or raises; services.submit_comment() and
the form decide what they mean.
"""

import hmac
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from hashlib import sha256

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.editions import registry as editions
from articles.editions.normalise import normalise, rules_for

STAMP_SALT = "newsroom.comments.form-stamp"
LINK = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(com|net|org|io|info|biz|ru|xyz)\b", re.I)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def client_ip(request) -> str:
    """
    The sender's address. Behind a trusted proxy, the X-Forwarded-For hop that proxy
    added: the right-most one. Hops further left were written by the client and
    could be anything, so a sender could not escape the rate limit by inventing them.
    """
    if settings.COMMENTS_TRUST_X_FORWARDED_FOR:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def sender_hash(ip: str) -> str:
    """A keyed hash of the IP: the same sender is recognisable, the address is not kept."""
    key = sha256(f"{STAMP_SALT}:sender:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, ip.encode(), sha256).hexdigest()


def link_count(text: str) -> int:
    return len(LINK.findall(text))


def link_spans(text: str) -> list[tuple[int, int]]:
    """Where each link is in ``text``: (start, end) offsets, in characters."""
    return [match.span() for match in LINK.finditer(text)]


# A word as typed: letters and digits, with the vowel marks, tatweel and joiners that
# Arabic-script writing puts inside words (categories M and Cf are not \w), and the
# apostrophe of "don't" and of Kurmanji's loanwords.
WORD_INSIDE = frozenset({"Mn", "Mc", "Me", "Cf"})


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "'_" or unicodedata.category(char) in WORD_INSIDE


def _words(text: str):
    """Each word of ``text`` as (word, start, end), offsets as the reader typed them."""
    start = None
    for at, char in enumerate(text):
        if _in_word(char):
            if start is None:
                start = at
        elif start is not None:
            yield text[start:at], start, at
            start = None
    if start is not None:
        yield text[start:], start, len(text)


def watch_words_in(text: str, edition: str | None = None) -> list[str]:
    return sorted({word for word, _, _ in watch_word_spans(text, edition)})


def watch_word_spans(text: str, edition: str | None = None) -> list[tuple[str, int, int]]:
    """
    Each watch word in ``text`` as (the watch word, start, end): offsets of the
    word as the reader typed it.

    One list (COMMENTS_WATCH_WORDS) serves every edition; both sides are compared as
    the edition's search sees them (articles.editions.normalise, the story's
    ``edition``; the default edition's when None): whatever the case, accents for
    Latin scripts and, for Sorani and Arabic, the keyboard's kaf or keheh, yeh or Farsi
    yeh, vowel marks, tatweel and ZWNJ.
    """
    if not settings.COMMENTS_WATCH_WORDS:
        return []
    rules = rules_for(edition or editions.default().code)
    watched = {}
    for word in settings.COMMENTS_WATCH_WORDS:
        watched.setdefault(normalise(word, rules).strip(), word)
    watched.pop("", None)
    found = []
    for typed, start, end in _words(text):
        key = normalise(typed, rules)
        if key in watched:
            found.append((watched[key], start, end))
    return found


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


# Embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069) reorder the text
# around them: "Eve\u202egnp.exe" reads "Eveexe.png". The marks (LRM, RLM, ALM) and the
# joiners (ZWJ, ZWNJ) only guide shaping and direction, and Kurdish and Arabic need them.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Letters and symbols by category that every font draws as nothing: the Hangul
# fillers and the blank Braille pattern.
BLANK_GRAPHICS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_direction_controls(text: str) -> bool:
    return bool(DIRECTION_CONTROLS.search(text))


def has_visible_character(text: str) -> bool:
    """
    True when ``text`` shows at least one character: a letter, number, punctuation
    mark or symbol (Unicode categories L, N, P, S) that is not a blank filler.
    Separators (Z), controls and format characters (C) and marks (M), which only
    change the character before them, show nothing on their own.
    """
    return any(
        unicodedata.category(char)[0] in "LNPS" and char not in BLANK_GRAPHICS for char in text
    )


# The signed form stamp --------------------------------------------------------
#
# A stamp is "<story>:<nonce>:<started>" signed with the time it was issued. The
# nonce makes it one reader's, good for one comment (spend_stamp); "started" is when
# that reader was first given a form, so sending it again after correcting a field
# is not "too quick". Stamps written before "started" existed read as started when
# they were issued.

STAMP_USED_MESSAGE = _(
    "This copy of the form has already been used for a comment. Your comment is still "
    "here: please send it again."
)


class StampError(Exception):
    """The form's stamp says the submission is not from a person reading the page."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Stamp:
    article_pk: int
    nonce: str
    issued_at: int  # seconds since the epoch, as signed
    started_at: int  # when this reader was first given a form


def _signer():
    return signing.TimestampSigner(salt=STAMP_SALT)


def make_stamp(article_pk: int, *, started_at: int | None = None) -> str:
    """A signed, timestamped token naming the story the form belongs to, for one comment."""
    nonce = get_random_string(16)
    started = int(time.time()) if started_at is None else started_at
    return _signer().sign(f"{article_pk}:{nonce}:{signing.b62_encode(started)}")


def _read_stamp(stamp: str, *, max_age=None) -> Stamp:
    """The stamp's contents; signing.BadSignature (or SignatureExpired) when it is not ours."""
    value = _signer().unsign(stamp or "", max_age=max_age)
    # A signed stamp reads "value:timestamp:signature", the timestamp in base 62.
    issued_at = signing.b62_decode(stamp.rsplit(":", 2)[1])
    story, nonce, *started = value.split(":")
    started_at = signing.b62_decode(started[0]) if started else issued_at
    return Stamp(int(story), nonce, issued_at, started_at)


def check_stamp(stamp: str, article_pk: int, *, now=None) -> Stamp:
    """
    The stamp, or StampError unless it is genuine, for this story, and neither too new
    (measured from when this reader was first given a form) nor too old.
    """
    try:
        found = _read_stamp(stamp, max_age=timedelta(seconds=settings.COMMENTS_FORM_MAX_AGE))
    except signing.SignatureExpired:
        raise StampError(
            "stale",
            gettext(
                "This form was opened a long time ago. Your comment is still here: "
                "please send it again."
            ),
        ) from None
    except (signing.BadSignature, ValueError):
        raise StampError(
            "invalid",
            gettext(
                "We could not verify this form. Your comment is still here: please send it again."
            ),
        ) from None
    if found.article_pk != article_pk:
        raise StampError(
            "invalid", gettext("This form belongs to another story. Please send it again.")
        )
    now = now.timestamp() if now else time.time()
    if now - found.started_at < settings.COMMENTS_FORM_MIN_SECONDS:
        raise StampError(
            "too_fast",
            gettext("That was very quick. Please read your comment over and send it again."),
        )
    return found


def renew_stamp(stamp: str, article_pk: int) -> str:
    """
    A fresh stamp for a form given back to the reader. It keeps the time the reader
    was first given a form when their stamp is genuine and for this story, so
    correcting a field and sending again is not "too quick"; otherwise it starts now.
    """
    try:
        found = _read_stamp(stamp)
    except (signing.BadSignature, ValueError):
        return make_stamp(article_pk)
    if found.article_pk != article_pk:
        return make_stamp(article_pk)
    return make_stamp(article_pk, started_at=min(found.started_at, int(time.time())))


def spend_stamp(nonce: str) -> bool:
    """
    Record that a comment was accepted with this stamp; False when one already was.

    The record is the cache's atomic add(), kept as long as a stamp lives: it needs
    the shared cache (Redis) when more than one process serves comments. A cache
    that cannot answer (add() and get() both fail) lets the comment through: the
    rate limit, kept in the database, still holds, and readers can still comment.
    """
    key = f"comments:stamp-used:{nonce}"
    if cache.add(key, 1, timeout=settings.COMMENTS_FORM_MAX_AGE):
        return True
    return cache.get(key) is None


def stamp_allowed(sender: str) -> bool:
    """
    Count a stamp handed to ``sender`` (a sender_hash); False past
    COMMENTS_STAMP_RATE_LIMIT in COMMENTS_RATE_WINDOW seconds. A cache that cannot
    answer allows it: a stamp alone posts nothing.
    """
    window = settings.COMMENTS_RATE_WINDOW
    key = f"comments:stamps:{sender}:{int(time.time()) // window}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        return True
    return count <= settings.COMMENTS_STAMP_RATE_LIMIT


def rate_window_start(now=None):
    return (now or timezone.now()) - timedelta(seconds=settings.COMMENTS_RATE_WINDOW)
