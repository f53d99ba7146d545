"""
Notices: the reader's email about the decision on their comment (when they asked
for it), the moderators' alert when the queue falls behind, and their daily digest.

Each send claims its record (DecisionNotice, QueueAlert, Digest) in the transaction
that sends the email: a retry, or a second worker, finds the record and sends
nothing; a send that fails rolls the record back, and the retry sends it.

Emails are plain text. The reader's name and words are written as they typed them
(never as HTML, so nothing needs entities), their words quoted line by line, and
never in a header; the address only ever appears in To.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..guidelines import GUIDELINES
from ..models import Comment, Decision
from .models import DecisionNotice, Digest, NoticeRequest, QueueAlert, Unsubscribe

# Every moderator hears about the whole queue until editions give desks their own:
# then a desk's name selects its comments and its moderators (see docs/comments.md).
ALL_DESKS = "all"
MODERATOR_GROUP = "Moderator"
UNSUBSCRIBE_SALT = "comments.notices.unsubscribe"
# Rejected as these, the words are an advertisement: quoting them would send it on.
NOT_QUOTED_REASONS = {"spam", "promotion"}
QUOTE_LIMIT = 600


def address_hash(email: str) -> str:
    """A keyed hash of an address, the same whatever its case: the address is not kept."""
    return salted_hmac(
        "comments.notices.address", email.strip().casefold(), algorithm="sha256"
    ).hexdigest()


def unsubscribe_token(email: str) -> str:
    """A signed token naming the address (by its hash): good forever, no login needed."""
    return signing.dumps(address_hash(email), salt=UNSUBSCRIBE_SALT)


def address_of_token(token: str) -> str | None:
    """The address hash a token was made for, or None for a forged or damaged one."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) and len(value) == 64 else None


def unsubscribe(*, address: str) -> bool:
    """Never mail this address hash again. True when it was not unsubscribed already."""
    _, created = Unsubscribe.objects.get_or_create(address_hash=address)
    return created


def is_unsubscribed(email: str) -> bool:
    return Unsubscribe.objects.filter(address_hash=address_hash(email)).exists()


def absolute(path: str) -> str:
    return settings.NEWSROOM_SITE_URL + path


# After submission and after decisions: called inside their transactions ------------------


QUEUE_CHECK_KEY = "comments:notices:queue-check"
QUEUE_CHECK_EVERY = 60  # seconds: a burst of comments enqueues one check, not hundreds


def after_submission(comment: Comment, *, notify: bool) -> None:
    """Record the reader's opt-in with their comment; check the queue once it commits."""
    if notify:
        NoticeRequest.objects.create(comment=comment)
    # robust: a queue that cannot be reached is logged; the reader's comment is in.
    transaction.on_commit(_enqueue_queue_check, robust=True)


def _enqueue_queue_check():
    from .tasks import check_queue_alert  # tasks import this module

    if cache.add(QUEUE_CHECK_KEY, True, timeout=QUEUE_CHECK_EVERY):
        check_queue_alert.enqueue()


def after_decision(decision: Decision) -> None:
    """Once the decision commits, email the reader if they asked for it."""
    comment_id, decision_id = decision.comment_id, decision.pk
    # robust: a queue that cannot be reached is logged; the decision stands all the same.
    transaction.on_commit(lambda: _enqueue_notice(comment_id, decision_id), robust=True)


def _enqueue_notice(comment_id: int, decision_id: int) -> None:
    from .tasks import send_decision_notice  # tasks import this module

    if NoticeRequest.objects.filter(comment_id=comment_id).exists():
        send_decision_notice.enqueue(decision_id)


# The reader's notice ------------------------------------------------------------------


