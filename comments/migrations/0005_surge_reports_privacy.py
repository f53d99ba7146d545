import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

REASONS = [
    ("profanity", "Profanity"),
    ("threat", "Threats"),
    ("personal_attack", "Personal attack"),
    ("vulgarity", "Vulgarity"),
    ("abuse", "Abuse (sexism, racism, homophobia, xenophobia)"),
    ("promotion", "Commercial or personal promotion"),
    ("spam", "Spam"),
    ("off_topic", "Off-topic"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_holds"),
        ("articles", "0012_story_verbose_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SurgeControl",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="surge_control",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                (
                    "paused_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Empty: new comments are taken.",
                        null=True,
                        verbose_name="paused since",
                    ),
                ),
                (
                    "pause_notice",
                    models.CharField(
                        blank=True,
                        help_text="Shown where the comment form was while comments are paused (optional).",
                        max_length=300,
                        verbose_name="notice to readers",
                    ),
                ),
                (
                    "slow_mode_minutes",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="One comment per sender per this many minutes on this story; 0: off.",
                        verbose_name="slow mode (minutes)",
                    ),
                ),
                (
                    "reopened_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Comments closed by age reopen, and close again the usual days after this.",
                        null=True,
                        verbose_name="reopened at",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "paused_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reopened_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "story comment controls",
                "verbose_name_plural": "story comment controls",
                "ordering": ["-updated_at", "article"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(slow_mode_minutes__lte=1440),
                        name="surge_slow_mode_at_most_a_day",
                        violation_error_message="Slow mode is at most a day (1440 minutes).",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Awaiting review"),
                            ("kept", "Kept"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="open",
                        max_length=10,
                    ),
                ),
                ("report_count", models.PositiveIntegerField(default=0)),
                ("first_reported_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "last_reported_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                ),
                ("resolved_at", models.DateTimeField(blank=True, null=True)),
                ("reason", models.CharField(blank=True, choices=REASONS, max_length=20)),
                (
                    "note",
                    models.CharField(blank=True, max_length=500, verbose_name="moderator's note"),
                ),
                (
                    "comment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="report_entries",
                        to="comments.comment",
                    ),
                ),
                (
                    "resolved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "reported comment",
                "verbose_name_plural": "reported comments",
                "ordering": ["-report_count", "first_reported_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["status", "-report_count", "first_reported_at"],
                        name="report_queue",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(status="open"),
                        fields=("comment",),
                        name="report_one_open_entry",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(status="open") | models.Q(resolved_at__isnull=False),
                        name="report_resolved_has_time",
                    ),
                    models.CheckConstraint(
                        condition=~models.Q(status="withdrawn") | ~models.Q(reason=""),
                        name="report_withdrawn_has_reason",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Report",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.CharField(choices=REASONS, max_length=20)),
                ("note", models.CharField(blank=True, max_length=500)),
                ("sender_hash", models.CharField(db_index=True, max_length=64)),
                ("reported_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="comments.reportentry",
                    ),
                ),
            ],
            options={
                "ordering": ["-reported_at", "-pk"],
                "indexes": [
                    models.Index(fields=["sender_hash", "reported_at"], name="report_sender")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("entry", "sender_hash"), name="report_once_per_sender"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ErasureRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address_hash", models.CharField(blank=True, db_index=True, max_length=64)),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("staff", "Moderator, privacy page"),
                            ("command", "Management command"),
                            ("retention", "Retention purge of rejected comments"),
                        ],
                        max_length=10,
                    ),
                ),
                ("erased_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "comments_erased",
                    models.PositiveIntegerField(
                        default=0, help_text="Decided comments left as tombstones."
                    ),
                ),
                (
                    "comments_deleted",
                    models.PositiveIntegerField(
                        default=0, help_text="Pending comments, never shown, deleted."
                    ),
                ),
                (
                    "erased_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "erasure record",
                "ordering": ["-erased_at", "-pk"],
            },
        ),
    ]
