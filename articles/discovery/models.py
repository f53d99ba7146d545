from django.db import models

from articles.stories.models import Article


class SearchEntry(models.Model):
    """
    A story's row in the SQLite full-text index: an FTS5 virtual table keyed by
    the story's id (its rowid), created by migration 0004 on SQLite only.

    Unmanaged and never written through the ORM (articles.discovery.search does that); it
    exists so a search can join stories to their index rows. On PostgreSQL the
    table does not exist and nothing queries it.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="search_entry",
    )

    class Meta:
        managed = False
        db_table = "articles_search"

    def __str__(self):
        return f"Search entry of story {self.article_id}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()
