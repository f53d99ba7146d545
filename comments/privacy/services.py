"""
Privacy requests about one email address: export what is held, erase it; and the
purge of rejected comments after their retention period.

A comment's stored words, name and email never change (comments.models,
IMMUTABLE_FIELDS) but here: erasing at the author's request, or when a rejected
comment's retention ends, is the one sanctioned change. It goes through
``_erase_comments()``, which bypasses the immutability guard on purpose and
leaves a tombstone that keeps the thread's order.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from comments.holds.models import SimilarityKey
from comments.models import Comment, Decision
from comments.notices.models import NoticeRequest
from comments.reports.models import Report, ReportEntry
from newsroom.pagecache import invalidate_story

from .models import ErasureRecord

TOMBSTONE_HTML = "<p>Comment removed at the author’s request.</p>"
PURGED_HTML = "<p>Comment removed.</p>"
BATCH = 500
# Models of other comment packages, one row per comment, derived from its words
# (near-duplicate keys) or kept for its author (a request for notices): erased with it.
# Rows derived from a comment's words (its near-duplicate keys) or kept for its author
# (the opt-in for notices): they go with the words.
DERIVED_PER_COMMENT = (SimilarityKey, NoticeRequest)


def normalize_address(email: str) -> str:
    return email.strip().casefold()


def address_hash(email: str) -> str:
    """A keyed hash of the address: the same address gives the same hash, and no more."""
    secret = settings.NEWSROOM_PRIVACY_HASH_KEY or f"newsroom.privacy:{settings.SECRET_KEY}"
    key = hashlib.sha256(secret.encode()).digest()
    return hmac.new(key, normalize_address(email).encode(), hashlib.sha256).hexdigest()


def comments_of(email: str):
    """Every comment sent with ``email``, whatever its case (the lower-case email index)."""
    return (
        Comment.objects.alias(address=Lower("email"))
        .filter(address=normalize_address(email))
        .exclude(email="")
    )


def previous_erasures(email: str):
    return ErasureRecord.objects.filter(address_hash=address_hash(email))


# Export --------------------------------------------------------------------------------


def export_personal_data(*, email: str) -> dict:
    """
    Everything held about ``email``: its comments (as sent: name, email, words, times,
    the browser it named, the keyed sender code and the flags raised), what was
    decided about each and when, and any earlier erasure. Nothing about anyone else:
    no moderator's name, no reader's report, no other commenter.
    """
    comments = list(
        comments_of(email)
        .select_related("article")
        .prefetch_related(
            models.Prefetch(
                "decisions",
                queryset=Decision.objects.order_by("decided_at", "pk").only(
                    "comment_id", "action", "reason", "previous_status", "decided_at"
                ),
            )
        )
        .order_by("submitted_at", "pk")
    )
    return {
        "email": email.strip(),
        "exported_at": timezone.now(),
        "comments": [
            {
                "id": comment.pk,
                "story": {
                    "id": comment.article_id,
                    "headline": comment.article.headline,
                    "url": settings.NEWSROOM_SITE_URL + comment.article.get_absolute_url(),
                },
                "name": comment.name,
                "email": comment.email,
                "body": comment.body,
                "status": comment.status,
                "submitted_at": comment.submitted_at,
                "decided_at": comment.decided_at,
                "rejection_reason": comment.rejection_reason,
                "flags": comment.flags.split(),
                "user_agent": comment.user_agent,
                "sender_code": comment.sender_hash,
                "decisions": [
                    {
                        "action": decision.action,
                        "reason": decision.reason,
                        "previous_status": decision.previous_status,
                        "decided_at": decision.decided_at,
                    }
                    for decision in comment.decisions.all()
                ],
            }
            for comment in comments
        ],
        "erasures": [
            {"erased_at": record.erased_at, "comments_erased": record.comments_erased}
            for record in previous_erasures(email)
        ],
    }


def export_json(*, email: str) -> str:
    return json.dumps(
        export_personal_data(email=email), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )


# Erasure -------------------------------------------------------------------------------


def _erase_comments(pks, *, tombstone_html: str) -> int:
    """
    THE ONE PLACE THAT CHANGES A COMMENT'S STORED FIELDS. The name, email and words
    go (and what was derived from them: fingerprint, rendered words, the reasons the
    checks held it, the browser and the sender's keyed code); the row, its place in
    the thread, its status and its decisions stay. CommentQuerySet.update() refuses
    immutable fields, so this calls Django's own QuerySet.update() past it, on purpose.
    """
    fields = {
        "name": "",
        "email": "",
        "body": "",
        "body_html": tombstone_html,
        "fingerprint": "",
        "user_agent": "",
        "sender_hash": "",
        "flags": "",
        "hold_reasons": [],
    }
    erased = models.QuerySet.update(Comment.objects.filter(pk__in=pks), **fields)
    # What readers wrote about these comments may quote them: it goes too.
    Report.objects.filter(entry__comment_id__in=pks).update(note="")
    ReportEntry.objects.filter(comment_id__in=pks).update(note="")
    for model in DERIVED_PER_COMMENT:
        model.objects.filter(comment_id__in=pks).delete()
    return erased


@dataclass
class Erasure:
    record: ErasureRecord
    repeat: bool  # the address had been erased before


def erase_personal_data(*, email: str, by=None, source=ErasureRecord.Source.STAFF) -> Erasure:
    """
    Erase what is held about ``email``: decided comments become tombstones
    ("comment removed at the author's request") that keep the thread's order;
    pending ones, never shown, are deleted. Records the erasure by a keyed hash of
    the address, never the address. Safe to repeat.
    """
    hashed = address_hash(email)
    with transaction.atomic():
        repeat = ErasureRecord.objects.filter(address_hash=hashed).exists()
        found = list(comments_of(email).values_list("pk", "status", "article_id"))
        pending = [pk for pk, status, _ in found if status == Comment.Status.PENDING]
        decided = [pk for pk, status, _ in found if status != Comment.Status.PENDING]
        for start in range(0, len(decided), BATCH):
            _erase_comments(decided[start : start + BATCH], tombstone_html=TOMBSTONE_HTML)
        if pending:
            Comment.objects.filter(pk__in=pending).delete()
        record = ErasureRecord.objects.create(
            address_hash=hashed,
            source=source,
            erased_by=by,
            comments_erased=len(decided),
            comments_deleted=len(pending),
        )
        for article_pk in {article_pk for _, _, article_pk in found}:
            invalidate_story(article_pk)
    return Erasure(record, repeat)


# Retention -----------------------------------------------------------------------------


def purge_rejected_comments(*, now=None) -> int:
    """
    Erase the rejected comments decided more than NEWSROOM_REJECTED_RETENTION_DAYS
    ago (withdrawn ones included): rows and decisions stay, as tombstones. Idempotent:
    an erased comment has no name, and is not found again. Returns how many.
    """
    days = settings.NEWSROOM_REJECTED_RETENTION_DAYS
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    due = Comment.objects.filter(status=Comment.Status.REJECTED, decided_at__lt=cutoff).exclude(
        name="", body=""
    )
    total = 0
    while True:
        with transaction.atomic():
            rows = list(due.values_list("pk", "article_id")[:BATCH])
            if not rows:
                break
            # Rejected comments are on no page: nothing to refresh.
            total += _erase_comments([pk for pk, _ in rows], tombstone_html=PURGED_HTML)
    if total:
        ErasureRecord.objects.create(source=ErasureRecord.Source.RETENTION, comments_erased=total)
    return total
