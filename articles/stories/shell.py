"""
A public story page kept rendered all but its comment section (its "shell"), so
that a page-cache miss renders only that section: see StoryShell. Used by
articles.stories.views.ArticleDetailView.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template import engines
from django.utils import timezone, translation

from newsroom.pagecache import seconds_until, site_generation

from .schedule import next_publication

# Where a story page's comment section goes in its cached shell (StoryShell). Django's
# form fields refuse NUL characters, so no text typed in the admin holds it; and a
# shell is stored only when it holds the marker exactly once, so content that carried
# it some other way (an import, a shell session) is never split on: the page is then
# rendered in full.
COMMENTS_HOLE = "\x00comment-section\x00"


@functools.cache
def comment_section_template():
    """The comment section alone, through the comments app's tag, as the full page has it."""
    return engines["django"].from_string("{% load comment_tags %}{% comment_section article %}")


class StoryShell:
    """
    A public story page, rendered, all but its comment section: the <head> metadata
    (Open Graph, JSON-LD), the masthead and navigation, the story (bylines,
    corrections, hero, body, updates, transcript, tags, share links), the related
    stories and the footer. None of it depends on the reader, so a page-cache miss
    (a new address variant, a comment decision, an expired page) renders only the
    comment section into it. Stored as the page's two halves around the section.

    The key carries the site generation (newsroom.pagecache.site_generation: any change
    to published content bumps it, so a shell is never used after one) and what else
    the HTML depends on: the story, the scheme and host (absolute URLs), the
    language, the time zone and the date (the masthead's date, the footer's year).
    A shell never outlives the next scheduled publication (a related story may go
    live with no write) nor NEWSROOM_PAGE_CACHE_SECONDS. It is read once per
    request, before the story's row.
    """

    def __init__(self, request, pk, *, enabled=True):
        self.request = request
        self.pk = pk
        self.enabled = enabled
        self._key = self._variant = None
        self._halves = self._unread = object()

    def variant(self):
        request = self.request
        return "|".join(
            [
                request.scheme,
                request.get_host(),
                translation.get_language() or "",
                timezone.get_current_timezone_name(),
                timezone.localdate().isoformat(),
            ]
        )

    @property
    def key(self):
        """None when off, or when the cache cannot be read (site generation 0)."""
        if self._key is None and self.enabled:
            generation = site_generation(self.request)
            if generation:
                self._variant = self.variant()
                digest = hashlib.sha256(self._variant.encode()).hexdigest()[:24]
                self._key = f"storypage:{generation}:{self.pk}:{digest}"
        return self._key

    @property
    def halves(self):
        """The page before and after its comment section, or None (read once)."""
        if self._halves is self._unread:
            self._halves = cache.get(self.key) if self.key else None
        return self._halves

    def store(self, html):
        """Keep ``html`` (rendered with COMMENTS_HOLE) and return its halves, or None."""
        before, hole, after = html.partition(COMMENTS_HOLE)
        if not hole or COMMENTS_HOLE in after:
            return None
        halves = (before, after)
        # Not when the date changed while the page was rendered (at midnight).
        if self.key and self.variant() == self._variant:
            seconds = seconds_until(settings.NEWSROOM_PAGE_CACHE_SECONDS, next_publication())
            cache.set(self.key, halves, seconds)
        return halves
