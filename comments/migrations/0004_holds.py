import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_comment_body_html"),
    ]

    operations = [
        migrations.CreateModel(
            name="Campaign",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("size", models.PositiveIntegerField(default=0)),
                ("senders", models.PositiveIntegerField(default=0)),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="SimilarityKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(db_index=True, max_length=24)),
                (
                    "comment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="similarity_keys",
                        to="comments.comment",
                    ),
                ),
            ],
            options={
                "ordering": ["comment", "key"],
                "constraints": [
                    models.UniqueConstraint(fields=("comment", "key"), name="similarity_key_once"),
                ],
            },
        ),
        migrations.AddField(
            model_name="comment",
            name="first_time_sender",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="comment",
            name="hold_reasons",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="comment",
            name="trusted_sender",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="comment",
            name="campaign",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="comments",
                to="comments.campaign",
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["status", "-trusted_sender", "submitted_at"], name="comment_fast_lane"),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(django.db.models.functions.text.Lower("email"), name="comment_sender_email"),
        ),
    ]
