"""
Holds at submission (what the checks found, who the sender is) and decisions on a
whole campaign. Comment services (comments.services) call hold_facts(); the queue
calls decide_campaign().
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower

from .explain import text_reasons


@dataclass
class Holds:
    flags: list[str] = field(default_factory=list)
    reasons: list[dict] = field(default_factory=list)
    trusted: bool = False
    first_time: bool = False


def hold_facts(*, sender: str, email: str, body: str, now, edition: str | None = None) -> Holds:
    """
    The flags a new comment is held with, each explained, and what its sender is:

    - first-time: no earlier comment from this keyed address nor this email;
    - trusted: the last COMMENTS_TRUSTED_AFTER decided comments from this address
      with this email were all approved (both must match: an email anyone can type
      is not enough, and neither is a shared address);
    - watch words, matched in the language of the story's ``edition``, and links;
    - a burst: COMMENTS_BURST_SIZE or more comments from this address in the rate window.

    Two queries (one when the sender is new), answered by the sender_hash index
    and the lower(email) one.
    """
    from ..models import Comment, Flag

    holds = Holds(reasons=text_reasons(body, edition))
    window = settings.COMMENTS_RATE_WINDOW
    history = (
        Comment.objects.alias(email_key=Lower("email"))
        .filter(Q(sender_hash=sender) | Q(email_key=email.lower()))
        .aggregate(
            earlier=Count("pk"),
            rejected=Count("pk", filter=Q(sender_hash=sender, status=Comment.Status.REJECTED)),
            recent=Count(
                "pk",
                filter=Q(sender_hash=sender, submitted_at__gte=now - timedelta(seconds=window)),
            ),
        )
    )
    if history["rejected"]:
        holds.reasons.append({"code": Flag.REJECTED_SENDER, "count": history["rejected"]})
    if not history["earlier"]:
        holds.first_time = True
        holds.reasons.append({"code": Flag.NEW_SENDER})
    if history["recent"] + 1 >= settings.COMMENTS_BURST_SIZE:
        holds.reasons.append(
            {"code": Flag.BURST, "count": history["recent"] + 1, "minutes": max(1, window // 60)}
        )
    needed = settings.COMMENTS_TRUSTED_AFTER
    if history["earlier"] >= needed > 0:
        last = list(
            Comment.objects.alias(email_key=Lower("email"))
            .filter(sender_hash=sender, email_key=email.lower())
            .exclude(status=Comment.Status.PENDING)
            .order_by("-submitted_at", "-pk")
            .values_list("status", flat=True)[:needed]
        )
        holds.trusted = len(last) == needed and all(
            status == Comment.Status.APPROVED for status in last
        )
    # A first-time sender is a field of its own (Comment.first_time_sender), not a flag.
    codes = {reason["code"] for reason in holds.reasons} - {Flag.NEW_SENDER}
    holds.flags = [code for code in Flag.values if code in codes]
    return holds


@dataclass
class GroupOutcome:
    decided: int = 0
    already_decided: list = field(default_factory=list)  # AlreadyDecided, one per comment
    arrived_later: int = 0  # joined the campaign after the moderator looked
    other_editions: int = 0  # on stories of editions the moderator does not moderate


def decide_campaign(
    *,
    campaign_id: int,
    moderator,
    action: str,
    reason: str = "",
    up_to: int | None = None,
    editions: list[str] | None = None,
) -> GroupOutcome:
    """
    Approve or reject every pending comment of a campaign, each through
    approve_comment() / reject_comment() (so each gets its own Decision), in one
    transaction. ``up_to``: the newest comment the moderator saw; later ones stay
    pending. A comment another moderator decided meanwhile is left as it is.
    ``editions``: the edition codes the moderator moderates (None: every edition); a
    campaign's comments on other editions' stories are left pending and counted.
    """
    from .. import services
    from ..models import Comment, RejectionReason

    if action not in {"approve", "reject"}:
        raise ValueError(f"Unknown action: {action!r}")
    if action == "reject" and reason not in RejectionReason.values:
        raise ValueError(f"Unknown rejection reason: {reason!r}")
    outcome = GroupOutcome()
    pending = Comment.objects.filter(campaign_id=campaign_id, status=Comment.Status.PENDING)
    with transaction.atomic():
        members = pending if up_to is None else pending.filter(pk__lte=up_to)
        if editions is not None:
            outcome.other_editions = members.exclude(article__edition__in=editions).count()
            members = members.filter(article__edition__in=editions)
        for comment in members.select_related("decided_by").order_by("pk"):
            try:
                if action == "approve":
                    services.approve_comment(comment=comment, moderator=moderator)
                else:
                    services.reject_comment(comment=comment, moderator=moderator, reason=reason)
                outcome.decided += 1
            except services.AlreadyDecided as conflict:
                outcome.already_decided.append(conflict)
        if up_to is not None:
            outcome.arrived_later = pending.filter(pk__gt=up_to).count()
    return outcome