def send_decision_notice(*, decision_id: int) -> str:
    """
    Email the reader about one decision, at most once; returns what happened.
    Nothing is sent unless the reader asked when they sent the comment, nor for a
    decision another one has replaced since (the reader hears of that one instead).
    """
    decision = Decision.objects.select_related("comment__article").filter(pk=decision_id).first()
    if decision is None:
        return "gone"
    comment = decision.comment
    if not NoticeRequest.objects.filter(comment_id=comment.pk).exists():
        return "not requested"
    if not comment.email:  # erased at the reader's request since
        return "no address"
    latest = comment.decisions.order_by("-decided_at", "-pk").values_list("pk", flat=True)[:1]
    if decision.pk not in latest:
        return "superseded"
    unsubscribed = is_unsubscribed(comment.email)
    outcome = DecisionNotice.Outcome.UNSUBSCRIBED if unsubscribed else DecisionNotice.Outcome.SENT
    with transaction.atomic():
        try:
            with transaction.atomic():
                DecisionNotice.objects.create(decision=decision, outcome=outcome)
        except IntegrityError:
            return "already sent"
        if unsubscribed:
            return "unsubscribed"
        decision_message(decision).send()
    return "sent"


def decision_message(decision: Decision) -> EmailMessage:
    """
    The reader's email about ``decision``, in the language of the comment's edition
    (the story's: where the reader wrote it), its guideline clause included, with the
    times in that edition's zone.
    """
    edition = decision.comment.article.edition_info
    with edition.activate(), timezone.override(edition.zone):
        message = _decision_message(decision)
    message.extra_headers["Content-Language"] = edition.language
    return message


