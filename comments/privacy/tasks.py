"""Background work of privacy: the retention purge of rejected comments."""

from django.db import transaction
from django_tasks import task

from . import services


@task()
def purge_rejected_comments():
    """Erase rejected comments past NEWSROOM_REJECTED_RETENTION_DAYS. Idempotent; retry freely."""
    return services.purge_rejected_comments()


def purge_after_commit():
    """Enqueue the purge once the current transaction (if any) commits."""
    transaction.on_commit(purge_rejected_comments.enqueue)
