# Comments per edition: the models' names for the admin, translatable (no table changes).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0009_daily_figures"),
        # Desks and the stories' editions, which the queue filters comments by.
        ("articles", "0013_editions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="comment",
            options={
                "ordering": ["submitted_at", "pk"],
                "permissions": [("moderate_comment", "Can approve and reject comments")],
                "verbose_name": "comment",
                "verbose_name_plural": "comments",
            },
        ),
        migrations.AlterModelOptions(
            name="decision",
            options={
                "ordering": ["decided_at", "pk"],
                "verbose_name": "decision",
                "verbose_name_plural": "decisions",
            },
        ),
    ]