def _decision_message(decision: Decision) -> EmailMessage:
    comment = decision.comment
    article = comment.article
    # The pages behind the links answer in the comment's edition (?edition=, read by
    # comments.notices.views): their addresses carry no edition prefix.
    in_edition = f"?edition={article.edition_info.code}"
    unsubscribe_url = absolute(
        reverse("comments:unsubscribe", args=[unsubscribe_token(comment.email)]) + in_edition
    )
    one_click_url = absolute(
        reverse("comments:unsubscribe-one-click", args=[unsubscribe_token(comment.email)])
        + in_edition
    )
    approved = decision.action == Decision.Action.APPROVE
    guideline = next((g for g in GUIDELINES if g.code == decision.reason), None)
    quoted = approved or decision.reason not in NOT_QUOTED_REASONS
    context = {
        "name": comment.name,
        "headline": one_line(article.headline),
        "submitted_at": timezone.localtime(comment.submitted_at),
        "quote": quote(comment.body) if quoted else "",
        "comment_url": absolute(comment.get_absolute_url()),
        "story_url": absolute(article.get_absolute_url()),
        "guideline": guideline,
        "newsroom": settings.NEWSROOM_NAME,
        "unsubscribe_url": unsubscribe_url,
    }
    kind = "approved" if approved else "rejected"
    subject = render_to_string(f"comments/email/{kind}_subject.txt", context)
    body = render_to_string(f"comments/email/{kind}.txt", context)
    return EmailMessage(
        subject=one_line(subject),
        body=body,
        to=[comment.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs offer a one-click unsubscribe button.
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def quote(text: str, *, limit: int = QUOTE_LIMIT) -> str:
    """The reader's words as an email quotes them: each line after "> ", cut at ``limit``."""
    if len(text) > limit:
        text = text[:limit].rstrip() + " […]"
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines())


# Moderators ---------------------------------------------------------------------------


def moderator_addresses(*, desk: str = ALL_DESKS) -> list[str]:
    """Active members of the Moderator group with an address, each once."""
    users = get_user_model().objects.filter(is_active=True, groups__name=MODERATOR_GROUP)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def send_to_moderators(*, subject: str, body: str, desk: str = ALL_DESKS) -> int:
    """One email per moderator (nobody sees the others' addresses); how many were sent."""
    messages = [
        EmailMessage(
            subject=one_line(subject),
            body=body,
            to=[address],
            headers={"Auto-Submitted": "auto-generated"},
        )
        for address in moderator_addresses(desk=desk)
    ]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def queue_alert_threshold() -> timedelta | None:
    minutes = settings.NEWSROOM_QUEUE_ALERT_MINUTES
    return timedelta(minutes=minutes) if minutes > 0 else None


def check_queue_alert(*, desk: str = ALL_DESKS, now: datetime | None = None) -> str:
    """
    Alert the desk's moderators when its oldest pending comment has waited past
    NEWSROOM_QUEUE_ALERT_MINUTES: once per crossing. The crossing ends when the
    oldest pending comment is under the threshold again (or none is pending);
    the next one alerts again.
    """
    threshold = queue_alert_threshold()
    if threshold is None:
        return "off"
    now = now or timezone.now()
    queue = Comment.objects.pending().aggregate(oldest=Min("submitted_at"), pending=Count("pk"))
    oldest = queue["oldest"]
    behind = oldest is not None and now - oldest >= threshold
    with transaction.atomic():
        open_alert = (
            QueueAlert.objects.select_for_update().filter(desk=desk, ended_at__isnull=True).first()
        )
        if not behind:
            if open_alert:
                open_alert.ended_at = now
                open_alert.save(update_fields=["ended_at"])
                return "caught up"
            return "fine"
        if open_alert:
            return "already alerted"
        try:
            with transaction.atomic():
                alert = QueueAlert.objects.create(
                    desk=desk, started_at=now, oldest_submitted_at=oldest, pending=queue["pending"]
                )
        except IntegrityError:
            return "already alerted"
        context = {
            "pending": queue["pending"],
            "oldest": timezone.localtime(oldest),
            "waited": now - oldest,
            "waited_minutes": int((now - oldest).total_seconds() // 60),
            "threshold_minutes": settings.NEWSROOM_QUEUE_ALERT_MINUTES,
            "queue_url": absolute(reverse("comments:queue")),
            "newsroom": settings.NEWSROOM_NAME,
        }
        alert.recipients = send_to_moderators(
            subject=render_to_string("comments/email/queue_alert_subject.txt", context),
            body=render_to_string("comments/email/queue_alert.txt", context),
            desk=desk,
        )
        alert.save(update_fields=["recipients"])
    return "alerted"


@dataclass
class DigestCounts:
    day: date
    approved: int = 0
    rejected: int = 0
    # (guideline, count) for every clause, in the guidelines' order, zeros included.
    rejected_by_clause: list = field(default_factory=list)
    pending: int = 0
    oldest_pending: datetime | None = None


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The newsroom's calendar day (TIME_ZONE), 23 or 25 hours long when clocks change."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end


def digest_counts(*, day: date, desk: str = ALL_DESKS) -> DigestCounts:
    """The day's decisions (from the Decision table) and the queue as it is now."""
    start, end = day_bounds(day)
    rows = (
        Decision.objects.filter(decided_at__gte=start, decided_at__lt=end)
        .order_by()
        .values_list("action", "reason")
        .annotate(n=Count("pk"))
    )
    by_reason = {}
    counts = DigestCounts(day=day)
    for action, reason, n in rows:
        if action == Decision.Action.APPROVE:
            counts.approved += n
        else:
            counts.rejected += n
            by_reason[reason] = by_reason.get(reason, 0) + n
    counts.rejected_by_clause = [(g, by_reason.get(g.code, 0)) for g in GUIDELINES]
    queue = Comment.objects.pending().aggregate(oldest=Min("submitted_at"), pending=Count("pk"))
    counts.pending = queue["pending"]
    counts.oldest_pending = queue["oldest"] and timezone.localtime(queue["oldest"])
    return counts


def send_digest(*, day: date, desk: str = ALL_DESKS) -> str:
    """The desk's digest for ``day``, at most once."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = Digest.objects.create(desk=desk, day=day)
        except IntegrityError:
            return "already sent"
        counts = digest_counts(day=day, desk=desk)
        context = {
            "counts": counts,
            "queue_url": absolute(reverse("comments:queue")),
            "newsroom": settings.NEWSROOM_NAME,
        }
        digest.recipients = send_to_moderators(
            subject=render_to_string("comments/email/digest_subject.txt", context),
            body=render_to_string("comments/email/digest.txt", context),
            desk=desk,
        )
        digest.save(update_fields=["recipients"])
    return "sent"


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)
