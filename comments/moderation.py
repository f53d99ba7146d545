"""
The checks a comment passes at submission: sender identity without keeping the
IP, rate limit, duplicates, links, watch words and the signed form stamp.
Each returns facts or raises; services.submit_comment() decides what they mean.
"""

import hmac
import re
from datetime import timedelta
from hashlib import sha256

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import get_random_string

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


def watch_words_in(text: str) -> list[str]:
    words = set(re.findall(r"[\w']+", text.casefold()))
    return sorted(word for word in settings.COMMENTS_WATCH_WORDS if word.casefold() in words)


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


# The signed form stamp --------------------------------------------------------


class StampError(Exception):
    """The form's stamp says the submission is not from a person reading the page."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def make_stamp(article_pk: int) -> str:
    """A signed, timestamped token naming the story the form belongs to."""
    nonce = get_random_string(8)
    return signing.TimestampSigner(salt=STAMP_SALT).sign(f"{article_pk}:{nonce}")


def check_stamp(stamp: str, article_pk: int, *, now=None) -> None:
    """Raise StampError unless the stamp is genuine, for this story, and neither too new nor old."""
    signer = signing.TimestampSigner(salt=STAMP_SALT)
    try:
        value = signer.unsign(
            stamp or "", max_age=timedelta(seconds=settings.COMMENTS_FORM_MAX_AGE)
        )
    except signing.SignatureExpired:
        raise StampError(
            "stale",
            "This form was opened a long time ago. Your comment is still here: "
            "please send it again.",
        ) from None
    except signing.BadSignature:
        raise StampError(
            "invalid",
            "We could not verify this form. Your comment is still here: please send it again.",
        ) from None
    if value.split(":", 1)[0] != str(article_pk):
        raise StampError("invalid", "This form belongs to another story. Please send it again.")
    # A signed stamp reads "value:timestamp:signature", the timestamp in base 62.
    signed_at = signing.b62_decode(stamp.rsplit(":", 2)[1])
    if (now or timezone.now()).timestamp() - signed_at < settings.COMMENTS_FORM_MIN_SECONDS:
        raise StampError(
            "too_fast",
            "That was very quick. Please read your comment over and send it again.",
        )


def rate_window_start(now=None):
    return (now or timezone.now()) - timedelta(seconds=settings.COMMENTS_RATE_WINDOW)
