"""Enqueue the queue check: run every few minutes from cron or a systemd timer."""

from django.core.management.base import BaseCommand

from comments.notices.tasks import check_queue_alert


class Command(BaseCommand):
    help = (
        "Enqueue a check of the moderation queue: moderators get one email when the oldest "
        "pending comment has waited past NEWSROOM_QUEUE_ALERT_MINUTES (once per crossing). "
        "Run it every few minutes; db_worker sends the email."
    )

    def handle(self, *args, **options):
        result = check_queue_alert.enqueue()
        self.stdout.write(f"Queue check enqueued (task {result.id}).")
