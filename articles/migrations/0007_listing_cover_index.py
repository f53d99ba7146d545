"""
PostgreSQL: deep pages of a listing (page 1,000 of a tag) sort every story in it by
publish time. With this index the sort reads (id, status, published_at) from the
index alone, never the stories' rows (articles.pagination.LimitPaginator fetches a
deep page's ids first). SQLite, whose sites are small, needs none.
"""

from django.db import migrations

INDEX = "articles_article_listing_cover"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article (id) "
            "INCLUDE (status, published_at)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_workflow_groups")]

    operations = [migrations.RunPython(forward, backward)]
