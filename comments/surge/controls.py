"""
Reading a story's surge controls, and what they mean for a new comment.

The story page asks for them on every render of its comment section, so they are
kept in the cache under the site's generation and one of their own, bumped by every
change (comments.surge.services): a full render of the page reads them once, and a
comment decision, which bumps the story's comments generation, does not read them.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsroom.pagecache.generations import generation_store

from .models import SurgeControl

NONE = "none"  # cached: the story has no controls


def generation_name(article_pk) -> str:
    """The named page-cache generation of one story's controls (newsroom.pagecache)."""
    return f"comment-controls:{article_pk}"


def controls_for(article) -> SurgeControl | None:
    """
    ``article``'s controls, or None. Read once per Article instance (kept on it as
    Django keeps a one-to-one it has loaded) and from the cache when it can be.
    """
    state = article._state.fields_cache
    if "surge_control" in state:
        return state["surge_control"]
    # Under the site's generation too: a full render of the story page (after any
    # publish) reads them with the story, a comment decision does not.
    site, own = generation_store().read(generation_name(article.pk))
    generation = site and own
    key = f"comments:controls:{article.pk}:{site}:{own}"
    found = cache.get(key) if generation else None
    if found is None:
        # One row at most: no ordering to build (compiling one costs more than the query).
        rows = SurgeControl.objects.filter(article_id=article.pk).order_by()
        found = next(iter(rows), NONE)
        if generation:
            cache.set(key, found, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    controls = None if found == NONE else found
    state["surge_control"] = controls
    return controls


def reopened_at(article):
    controls = controls_for(article)
    return controls.reopened_at if controls else None


def pause_message(article) -> str:
    """Why a new comment on ``article`` is refused now, or "" when it is not paused."""
    controls = controls_for(article)
    if not controls or not controls.paused:
        return ""
    message = _(
        "New comments on this story are paused for now. Your comment is still here: "
        "keep a copy and send it again later."
    )
    if controls.pause_notice:
        message = f"{controls.pause_notice} {message}"
    return message


def slow_mode_message(*, article, sender: str, now=None) -> str:
    """
    The refusal when slow mode is on and ``sender`` (a sender_hash) commented on
    ``article`` less than its minutes ago; "" when the comment may go ahead.
    """
    from comments.models import Comment

    controls = controls_for(article)
    minutes = controls.slow_mode_minutes if controls else 0
    if not minutes:
        return ""
    now = now or timezone.now()
    last = (
        Comment.objects.filter(
            article_id=article.pk,
            sender_hash=sender,
            submitted_at__gt=now - timedelta(minutes=minutes),
        )
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    if last is None:
        return ""
    wait = max(1, int((last + timedelta(minutes=minutes) - now).total_seconds() // 60) + 1)
    wait = min(wait, minutes)
    return ngettext(
        "This story is in slow mode: one comment every %(minutes)d minute per reader. "
        "Your comment is still here: please send it again in %(wait)d minute.",
        "This story is in slow mode: one comment every %(minutes)d minutes per reader. "
        "Your comment is still here: please send it again in %(wait)d minutes.",
        minutes,
    ) % {"minutes": minutes, "wait": wait}


def surge_thresholds():
    """(pending comments, minutes the oldest has waited) above which a story alerts."""
    return (
        getattr(settings, "COMMENTS_SURGE_PENDING", 25),
        getattr(settings, "COMMENTS_SURGE_OLDEST_MINUTES", 60),
    )


def surge_alerts(*, now=None, limit=10, editions=None):
    """
    Stories whose pending comments are over a threshold, most pending first: dicts of
    ``article``, ``headline``, ``pending``, ``oldest``, ``paused``, ``slow_mode_minutes``.
    Two queries at most, whatever the number of comments: the pending comments grouped
    by story id alone (the partial index of pending comments answers it without
    touching a story), then the few stories chosen, with their controls.
    ``editions``: the edition codes to look at (a desk moderator's), None for every one.
    """
    from articles.models import Article
    from comments.models import Comment

    pending, minutes = surge_thresholds()
    now = now or timezone.now()
    comments = Comment.objects.pending()
    if editions is not None:
        comments = comments.filter(article__edition__in=editions)
    rows = list(
        comments.values("article")
        .annotate(pending=Count("*"), oldest=Min("submitted_at"))
        .filter(Q(pending__gte=pending) | Q(oldest__lte=now - timedelta(minutes=minutes)))
        .order_by("-pending", "oldest")[:limit]
    )
    if not rows:
        return []
    stories = (
        Article.objects.select_related("surge_control")
        .only("headline", "surge_control__paused_at", "surge_control__slow_mode_minutes")
        .in_bulk([row["article"] for row in rows])
    )
    alerts = []
    for row in rows:
        story = stories.get(row["article"])
        if story is None:  # deleted between the two queries
            continue
        control = getattr(story, "surge_control", None)
        alerts.append(
            {
                "article": story.pk,
                "headline": story.headline,
                "pending": row["pending"],
                "oldest": row["oldest"],
                "paused": control is not None and control.paused_at is not None,
                "slow_mode_minutes": (control.slow_mode_minutes or 0) if control else 0,
            }
        )
    return alerts
