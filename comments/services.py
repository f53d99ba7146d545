"""
Writes on comments: submission with its checks, and moderators' decisions.
The admin and the moderation queue both call these.
"""

from dataclasses import dataclass
from datetime import timedelta
from hashlib import sha256

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from articles.models import Article
from newsroom.pagecache import invalidate_story

from . import moderation
from .holds.services import hold_facts
from .holds.tasks import group_after_commit
from .models import Comment, Decision, RejectionReason, fingerprint
from .notices import services as notices
from .surge import controls as surge_controls


class CommentRefused(Exception):
    """The comment was not accepted; ``message`` tells the reader why and what to do."""

    def __init__(self, message, *, status=400, field=None, code="refused"):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field
        self.code = code


class AlreadyDecided(Exception):
    """Another moderator decided the comment first; ``comment`` is its current state."""

    def __init__(self, comment):
        self.comment = comment
        who = comment.decided_by.get_username() if comment.decided_by else gettext("someone")
        when = (
            timezone.localtime(comment.decided_at).strftime("%H:%M") if comment.decided_at else ""
        )
        values = {"name": comment.name, "who": who, "when": when}
        if comment.status == Comment.Status.APPROVED:
            message = (
                gettext(
                    "Comment by %(name)s was already approved by %(who)s at %(when)s. "
                    "Nothing was changed."
                )
                if when
                else gettext(
                    "Comment by %(name)s was already approved by %(who)s. Nothing was changed."
                )
            )
        elif comment.status == Comment.Status.REJECTED:
            message = (
                gettext(
                    "Comment by %(name)s was already rejected by %(who)s at %(when)s. "
                    "Nothing was changed."
                )
                if when
                else gettext(
                    "Comment by %(name)s was already rejected by %(who)s. Nothing was changed."
                )
            )
        else:
            message = gettext(
                "Comment by %(name)s was already decided by %(who)s. Nothing was changed."
            )
        super().__init__(message % values)


def comments_open(article: Article, *, now=None) -> bool:
    """Open when the story allows them and it is not older than the closing setting."""
    if not article.comments_enabled or not article.is_public:
        return False
    closing = comments_close_at(article)
    return closing is None or (now or timezone.now()) < closing


def comments_close_at(article: Article):
    """When comments on ``article`` close by age (COMMENTS_CLOSE_AFTER_DAYS), or None."""
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days and article.published_at:
        closing = article.published_at + timedelta(days=days)
        # The desk reopened them (comments.surge): the same days again from then.
        if closing <= timezone.now() and (reopened := surge_controls.reopened_at(article)):
            closing = max(closing, reopened + timedelta(days=days))
        return closing
    return None


@dataclass
class Submission:
    comment: Comment
    created: bool  # False: the same sender sent the same words again (a double click)


def submit_comment(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    ip: str,
    user_agent: str = "",
    stamp: str = "",
    notify: bool = False,
) -> Submission:
    """
    Accept a reader's comment as pending, or raise CommentRefused.

    The raw IP is only hashed. A second submit of the same words by the same
    sender while the first is pending returns that first comment instead.
    ``stamp`` (the nonce of the form's stamp) carries one comment: accepting one
    uses it up, after the double-click check, so a double click still gets its answer.
    Call it outside a transaction: the checks and the insert take a lock that is
    held until the transaction they run in ends (see serialize_submissions()).
    """
    if not comments_open(article):
        raise CommentRefused(
            gettext("Comments on this story are closed."), status=403, code="closed"
        )
    if paused := surge_controls.pause_message(article):
        raise CommentRefused(paused, status=403, code="paused")
    now = timezone.now()
    sender = moderation.sender_hash(ip)
    words = fingerprint(body)

    # Facts for moderators, each explained: found before the lock, which they do not need.
    holds = hold_facts(sender=sender, email=email, body=body, now=now, edition=article.edition)
    comment = Comment(
        article=article,
        name=name,
        email=email,
        body=body,
        sender_hash=sender,
        user_agent=user_agent[:300],
        flags=" ".join(holds.flags),
        hold_reasons=holds.reasons,
        trusted_sender=holds.trusted,
        first_time_sender=holds.first_time,
        submitted_at=now,
    )

    try:
        with transaction.atomic():
            # Count, then insert, one submission at a time per sender and per text:
            # otherwise parallel posts all count the same earlier comments and all pass.
            serialize_submissions(f"sender:{sender}", f"words:{article.pk}:{words}")
            if first := _earlier_copy(article=article, sender=sender, words=words, now=now):
                return Submission(first, created=False)
            if waiting := surge_controls.slow_mode_message(article=article, sender=sender, now=now):
                raise CommentRefused(waiting, status=429, code="slow_mode")
            if stamp and not moderation.spend_stamp(stamp):
                raise CommentRefused(str(moderation.STAMP_USED_MESSAGE), code="stamp_used")
            comment.save()
            group_after_commit(comment.pk)  # campaigns: near-duplicates from other senders
            notices.after_submission(comment, notify=notify)  # the reader's opt-in
    except IntegrityError:
        # The lock makes this unlikely; comment_one_pending_copy is what guarantees a
        # double click one pending copy, whatever happens.
        first = Comment.objects.get(
            article=article, sender_hash=sender, fingerprint=words, status=Comment.Status.PENDING
        )
        return Submission(first, created=False)
    return Submission(comment, created=True)


