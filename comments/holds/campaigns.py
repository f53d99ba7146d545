"""
Campaigns: the same words sent by many senders, found without comparing every
pair. Each comment gets bucket keys once (its normalised fingerprint and the
bands of a MinHash signature of its character shingles, stored as
SimilarityKey rows); comments sharing a key are candidates, and a candidate
joins when the shingles really overlap (Jaccard >= THRESHOLD). Grouping one
comment is two indexed queries plus work linear in its candidates, and a
campaign's members are compared through a few representatives, not all of them.
"""

import struct
from hashlib import blake2b

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat, Trim
from django.utils import timezone

from .normalise import normalise

SHINGLE = 5  # characters
BANDS, ROWS = 16, 4  # 64 MinHash values; pairs above ~0.5 Jaccard share a band
THRESHOLD = 0.6  # shingle overlap that makes two comments near-duplicates
MIN_CHARACTERS = 12  # shorter normalised texts ("thanks!") are never a campaign
MIN_SIZE = 3  # comments in a campaign
MIN_SENDERS = 2
SIGNED = 2000  # characters of normalised text the MinHash signature reads
REPRESENTATIVES = 3  # members of a campaign compared with a newcomer
KEYS_PER_COMMENT = 1 + BANDS  # its normalised fingerprint and one key per band

