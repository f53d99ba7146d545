"""
Full-text search (articles/search.py has the whole story).

PostgreSQL: a weighted tsvector column on articles_article with a GIN index.
SQLite: an FTS5 virtual table, articles_search, keyed by the story's id, and a
trigger that drops a story's row when the story is deleted. Stories that exist
already are indexed here, so search works right after `migrate`.

The backfill freezes the text extraction of articles.search at the time of
writing, as migrations should; `manage.py reindex_search` rebuilds with today's.
"""

import html

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models
from django.utils.html import strip_tags

import articles.models

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
        headline, dek, body, transcript,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_search_article_delete
    AFTER DELETE ON articles_article
    FOR EACH ROW
    BEGIN
        DELETE FROM articles_search WHERE rowid = OLD.id;
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_search_article_delete",
    "DROP TABLE IF EXISTS articles_search",
]

PG_UPDATE = """
UPDATE articles_article SET search_vector =
    setweight(to_tsvector('english'::regconfig, %s), 'A')
    || setweight(to_tsvector('english'::regconfig, %s), 'B')
    || setweight(to_tsvector('english'::regconfig, %s), 'C')
    || setweight(to_tsvector('english'::regconfig, %s), 'C')
WHERE id = %s
"""


def plain(markup):
    return " ".join(html.unescape(strip_tags(markup or "")).split())


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    elif vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    Turn = apps.get_model("articles", "Turn")
    with schema_editor.connection.cursor() as cursor:
        for article in Article.objects.only("headline", "dek", "dateline", "body_html"):
            turns = Turn.objects.filter(interview__article=article).order_by("position")
            transcript = "\n".join(turns.values_list("text", flat=True))
            body = " ".join(filter(None, [article.dateline, plain(article.body_html)]))
            row = [article.headline, article.dek, body, transcript]
            if vendor == "sqlite":
                cursor.execute(
                    "INSERT INTO articles_search (rowid, headline, dek, body, transcript) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [article.pk, *row],
                )
            else:
                cursor.execute(PG_UPDATE, [*row, article.pk])


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_newsroom_groups"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_column="rowid",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "db_table": "articles_search",
                "managed": False,
            },
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="article",
            index=articles.models.PostgresGinIndex(
                fields=["search_vector"], name="article_search_vector"
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
