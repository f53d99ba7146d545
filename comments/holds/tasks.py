"""Campaign grouping runs in the background: a burst must not slow down readers posting."""

from django.db import transaction
from django_tasks import task

from . import campaigns


@task()
def group_comment(comment_pk: int) -> int | None:
    """Group one pending comment with its near-duplicates (idempotent, safe to retry)."""
    return campaigns.group_comment(comment_pk)


@task()
def regroup_pending_comments() -> int:
    """Group every pending comment at once (e.g. after an import); idempotent."""
    return campaigns.regroup_pending()


def group_after_commit(comment_pk: int) -> None:
    """
    Enqueue grouping once the comment is committed: a worker must be able to read it.
    Robust: a queue that cannot be reached is logged, and the reader, whose comment is
    saved by then, still gets their answer (regroup_pending_comments catches up).
    """
    transaction.on_commit(lambda: group_comment.enqueue(comment_pk), robust=True)
