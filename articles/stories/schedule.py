"""
When the next scheduled story goes live. Nothing is written at that moment, so
whatever keeps a rendered page (the page cache, the story shell) must not keep it
longer: they ask next_publication(), which costs no query when read.
"""

from django.core.cache import cache
from django.utils import timezone

from .models import Article

NEXT_PUBLICATION = "pages:next-publication"


def refresh_next_publication():
    """Looked up when stories are written, so reading a page costs no query for it."""
    upcoming = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    cache.set(NEXT_PUBLICATION, upcoming or "none", None)


def next_publication():
    """When the next scheduled story goes live, or None."""
    found = cache.get(NEXT_PUBLICATION)
    if found is None or (found != "none" and found <= timezone.now()):
        # The cache was emptied, or that story has just gone live: look again.
        refresh_next_publication()
        found = cache.get(NEXT_PUBLICATION, "none")
    return None if found == "none" else found
