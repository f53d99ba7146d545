"""
Which editions a moderator works on: their desks (articles.editions.models.DeskMember),
or every edition when they have none. The queue, the reports queue and the decisions
start from here, so a moderator limited to the Sorani desk neither sees nor decides an
English comment, wherever they click.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.editions import registry
from articles.editions.models import editions_of


def editions_for(user) -> list[str]:
    """The edition codes ``user`` may moderate (every edition for a moderator with no desk)."""
    return editions_of(user) or registry.codes()


def limited_to(user) -> list[str] | None:
    """The edition codes ``user`` is limited to, or None when they work on every edition."""
    return editions_of(user)


def is_limited(user) -> bool:
    """True when ``user`` moderates some editions only."""
    return editions_of(user) is not None


def may_moderate(user, edition_code: str) -> bool:
    desks = editions_of(user)
    return desks is None or edition_code in desks


def edition_name(code: str) -> str:
    try:
        return registry.get(code).name
    except KeyError:
        return code


def chosen_editions(user, value: str) -> tuple[str, list[str] | None]:
    """
    What a queue's edition filter shows, from its ``?edition=`` ``value``: (the value
    the filter control shows, the edition codes to keep, or None for every edition).

    A moderator's own desks by default ("" or "all"); one of them when asked by code.
    A code outside their desks (or no edition at all) falls back to the default: the
    filter never widens what a moderator may see.
    """
    allowed = editions_for(user)
    if value in allowed:
        return value, [value]
    return "all", (allowed if is_limited(user) else None)


def filter_options(user) -> list[tuple[str, str]]:
    """The edition filter's choices: "all" (every edition, or every desk), then each one."""
    # Translators: the queue's edition filter, for a moderator limited to some editions.
    everything = _("All my editions") if is_limited(user) else _("All editions")
    return [("all", everything), *((code, edition_name(code)) for code in editions_for(user))]


def refusal_message(*, name: str, edition_code: str) -> str:
    """Why a moderator's decision on a comment of another desk's edition was refused."""
    # The commenter's name in <bdi>: a Latin name inside a right-to-left sentence (or
    # the reverse) keeps its own direction and does not move the words around it.
    return in_bdi(
        _(
            "The comment by %(name)s is on a story of the %(edition)s edition, which you do "
            "not moderate: it was left as it was."
        ),
        name=name,
        edition=edition_name(edition_code),
    )


def in_bdi(message: str, **values) -> str:
    """``message`` (translated) with each value escaped and isolated in <bdi>, as safe HTML."""
    isolated = {key: format_html("<bdi>{}</bdi>", value) for key, value in values.items()}
    return mark_safe(escape(message) % isolated)
