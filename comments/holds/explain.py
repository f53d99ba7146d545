"""
Why a comment is held, in words a moderator can check: which watch word and
where, how many links, a new sender, a burst, a campaign. The reasons are found
once at submission (text_reasons, comments.holds.services.hold_facts), stored on
the comment (Comment.hold_reasons) and only read here: the queue recomputes
nothing. A comment stored before reasons were kept still shows its flags.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import moderation


@dataclass(frozen=True)
class Reason:
    code: str  # a comments.models.Flag value
    label: str  # the flag, as the filter names it
    detail: str  # what raised it, specifically


def text_reasons(body: str, edition: str | None = None) -> list[dict]:
    """
    The reasons the words themselves give: watch words with their places (matched as
    the story's ``edition`` reads its language), links.
    """
    reasons = []
    spans: dict[str, list[list[int]]] = {}
    for word, start, end in moderation.watch_word_spans(body, edition):
        spans.setdefault(word, []).append([start, end])
    for word, places in spans.items():
        reasons.append({"code": "watch_word", "word": word, "spans": places})
    links = moderation.link_spans(body)
    if len(links) > settings.COMMENTS_MAX_LINKS:
        reasons.append(
            {
                "code": "links",
                "count": len(links),
                "limit": settings.COMMENTS_MAX_LINKS,
                "spans": [list(span) for span in links],
            }
        )
    return reasons


def _detail(reason: dict, body: str) -> str:
    code = reason.get("code")
    if code == "watch_word":
        places = reason.get("spans") or []
        where = ", ".join(
            _("“%(text)s” at character %(at)d") % {"text": body[start:end], "at": start + 1}
            for start, end in places[:5]
        )
        word = reason.get("word", "")
        return _("Watch word “%(word)s”: %(where)s") % {"word": word, "where": where}
    if code == "links":
        count, limit = reason.get("count", 0), reason.get("limit", 0)
        return ngettext(
            "%(count)d link (more than %(limit)d)", "%(count)d links (more than %(limit)d)", count
        ) % {"count": count, "limit": limit}
    if code == "rejected_sender":
        count = reason.get("count", 0)
        return ngettext(
            "This sender had %(count)d comment rejected before",
            "This sender had %(count)d comments rejected before",
            count,
        ) % {"count": count}
    if code == "new_sender":
        return _("First comment from this address and this email")
    if code == "burst":
        count, minutes = reason.get("count", 0), reason.get("minutes", 0)
        return ngettext(
            "%(count)d comments from this sender in %(minutes)d minute",
            "%(count)d comments from this sender in %(minutes)d minutes",
            minutes,
        ) % {"count": count, "minutes": minutes}
    return ""


def reasons_of(comment) -> list[Reason]:
    """Every flag on ``comment`` with its explanation, in the order they were raised."""
    from ..models import Flag

    labels = dict(Flag.choices)
    reasons = []
    explained = set()
    for stored in comment.hold_reasons or []:
        code = stored.get("code", "")
        explained.add(code)
        reasons.append(Reason(code, labels.get(code, code), _detail(stored, comment.body)))
    for code in comment.flags.split():
        if code in explained or code == Flag.CAMPAIGN:
            continue
        explained.add(code)
        reasons.append(Reason(code, labels.get(code, code), ""))
    if comment.campaign_id:
        campaign = comment.campaign
        others = max(campaign.size - 1, 0)
        detail = ngettext(
            "Near-duplicate of %(count)d other comment, from %(senders)d senders",
            "Near-duplicate of %(count)d other comments, from %(senders)d senders",
            others,
        ) % {"count": others, "senders": campaign.senders}
        reasons.append(Reason(Flag.CAMPAIGN, labels[Flag.CAMPAIGN], detail))
    return reasons


def marked_spans(comment) -> list[tuple[int, int, str]]:
    """Where the stored reasons point in the body: (start, end, code), in order, no overlaps."""
    length = len(comment.body)
    found = []
    for stored in comment.hold_reasons or []:
        for span in stored.get("spans") or []:
            try:
                start, end = int(span[0]), int(span[1])
            except (TypeError, ValueError, IndexError):
                continue
            if 0 <= start < end <= length:
                found.append((start, end, stored.get("code", "")))
    found.sort()
    kept, last_end = [], 0
    for start, end, code in found:
        if start >= last_end:
            kept.append((start, end, code))
            last_end = end
    return kept


def marked_body(comment) -> SafeString:
    """
    The body as the queue shows it: every character escaped, line breaks kept,
    and each watch word or link the checks found wrapped in <mark>.
    """
    body, parts, at = comment.body, [], 0
    for start, end, code in marked_spans(comment):
        parts.append(escape(body[at:start]))
        parts.append(f'<mark class="hold-mark hold-mark--{escape(code)}">')
        parts.append(escape(body[start:end]))
        parts.append("</mark>")
        at = end
    parts.append(escape(body[at:]))
    return mark_safe(linebreaks("".join(parts), autoescape=False))


def sample(body: str, words: int = 40) -> str:
    return Truncator(body).words(words)