def _earlier_copy(*, article, sender, words, now):
    """
    The sender's pending copy of the same words (a double click), or None when the
    comment may be stored; CommentRefused when the words are on the story already
    or the sender has used up the rate limit.
    """
    earlier = Comment.objects.filter(article=article, fingerprint=words)
    earlier = earlier.filter(
        submitted_at__gte=now - timedelta(seconds=settings.COMMENTS_DUPLICATE_WINDOW)
    )
    same_sender_pending = earlier.filter(sender_hash=sender, status=Comment.Status.PENDING).first()
    if same_sender_pending:
        return same_sender_pending
    if earlier.exists():
        raise CommentRefused(
            gettext(
                "This comment has already been posted on this story. "
                "If you meant to add something, please change your text."
            ),
            field="body",
            code="duplicate",
        )
    recent = Comment.objects.filter(
        sender_hash=sender, submitted_at__gte=moderation.rate_window_start(now)
    )
    if recent.count() >= settings.COMMENTS_RATE_LIMIT:
        minutes = max(1, settings.COMMENTS_RATE_WINDOW // 60)
        # Translators: the limit is always several comments; %(minutes)s is the window.
        raise CommentRefused(
            ngettext(
                "You have sent %(limit)d comments in the last %(minutes)d minute, the most we "
                "accept. Your comment is still here: please send it again in a few minutes.",
                "You have sent %(limit)d comments in the last %(minutes)d minutes, the most we "
                "accept. Your comment is still here: please send it again in a few minutes.",
                minutes,
            )
            % {"limit": settings.COMMENTS_RATE_LIMIT, "minutes": minutes},
            status=429,
            code="rate_limited",
        )
    return None


# pg_advisory_xact_lock(classid, objid): the two-int4 form, whose keys never meet the
# single-bigint form's. classid 0x636D6E74 ("cmnt") is submissions' own; objid is
# the first four bytes of SHA-256 of the lock's name, as a signed int4. Two names that
# share an objid only make two unrelated submissions wait for each other.
SUBMISSION_LOCK_CLASS = 0x636D6E74


def serialize_submissions(*names):
    """
    In a transaction: wait until no other transaction holds any of ``names``, and
    hold them until this one commits or rolls back.

    PostgreSQL: one transaction-level advisory lock per name, taken in key order, so
    two submissions wanting the same locks cannot deadlock. SQLite: nothing to take.
    The settings open every transaction with BEGIN IMMEDIATE (transaction_mode), which
    takes the database's one write lock: writers run one after another, each from its
    first read to its commit, whatever their names.
    """
    if not connection.in_atomic_block:
        # In autocommit a transaction-level lock would end with its own statement.
        raise TransactionManagementError("serialize_submissions() needs a transaction.")
    if connection.vendor != "postgresql":
        return
    keys = sorted({_lock_key(name) for name in names})
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SUBMISSION_LOCK_CLASS, key])


def _lock_key(name: str) -> int:
    return int.from_bytes(sha256(name.encode()).digest()[:4], "big", signed=True)


def _decide(*, comment, moderator, action, reason="", expected=Comment.Status.PENDING):
    new_status = (
        Comment.Status.APPROVED if action == Decision.Action.APPROVE else Comment.Status.REJECTED
    )
    now = timezone.now()
    with transaction.atomic():
        # The conditional UPDATE picks exactly one winner when two moderators click at once.
        won = Comment.objects.filter(pk=comment.pk, status=expected).update(
            status=new_status,
            decided_at=now,
            decided_by=moderator,
            rejection_reason=reason,
        )
        if not won:
            raise AlreadyDecided(Comment.objects.select_related("decided_by").get(pk=comment.pk))
        decision = Decision.objects.create(
            comment_id=comment.pk,
            moderator=moderator,
            action=action,
            reason=reason,
            previous_status=expected,
            decided_at=now,
        )
        # The story's page shows its approved comments: refresh it after commit.
        invalidate_story(comment.article_id)
        notices.after_decision(decision)  # the reader's email, if they asked, after commit
    comment.status, comment.decided_at, comment.decided_by = new_status, now, moderator
    comment.rejection_reason = reason
    return comment


def approve_comment(*, comment: Comment, moderator, expected=Comment.Status.PENDING) -> Comment:
    """Publish a comment under its story. ``expected``: the status the moderator saw."""
    return _decide(
        comment=comment, moderator=moderator, action=Decision.Action.APPROVE, expected=expected
    )


def reject_comment(
    *, comment: Comment, moderator, reason: str, expected=Comment.Status.PENDING
) -> Comment:
    """Keep a comment off the site for a guideline ``reason``; it is never shown."""
    if reason not in RejectionReason.values:
        raise ValueError(f"Unknown rejection reason: {reason!r}")  # a programming error
    return _decide(
        comment=comment,
        moderator=moderator,
        action=Decision.Action.REJECT,
        reason=reason,
        expected=expected,
    )
