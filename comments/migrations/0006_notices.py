import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0005_surge_reports_privacy"),
    ]

    operations = [
        migrations.CreateModel(
            name="DecisionNotice",
            fields=[
                (
                    "decision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="notice",
                        serialize=False,
                        to="comments.decision",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("sent", "Sent"),
                            ("unsubscribed", "Not sent: the address unsubscribed"),
                        ],
                        max_length=12,
                    ),
                ),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "decision notice",
                "ordering": ["sent_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="NoticeRequest",
            fields=[
                (
                    "comment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="notice_request",
                        serialize=False,
                        to="comments.comment",
                    ),
                ),
                ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "notice request",
                "ordering": ["requested_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Unsubscribe",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address_hash", models.CharField(max_length=64, unique=True)),
                ("unsubscribed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "unsubscribed address",
                "ordering": ["-unsubscribed_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Digest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("desk", models.CharField(default="all", max_length=50)),
                ("day", models.DateField()),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("recipients", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "moderation digest",
                "ordering": ["-day", "desk"],
                "constraints": [
                    models.UniqueConstraint(fields=("desk", "day"), name="digest_once_a_day")
                ],
            },
        ),
        migrations.CreateModel(
            name="QueueAlert",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("desk", models.CharField(default="all", max_length=50)),
                ("started_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("oldest_submitted_at", models.DateTimeField()),
                ("pending", models.PositiveIntegerField()),
                ("recipients", models.PositiveIntegerField(default=0)),
                ("ended_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "queue alert",
                "ordering": ["-started_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("ended_at__isnull", True)),
                        fields=("desk",),
                        name="queue_alert_one_open",
                    )
                ],
            },
        ),
    ]
