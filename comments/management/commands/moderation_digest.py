"""Enqueue the moderators' daily digest: run once a day from cron or a systemd timer."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from comments.notices import services
from comments.notices.tasks import send_moderation_digest


def iso_day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--day takes a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Enqueue the moderators' digest for a day (default: yesterday in the newsroom's "
        "time zone): pending, approved, rejected by guideline, oldest pending. Sent at most "
        "once a day; db_worker sends it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", type=str, help="The day to sum up, YYYY-MM-DD.")

    def handle(self, *args, day=None, **options):
        day = iso_day(day) if day else services.yesterday()
        result = send_moderation_digest.enqueue(day.isoformat())
        self.stdout.write(f"Digest for {day:%Y-%m-%d} enqueued (task {result.id}).")
