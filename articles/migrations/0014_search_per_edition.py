"""
Search per edition (articles/discovery/search.py has the whole story).

SQLite: the FTS5 table gains ``original``, an unindexed copy of the story's own text
that passages outside English are cut from (the indexed columns hold folded text),
and the trigger that drops a story's row when the story is deleted is restored
(0013 rebuilt articles_article, and SQLite drops a table's triggers with it).

Both: every story is indexed again with its edition's rules. The backfill freezes
the text extraction of articles.discovery.search at the time of writing, as
migrations should; the folding rules are the pure functions of
articles.editions.normalise. `manage.py reindex_search` rebuilds with today's code.
"""

import html
import re

from django.db import migrations
from django.utils.html import strip_tags

from articles.editions.normalise import normalise, strip_format

SQLITE_FORWARD = [
    "DROP TABLE IF EXISTS articles_search",
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
        headline, dek, body, transcript, original UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS articles_search_article_delete
    AFTER DELETE ON articles_article
    FOR EACH ROW
    BEGIN
        DELETE FROM articles_search WHERE rowid = OLD.id;
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS articles_search",
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
        headline, dek, body, transcript,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
]

CONFIGS = {"english": "english", "arabic": "arabic"}
NO_STEM = "\ue002"
WORD = re.compile(r"[^\W_]+")
NOT_MARKUP = str.maketrans("<>", "  ")
# Snowball's Arabic stemmer stems a word-final teh marbuta, not its folded heh.
FINAL_HEH = re.compile(r"\u0647(?![^\W\d_])")

PG_UPDATE = """
UPDATE articles_article SET search_vector =
    setweight(to_tsvector(%(config)s::regconfig, %(headline)s), 'A')
    || setweight(to_tsvector(%(config)s::regconfig, %(dek)s), 'B')
    || setweight(to_tsvector(%(config)s::regconfig, %(body)s), 'C')
    || setweight(to_tsvector(%(config)s::regconfig, %(transcript)s), 'C')
    || CASE WHEN %(config)s = 'simple' THEN ''::tsvector
       ELSE setweight(to_tsvector('simple'::regconfig, %(everything)s), 'D') END
WHERE id = %(id)s
"""


def rules_of(edition, settings_editions):
    for row in settings_editions:
        if row["code"] == edition:
            return row["search_rules"]
    return "english"


def fold(text, rules, suffix=""):
    text = strip_format(text) if rules == "english" else normalise(text, rules)
    return WORD.sub(lambda match: match[0] + suffix, text) if suffix else text


def forward(apps, schema_editor):
    from django.conf import settings

    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    elif vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    Turn = apps.get_model("articles", "Turn")
    stories = Article.objects.only("headline", "dek", "dateline", "body_html", "edition")
    with schema_editor.connection.cursor() as cursor:
        for article in stories.iterator(chunk_size=200):
            rules = rules_of(article.edition, settings.NEWSROOM_EDITIONS)
            turns = Turn.objects.filter(interview__article=article).order_by("position")
            transcript = "\n".join(turns.values_list("text", flat=True))
            plain = " ".join(html.unescape(strip_tags(article.body_html or "")).split())
            body = " ".join(filter(None, [article.dateline, plain]))
            row = [
                text.translate(NOT_MARKUP)
                for text in (article.headline, article.dek, body, transcript)
            ]
            if vendor == "sqlite":
                suffix = "" if rules == "english" else NO_STEM
                original = "" if rules == "english" else "\n".join(row[1:])
                cursor.execute(
                    "INSERT INTO articles_search "
                    "(rowid, headline, dek, body, transcript, original) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    [article.pk, *(fold(text, rules, suffix) for text in row), original],
                )
            else:
                folded = [fold(text, rules) for text in row]
                config = CONFIGS.get(rules, "simple")
                stemmed = [
                    FINAL_HEH.sub("\u0629", text) if config == "arabic" else text for text in folded
                ]
                cursor.execute(
                    PG_UPDATE,
                    {
                        "config": config,
                        "headline": stemmed[0],
                        "dek": stemmed[1],
                        "body": stemmed[2],
                        "transcript": stemmed[3],
                        "everything": "\n".join(folded),
                        "id": article.pk,
                    },
                )


def backward(apps, schema_editor):
    # The old table holds English only: `manage.py reindex_search` refills it.
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_editions"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
