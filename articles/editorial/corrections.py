"""Corrections, updates and editor's notes: added to a story, with the Updated time."""

from django.db import transaction
from django.utils import timezone

from articles.stories.models import Article, Correction


@transaction.atomic
def add_correction(*, article: Article, kind, text, at=None, by=None) -> Correction:
    """
    A correction, update or editor's note on ``article``. A correction or an update
    also moves the story's "Updated" time to ``at`` (now by default), which readers see.
    """
    correction = Correction(
        article=article,
        kind=kind,
        text=text.strip(),
        created_at=at or timezone.now(),
        created_by=by if by is not None and by.is_authenticated else None,
    )
    correction.full_clean()
    correction.save()
    updates = kind in (Correction.Kind.CORRECTION, Correction.Kind.UPDATE)
    if updates and (article.updated_at is None or correction.created_at > article.updated_at):
        article.updated_at = correction.created_at
        article.save(update_fields=["updated_at", "modified_at"])
    return correction
