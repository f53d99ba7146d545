"""
Opaque, tamper-safe cursors for keyset pagination.

A cursor names the last item of a page by the values the listing is ordered on (for
stories: the publish time and the id), signed with the secret key, so the next page
starts strictly after it whatever was published meanwhile: no duplicate, no gap. A
cursor is bound to its listing; any other, edited or truncated one is refused with a
message (CursorError), never a server error.
"""

from datetime import datetime

from django.core import signing

SALT = "api.cursor.v1"
MAX_LENGTH = 400
# No timestamp (signing.dumps would add one): the same page must give the same bytes,
# hence the same ETag, whenever and wherever it is rendered.
signer = signing.Signer(salt=SALT)


class CursorError(ValueError):
    """A cursor that cannot be used; the message is written for the API's users."""


def encode(listing: str, values) -> str:
    """A cursor for ``listing`` positioned after the item with these ordering values."""
    packed = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return signer.sign_object([listing, packed], compress=True)


def decode(listing: str, cursor: str, *, kinds: tuple[type, ...]) -> list:
    """
    The ordering values ``cursor`` carries, each of the given ``kinds`` (datetime, int,
    str, float); CursorError for anything else.
    """
    invalid = CursorError(
        "This cursor is not valid. Use the next_cursor of a previous answer as it was "
        "given, or leave cursor out to start from the first page."
    )
    if len(cursor) > MAX_LENGTH:
        raise invalid
    try:
        found, packed = signer.unsign_object(cursor)
    except (signing.BadSignature, ValueError, TypeError):
        raise invalid from None
    if found != listing:
        raise CursorError(
            f"This cursor belongs to another listing ({found!r} not {listing!r}): "
            "use a cursor of this listing, or leave cursor out."
        )
    if not isinstance(packed, list) or len(packed) != len(kinds):
        raise invalid
    values = []
    for value, kind in zip(packed, kinds, strict=True):
        if kind is datetime:
            try:
                value = datetime.fromisoformat(value)
            except (TypeError, ValueError):
                raise invalid from None
        elif not isinstance(value, kind) or isinstance(value, bool):
            raise invalid
        values.append(value)
    return values
