"""Enqueue the retention purge of rejected comments: run it daily from cron."""

from django.core.management.base import BaseCommand

from comments.privacy.tasks import purge_after_commit


class Command(BaseCommand):
    help = (
        "Queue the purge of rejected comments older than NEWSROOM_REJECTED_RETENTION_DAYS "
        "(their words, name and email go; a tombstone and the decisions stay). "
        "The task worker (manage.py db_worker) runs it."
    )

    def handle(self, *args, **options):
        purge_after_commit()
        self.stdout.write("Queued the purge of rejected comments past their retention period.")
