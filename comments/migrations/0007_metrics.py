"""
Indexes for the moderation dashboard (comments.metrics), whose figures read the
decisions of the last days and the comments submitted in them.

- The decision log by time. On PostgreSQL it also carries every column the figures
  group by, so they are read from the index alone (decisions are never updated:
  their pages stay all-visible). On SQLite, the time alone.
- PostgreSQL: comments by submission time with their story and status, for the
  stories with the most comments, read from the index alone among a million.
- PostgreSQL: the pending comments by story (a partial index: only what waits), for
  the queue's stories over their thresholds (comments.surge), read from the index
  alone instead of every story's entry in (article, status, submitted_at).

PostgreSQL-specific and so not in the models' Meta: as articles' 0007. Built
CONCURRENTLY (outside a transaction: the migration is not atomic), so readers keep
commenting while a big table is indexed.
"""

from django.db import migrations

DECISION_INDEX = "decision_decided_at_cover"
COMMENT_INDEX = "comment_submitted_cover"
PENDING_INDEX = "comment_pending_by_story"

POSTGRESQL = [
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {DECISION_INDEX} ON comments_decision (decided_at) "
    "INCLUDE (previous_status, action, reason, moderator_id, comment_id)",
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {COMMENT_INDEX} ON comments_comment (submitted_at) "
    "INCLUDE (article_id, status)",
    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {PENDING_INDEX} ON comments_comment "
    "(article_id, submitted_at) WHERE status = 'pending'",
]
OTHER = [f"CREATE INDEX IF NOT EXISTS {DECISION_INDEX} ON comments_decision (decided_at)"]


def forward(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in POSTGRESQL if postgresql else OTHER:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for index in (DECISION_INDEX, COMMENT_INDEX, PENDING_INDEX):
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("comments", "0006_notices"),
    ]

    operations = [migrations.RunPython(forward, backward)]