# 64 hash functions: four salted BLAKE2b digests of 16 little-endian 32-bit values each,
# the same in every process (Python's hash() is not).
_SALTS = [bytes([number]) * 8 for number in range(BANDS * ROWS // 16)]
_WORDS = struct.Struct("<16I")


def shingles(normalised: str) -> set[str]:
    if len(normalised) <= SHINGLE:
        return {normalised}
    return {normalised[i : i + SHINGLE] for i in range(len(normalised) - SHINGLE + 1)}


def signature(pieces: set[str]) -> list[int]:
    """The MinHash signature: per hash function, the smallest value over the shingles."""
    rows = []
    for piece in pieces:
        data = piece.encode()
        row = []
        for salt in _SALTS:
            row.extend(_WORDS.unpack(blake2b(data, digest_size=64, salt=salt).digest()))
        rows.append(row)
    return list(map(min, zip(*rows, strict=True)))


def bucket_keys(body: str) -> list[str]:
    """The buckets ``body`` falls into; none when it is too short to be a campaign."""
    text = normalise(body)
    if len(text) < MIN_CHARACTERS:
        return []
    keys = ["n" + blake2b(text.encode(), digest_size=11).hexdigest()]
    # The bands of the first SIGNED characters: bounds the cost of a 5,000-character
    # comment, and a campaign's copies share their opening anyway.
    values = signature(shingles(text[:SIGNED]))
    for band in range(BANDS):
        part = ",".join(map(str, values[band * ROWS : (band + 1) * ROWS]))
        keys.append(f"{band:x}" + blake2b(part.encode(), digest_size=10).hexdigest())
    return keys


def similarity(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def group_comment(comment_pk: int) -> int | None:
    """
    Put a pending comment into the campaign its words belong to, making or merging
    campaigns as needed; the campaign's id, or None. Idempotent: running it again
    finds the same keys and the same campaign.
    """
    from ..models import Comment, SimilarityKey

    pending = Comment.Status.PENDING
    comment = (
        Comment.objects.filter(pk=comment_pk, status=pending)
        .values("pk", "body", "sender_hash", "campaign_id")
        .first()
    )
    if comment is None:
        return None
    keys = bucket_keys(comment["body"])
    if not keys:
        return comment["campaign_id"]
    SimilarityKey.objects.bulk_create(
        [SimilarityKey(comment_id=comment_pk, key=key) for key in keys], ignore_conflicts=True
    )
    candidates = list(
        Comment.objects.filter(
            status=pending,
            pk__in=SimilarityKey.objects.filter(key__in=keys).values("comment_id"),
        )
        .exclude(pk=comment_pk)
        .values("pk", "sender_hash", "campaign_id")
        .order_by("pk")
    )
    if not candidates:
        return comment["campaign_id"]

    # Compare with every loose candidate and a few members of each campaign.
    to_compare, seen_per_campaign = [], {}
    for candidate in candidates:
        campaign = candidate["campaign_id"]
        if campaign is None or campaign == comment["campaign_id"]:
            if campaign is None:
                to_compare.append(candidate["pk"])
            continue
        if seen_per_campaign.get(campaign, 0) < REPRESENTATIVES:
            seen_per_campaign[campaign] = seen_per_campaign.get(campaign, 0) + 1
            to_compare.append(candidate["pk"])
    own = shingles(normalise(comment["body"]))
    bodies = dict(Comment.objects.filter(pk__in=to_compare).values_list("pk", "body"))
    close = {
        pk for pk, body in bodies.items() if similarity(own, shingles(normalise(body))) >= THRESHOLD
    }
    if not close:
        return comment["campaign_id"]
    by_pk = {candidate["pk"]: candidate for candidate in candidates}
    campaigns = {by_pk[pk]["campaign_id"] for pk in close} - {None}
    if comment["campaign_id"]:
        campaigns.add(comment["campaign_id"])
    loose = {pk for pk in close if by_pk[pk]["campaign_id"] is None}
    return _join(comment_pk=comment_pk, loose=loose, campaigns=campaigns)


def regroup_pending(*, batch: int = 1000) -> int:
    """
    Group every pending comment at once (after an import, or for comments held
    before campaigns were looked for); how many campaigns have members now.

    Keys are made for the comments that have none (linear), then one query reads
    every pending comment's keys, and each bucket's members are compared with its
    first member only: at most one comparison per comment and key, never every pair.
    """
    from ..models import Comment, SimilarityKey

    pending = Comment.objects.filter(status=Comment.Status.PENDING)
    missing = pending.exclude(pk__in=SimilarityKey.objects.values("comment_id"))
    new_keys = []
    for pk, body in missing.values_list("pk", "body").iterator(chunk_size=batch):
        new_keys.extend(SimilarityKey(comment_id=pk, key=key) for key in bucket_keys(body))
        # Written ``batch`` comments' keys at a time, each write one transaction of
        # INSERTs of ``batch`` rows: a commit per ``batch`` keys (about 60 comments)
        # cost nearly as much as the INSERTs themselves.
        if len(new_keys) >= batch * KEYS_PER_COMMENT:
            SimilarityKey.objects.bulk_create(new_keys, ignore_conflicts=True, batch_size=batch)
            new_keys = []
    SimilarityKey.objects.bulk_create(new_keys, ignore_conflicts=True, batch_size=batch)

    buckets: dict[str, list[int]] = {}
    for key, pk in (
        SimilarityKey.objects.filter(comment__status=Comment.Status.PENDING)
        .order_by("key", "comment_id")
        .values_list("key", "comment_id")
        .iterator(chunk_size=batch)
    ):
        buckets.setdefault(key, []).append(pk)
    crowded = {pk for members in buckets.values() if len(members) > 1 for pk in members}
    if not crowded:
        return 0
    rows = {
        row["pk"]: row for row in pending.filter(pk__in=crowded).values("pk", "body", "campaign_id")
    }
    pieces = {pk: shingles(normalise(row["body"])) for pk, row in rows.items()}
    parent = {pk: pk for pk in rows}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for members in buckets.values():
        members = [pk for pk in members if pk in rows]
        first = members[0] if members else None
        for other in members[1:]:
            if similarity(pieces[first], pieces[other]) >= THRESHOLD:
                parent[root(other)] = root(first)
    components: dict[int, list[int]] = {}
    for pk in rows:
        components.setdefault(root(pk), []).append(pk)
    grouped = 0
    for members in components.values():
        if len(members) < 2:
            continue
        campaigns = {rows[pk]["campaign_id"] for pk in members} - {None}
        loose = {pk for pk in members if rows[pk]["campaign_id"] is None}
        if loose and _join(comment_pk=min(members), loose=loose, campaigns=campaigns):
            grouped += 1
        elif not loose and len(campaigns) > 1:
            _join(comment_pk=min(members), loose=set(), campaigns=campaigns)
            grouped += 1
        elif campaigns:
            grouped += 1
    return grouped


def _join(*, comment_pk, loose, campaigns):
    from ..models import Campaign, Comment, Flag

    pending = Comment.Status.PENDING
    with transaction.atomic():
        # Lock the comments that move, oldest first (one order: no deadlock), and see
        # the campaigns they are in now: another worker may have grouped them meanwhile.
        rows = list(
            Comment.objects.select_for_update()
            .filter(pk__in={comment_pk, *loose}, status=pending)
            .order_by("pk")
            .values_list("pk", "campaign_id", "sender_hash")
        )
        campaigns |= {campaign for _, campaign, _ in rows if campaign}
        members = Comment.objects.filter(
            Q(pk__in=[pk for pk, _, _ in rows]) | Q(campaign_id__in=campaigns, status=pending)
        )
        if not campaigns:
            found = members.aggregate(size=Count("pk"), senders=Count("sender_hash", distinct=True))
            if found["size"] < MIN_SIZE or found["senders"] < MIN_SENDERS:
                return None
            target = Campaign.objects.create()
        else:
            target = Campaign.objects.filter(pk__in=campaigns).order_by("pk").first()
            if target is None:
                return None
            merged = campaigns - {target.pk}
            if merged:
                Comment.objects.filter(campaign_id__in=merged).update(campaign=target)
                Campaign.objects.filter(pk__in=merged).delete()
        members.update(campaign=target)
        Comment.objects.filter(campaign=target).exclude(flags__contains=Flag.CAMPAIGN).update(
            flags=Trim(Concat("flags", Value(" " + Flag.CAMPAIGN)))
        )
        totals = Comment.objects.filter(campaign=target).aggregate(
            size=Count("pk"), senders=Count("sender_hash", distinct=True)
        )
        Campaign.objects.filter(pk=target.pk).update(
            size=totals["size"], senders=totals["senders"], updated_at=timezone.now()
        )
    return target.pk


def pending_groups(queryset, *, editions=None):
    """
    ``queryset`` (pending comments) with each campaign shown once, by its oldest
    pending comment, which carries group_pending, group_senders and group_latest
    (the newest member, for "decide what I saw"). Loose comments are unchanged.
    ``editions``: the edition codes the queue shows (None: all); a campaign is then
    counted and led by its comments on those editions' stories only.
    """
    from ..models import Comment

    pending = Comment.objects.filter(campaign_id=OuterRef("campaign_id"), status="pending")
    if editions is not None:
        pending = pending.filter(article__edition__in=editions)
    lead = pending.order_by("submitted_at", "pk").values("pk")[:1]

    def per_campaign(aggregate):
        return Subquery(
            pending.order_by().values("campaign_id").annotate(value=aggregate).values("value")[:1]
        )

    return queryset.filter(Q(campaign__isnull=True) | Q(pk=Subquery(lead))).annotate(
        group_pending=per_campaign(Count("pk")),
        group_senders=per_campaign(Count("sender_hash", distinct=True)),
        group_latest=per_campaign(Max("pk")),
    )
