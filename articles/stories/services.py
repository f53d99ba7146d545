"""Writes on stories that editors' forms and other concepts share."""

from django.db import transaction
from django.db.models import F, Max

from .models import Article, Byline
from .signals import story_changed


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
        # bulk_update sends no post_save: say which story's parts moved.
        moved = model._default_manager.get(pk=ordered_pks[0])
        story_changed.send(sender=model, article_id=story_of(moved))


def story_of(row):
    """The id of the story a byline, participant or turn belongs to."""
    if hasattr(row, "article_id"):
        return row.article_id
    return type(row.interview).objects.values_list("article_id", flat=True).get(pk=row.interview_id)


@transaction.atomic
def ensure_byline(*, article: Article, author, role=None):
    """Give ``author`` a byline on ``article`` (last in order) unless they have one."""
    if article.bylines.filter(author=author).exists():
        return None
    last = article.bylines.aggregate(last=Max("position"))["last"] or 0
    return Byline.objects.create(
        article=article, author=author, role=role or Byline.Role.REPORTER, position=last + 1
    )
