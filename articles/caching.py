"""
What makes cached public pages out of date, and when they expire by themselves.

Any saved or deleted piece of published content (stories, bylines, tags,
interviews, authors, sections...) bumps the site generation once the
transaction commits; see newsroom/cache.py. Signals are used here, not for the
domain flow but for this one cross-cutting duty, so that no write path (admin,
services, import, a shell) can forget it. Writes that bypass signals
(QuerySet.update, bulk_update) call invalidate_site() themselves.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from newsroom.cache import invalidate_site

from .models import Article, Author, Byline, Correction, Interview, Participant, Section, Turn

# Correction: the story page and /corrections/ show them.
CONTENT_MODELS = [
    Article,
    Author,
    Byline,
    Correction,
    Interview,
    Participant,
    Section,
    Turn,
    Tag,
    TaggedItem,
]
# Saves that change nothing a reader sees (the search index) do not invalidate pages.
INVISIBLE_FIELDS = {"search_vector"}


def _content_changed(sender, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= INVISIBLE_FIELDS:
        return
    invalidate_site()
    if sender is Article:
        transaction.on_commit(refresh_next_publication)
        refresh_next_publication()


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"pages-{model.__name__}")
        post_delete.connect(
            _content_changed, sender=model, dispatch_uid=f"pages-d-{model.__name__}"
        )
    m2m_changed.connect(_content_changed, sender=Article.authors.through, dispatch_uid="pages-m2m")


NEXT_PUBLICATION = "pages:next-publication"


def _upcoming():
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def refresh_next_publication():
    """Looked up when content is written, so reading a page costs no query for it."""
    cache.set(NEXT_PUBLICATION, _upcoming() or "none", None)


def next_publication():
    """
    When the next scheduled story goes live (or None): cached pages must not
    outlive that moment, since nothing is written when it comes.
    """
    found = cache.get(NEXT_PUBLICATION)
    if found is None or (found != "none" and found <= timezone.now()):
        # The cache was emptied, or that story has just gone live: look again.
        refresh_next_publication()
        found = cache.get(NEXT_PUBLICATION, "none")
    return None if found == "none" else found
