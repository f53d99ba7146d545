"""
An index for the moderation dashboard's waits (comments.metrics): how long each
comment waited for its first decision needs the comment's submission time for every
first decision in the period (60,000 in 14 days at bench/scale.py's volume).

PostgreSQL: comments by id with their submission time, so each decision finds it in
the index alone. Without it, PostgreSQL reads the whole comments table to join it
(a sequential scan of a million rows, bodies included: 400-500 ms); with it, an
index-only lookup per decision. SQLite sites are small: nothing to add.

PostgreSQL-specific and so not in the models' Meta, as 0007; built CONCURRENTLY
(outside a transaction: the migration is not atomic), so readers keep commenting
while it is built.
"""

from django.db import migrations

INDEX = "comment_submitted_by_id"

POSTGRESQL = [
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON comments_comment (id) "
    "INCLUDE (submitted_at)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("comments", "0007_metrics"),
    ]

    operations = [migrations.RunPython(forward, backward)]
