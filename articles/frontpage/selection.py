"""
Which story goes where on the front page, at a given moment.

An arrangement's pins are read in one query; the pins in force (started, not
ended, their story live) take their slots, the latest-starting one when several
compete for a slot. Each story is shown once: the lead first, then the top
stories, then the section blocks in the navigation's order; a pin whose story is
already placed leaves its slot to the newest stories, which fill every slot left.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Prefetch

from ..stories.models import Article, Byline
from .models import SECTION_STORIES, TOP_STORIES, FrontPagePin

# What a story card never shows (as the listings leave it in the database).
CARD_DEFERRED = ("body", "body_html", "search_vector")
SLOT_ORDER = {FrontPagePin.Slot.LEAD: 0, FrontPagePin.Slot.TOP: 1, FrontPagePin.Slot.SECTION: 2}


def bylines_prefetch():
    """What a story card shows of its bylines: one query for every card on the page."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("author"))


def pins_of(front_page=None, *, edition=None):
    """
    The pins of ``front_page`` (when None: the live arrangement of ``edition``, a code),
    stories and sections.
    """
    pins = FrontPagePin.objects.select_related("article__section").defer(
        *(f"article__{name}" for name in CARD_DEFERRED)
    )
    if front_page is None:
        pins = pins.filter(front_page__is_live=True, front_page__edition=edition)
    else:
        pins = pins.filter(front_page=front_page)
    # A story moved to another edition since it was pinned leaves this edition's page.
    return pins.filter(article__edition=F("front_page__edition"))


@dataclass
class Placed:
    """The pinned stories that hold a place at one moment."""

    lead: Article | None = None
    top: dict = field(default_factory=dict)  # position -> story
    sections: dict = field(default_factory=dict)  # section pk -> {position -> story}
    # When what the pins show changes by itself: a pin starts or ends, a story goes live.
    changes_at: datetime | None = None

    @property
    def stories(self):
        found = [self.lead] if self.lead else []
        found += self.top.values()
        for block in self.sections.values():
            found += block.values()
        return found


def place_pins(pins, *, sections, now) -> Placed:
    """The stories ``pins`` put on the page at ``now``; ``sections``: the blocks, in order."""
    placed = Placed()
    winners = {}
    upcoming = []
    for pin in pins:
        story = pin.article
        moments = [pin.starts_at, pin.ends_at]
        if story.status == Article.Status.PUBLISHED:
            moments.append(story.published_at)
        upcoming += [moment for moment in moments if moment and moment > now]
        if not pin.in_force(now) or story.state_for(story.status, story.published_at, now=now) != (
            "live"
        ):
            continue
        best = winners.get(pin.slot_key)
        if best is None or _precedence(pin) > _precedence(best):
            winners[pin.slot_key] = pin
    placed.changes_at = min(upcoming, default=None)

    section_order = {section.pk: index for index, section in enumerate(sections)}
    ordered = sorted(
        (
            pin
            for pin in winners.values()
            if pin.slot != FrontPagePin.Slot.SECTION or pin.section_id in section_order
        ),
        key=lambda pin: (
            SLOT_ORDER[pin.slot],
            section_order.get(pin.section_id, -1),
            pin.position,
        ),
    )
    shown = set()
    for pin in ordered:
        if pin.article_id in shown:
            continue
        shown.add(pin.article_id)
        if pin.slot == FrontPagePin.Slot.LEAD:
            placed.lead = pin.article
        elif pin.slot == FrontPagePin.Slot.TOP:
            placed.top[pin.position] = pin.article
        else:
            placed.sections.setdefault(pin.section_id, {})[pin.position] = pin.article
    return placed


def _precedence(pin):
    # The pin that started last wins its slot; an open-ended start counts as the earliest.
    return (pin.starts_at.timestamp() if pin.starts_at else float("-inf"), pin.pk or 0)


def fill(pinned, newest, count):
    """``count`` places: the pinned story of each position, else the next of ``newest``."""
    found = []
    for position in range(1, count + 1):
        story = pinned.get(position) or next(newest, None)
        if story is not None:
            found.append(story)
    return found


__all__ = ["SECTION_STORIES", "TOP_STORIES", "fill", "pins_of", "place_pins"]
