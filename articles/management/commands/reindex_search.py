"""
`manage.py reindex_search`: rebuild the full-text index of every story, each with its
edition's folding rules (docs/discovery.md, docs/search.md).
"""

from django.core.management.base import BaseCommand

from articles.discovery import search


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every story, with its edition's folding rules "
        "(PostgreSQL: the search vector; SQLite: the FTS5 table). Safe to run at any time; "
        "needed after raw SQL writes or bulk updates of stories that bypassed the model's "
        "signals, a restore, or a change to articles/editions/normalise.py."
    )

    def handle(self, *args, **options):
        count = search.reindex_all()
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Indexed {count} stories for search ({search.engine()}).")
            )
