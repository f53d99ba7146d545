"""
Writes that change what readers see. Admin actions and forms call these, so the
rules live in one place.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Article


@transaction.atomic
def publish_article(*, article: Article, at=None) -> Article:
    """Publish now, or at a future time (scheduled: it goes live by itself)."""
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.full_clean(exclude=["slug"])
    article.save()
    return article


@transaction.atomic
def unpublish_article(*, article: Article) -> Article:
    """Take a story off the site; its address answers 404 until it is published again."""
    article.status = Article.Status.UNPUBLISHED
    article.save(update_fields=["status", "modified_at"])
    return article


def renumber(queryset, ordered_pks):
    """
    Give the rows of ``queryset`` the positions 1..n in the order of ``ordered_pks``.

    Positions are unique per parent, so rows first move out of the way (past the
    largest position in use) and then take their places: no intermediate state
    breaks the constraint, on any database.
    """
    if not ordered_pks:
        return
    with transaction.atomic():
        offset = len(ordered_pks) + (max(queryset.values_list("position", flat=True)) or 0)
        queryset.update(position=F("position") + offset)
        model = queryset.model
        rows = [model(pk=pk, position=index) for index, pk in enumerate(ordered_pks, start=1)]
        model._default_manager.bulk_update(rows, ["position"])
