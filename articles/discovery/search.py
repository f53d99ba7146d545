"""
Full-text search over published stories, behind one function: search_articles().

Each database uses its own engine; callers never see which:

- **PostgreSQL**: ``Article.search_vector``, a tsvector weighted headline (A) >
  dek (B) > body and transcript (C), with a GIN index. A query is parsed by
  ``websearch_to_tsquery`` (quotes, ``-word``, ``or``), ranked with ``ts_rank``
  and highlighted with ``ts_headline``.
- **SQLite**: ``articles_search``, an FTS5 table (Porter stemming, accents
  folded) with one row per story and the same four columns, ranked with
  ``bm25()`` weighted in the same order and highlighted with ``snippet()``. The
  web-search syntax is translated to an FTS5 expression here, so both databases
  read a query the same way.

On both, a query matching more than RANKED_MATCHES stories ranks the newest
RANKED_MATCHES of them (a common word would otherwise rank the whole archive).

Keeping the index current
-------------------------
reindex_article() writes a story's entry and is the only writer. Nobody calls it
by hand: articles/handlers.py re-indexes a story once the transaction that changed
its headline, dek, dateline, body or transcript commits (whatever wrote it: the
admin, a service, an import, a shell), and ``manage.py reindex_search`` rebuilds
everything.

Why Python and not database triggers: the indexed text is the body
with its HTML removed and its entities decoded, extracted once in Python and fed
to both engines, so both index and highlight the same words. A trigger cannot
strip HTML in SQLite, and two sets of trigger code (PL/pgSQL and SQLite) would
each have to rebuild a story's text from three tables. Visibility is never
indexed: whether a story is public is decided by ``Article.objects.published()``
at query time, so publishing, unpublishing and scheduled times need no re-index. Deleting a story
deletes its entry (the vector is a column; on SQLite a trigger from migration
0004 removes the FTS5 row).
"""

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Replace
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.interviews.models import Turn
from articles.stories.models import Article, Byline

# PostgreSQL's text-search configuration: English stemming and stop words, like
# the Porter stemmer of the SQLite index.
CONFIG = "english"
FTS_TABLE = "articles_search"
# bm25() column weights: headline, dek, body, transcript (the A > B > C of PostgreSQL).
BM25_WEIGHTS = (10.0, 4.0, 1.0, 1.0)
# Highlight markers: private-use characters no story contains, turned into <mark>
# by highlight() after everything else is escaped.
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 24
MAX_QUERY_LENGTH = 200
# A query matching more stories than this ranks its newest matches only: ranking every
# match of a common word reads every story's index entry (400 ms at 100,000 stories,
# bench/scale.py); the newest few hundred come straight from the publish-time index.
RANKED_MATCHES = 1000

_TOKEN = re.compile(r'(?P<negate>-?)"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
_WORD = re.compile(r"[^\W_]+")


class SearchQueryError(ValueError):
    """A query that cannot be searched; the message is written for readers."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    negated: bool = False

    def websearch(self):
        text = f'"{" ".join(self.words)}"' if len(self.words) > 1 else self.words[0]
        return f"-{text}" if self.negated else text

    def fts5(self):
        # Every term is a quoted phrase of plain words: nothing a reader types can
        # reach FTS5's own syntax (column filters, NEAR, prefixes).
        return f'"{" ".join(self.words)}"'


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives (``or``) of groups of terms that must all match (or all be absent)."""

    groups: tuple[tuple[Term, ...], ...]

    def websearch(self):
        """The query rewritten in websearch_to_tsquery's syntax, as SQLite reads it."""
        return " or ".join(" ".join(term.websearch() for term in group) for group in self.groups)

    def fts5(self):
        alternatives = []
        for group in self.groups:
            expression = " AND ".join(term.fts5() for term in group if not term.negated)
            for term in group:
                if term.negated:
                    expression += f" NOT {term.fts5()}"
            alternatives.append(f"({expression})")
        return " OR ".join(alternatives)


def parse_query(text: str) -> ParsedQuery:
    """
    Read web-search syntax: words (all must match), "quoted phrases", -word or
    -"phrase" to leave out, ``or`` between alternatives. Punctuation is ignored.

    Raise SearchQueryError when nothing searchable is left.
    """
    text = (text or "").strip()
    if not text:
        raise SearchQueryError("Type a word or a phrase to search the stories.")
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"Keep the search under {MAX_QUERY_LENGTH} characters.")
    groups, current = [], []
    for match in _TOKEN.finditer(text):
        if match["word"] is not None:
            if match["word"].lower() == "or":
                groups.append(current)
                current = []
                continue
            negated = match["word"].startswith("-")
            words = _WORD.findall(match["word"].lower())
        else:
            negated = bool(match["negate"])
            words = _WORD.findall(match["phrase"].lower())
        if words:
            current.append(Term(tuple(words), negated))
    groups.append(current)

    terms = [term for group in groups for term in group]
    if not terms:
        raise SearchQueryError("Search for words: punctuation alone finds nothing.")
    # A group of exclusions alone cannot be searched by FTS5 (and would match
    # almost everything): it needs a word to look for.
    groups = [group for group in groups if any(not term.negated for term in group)]
    if not groups:
        raise SearchQueryError("Add a word to look for: a minus sign only leaves words out.")
    longest = max(len(word) for group in groups for t in group if not t.negated for word in t.words)
    if longest < 2:
        raise SearchQueryError("Search for a word of at least two letters.")
    return ParsedQuery(tuple(tuple(group) for group in groups))


def engine(using=None) -> str:
    """The search engine of the database: "postgresql" or "sqlite"."""
    vendor = connections[using or router.db_for_read(Article)].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise ImproperlyConfigured(
            f"Full-text search supports PostgreSQL and SQLite, not {vendor}."
        )
    return vendor


def search_articles(
    query: str,
    *,
    section: str | None = None,
    author: str | None = None,
    tag: str | None = None,
    since: date | None = None,
    until: date | None = None,
):
    """
    Published stories matching ``query``, best first, as a lazy queryset ready
    for a story card (section selected, bylines with authors prefetched) and
    annotated with ``rank`` and ``snippet`` (raw: render it with snippet_html()).

    Filters: ``section``, ``author`` and ``tag`` are slugs; ``since`` and
    ``until`` are dates in the newsroom's time zone, both included.
    Raise SearchQueryError for a query with nothing to search.
    """
    parsed = parse_query(query)
    articles = Article.objects.for_listing().defer("body", "body_html")
    if section:
        articles = articles.filter(section__slug=section)
    if author:
        articles = articles.filter(
            Exists(Byline.objects.filter(article=OuterRef("pk"), author__slug=author))
        )
    if tag:
        articles = articles.filter(tags__slug=tag)
    zone = timezone.get_current_timezone()
    if since:
        articles = articles.filter(published_at__gte=datetime.combine(since, time.min, zone))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, zone)
        articles = articles.filter(published_at__lt=end)
    if engine(articles.db) == "postgresql":
        return _postgresql(articles, parsed)
    return _sqlite(articles, parsed)


def _newest_matches(matching):
    """The newest RANKED_MATCHES of ``matching``, as a subquery of their ids."""
    return matching.order_by("-published_at", "-pk").values("pk")[:RANKED_MATCHES]


def _postgresql(articles, parsed):
    query = SearchQuery(parsed.websearch(), search_type="websearch", config=CONFIG)
    return (
        articles.filter(pk__in=_newest_matches(articles.filter(search_vector=query)))
        .annotate(
            # Normalization 1 divides by the log of the length, so a long transcript
            # does not outrank a story about the subject by sheer size.
            rank=SearchRank(F("search_vector"), query, normalization=Value(1)),
            snippet=SearchHeadline(
                _postgresql_document(),
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_fragments=2,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _postgresql_document():
    """Dek, body text and transcript, for ts_headline: computed for one page of results."""
    body = Func(
        F("body_html"),
        Value("<[^>]*>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    # The body is sanitized HTML: decode what nh3 escapes (&amp; last).
    for entity, character in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        body = Replace(body, Value(entity), Value(character), output_field=TextField())
    transcript = (
        Turn.objects.filter(interview__article=OuterRef("pk"))
        .order_by()
        .values("interview")
        .annotate(text=StringAgg("text", delimiter="\n", order_by="position"))
        .values("text")
    )
    return Concat(
        F("dek"),
        Value("\n"),
        body,
        Value("\n"),
        Coalesce(Subquery(transcript), Value(""), output_field=TextField()),
        output_field=TextField(),
    )


def _sqlite(articles, parsed):
    weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
    matching = articles.filter(search_entry__isnull=False).filter(
        RawSQL(f"{FTS_TABLE} MATCH %s", [parsed.fts5()], output_field=BooleanField())
    )
    return (
        matching.filter(pk__in=_newest_matches(matching))
        .annotate(
            rank=RawSQL(f"bm25({FTS_TABLE}, {weights})", []),
            snippet=RawSQL(
                f"snippet({FTS_TABLE}, -1, %s, %s, %s, {SNIPPET_WORDS})", [START, STOP, "…"]
            ),
        )
        # bm25() is better when lower.
        .order_by("rank", "-published_at", "-pk")
    )


def highlight(snippet: str) -> SafeString:
    """The engine's snippet as HTML: all text escaped, only the matches in <mark>."""
    parts, inside = [], False
    for piece in re.split(f"([{START}{STOP}])", snippet or ""):
        if piece == START:
            if not inside:
                parts.append("<mark>")
            inside = True
        elif piece == STOP:
            if inside:
                parts.append("</mark>")
            inside = False
        else:
            parts.append(escape(re.sub(r"\s+", " ", piece)))
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts).strip())


def snippet_html(article) -> SafeString:
    """
    What a result shows under its headline: the matched passage, or the dek when
    the match is in the headline alone (the headline is shown anyway).
    """
    raw = getattr(article, "snippet", "") or ""
    plain = raw.replace(START, "").replace(STOP, "").strip()
    if START not in raw or plain == article.headline.strip():
        return escape(article.dek)
    return highlight(raw)


# Indexing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchDocument:
    """The four indexed texts of a story, plain text."""

    headline: str
    dek: str
    body: str
    transcript: str


def plain_text(markup: str) -> str:
    """Sanitized HTML as the words a reader sees."""
    return " ".join(html.unescape(strip_tags(markup or "")).split())


# The indexed texts are plain text, but PostgreSQL's parser reads "<...>" as a markup
# tag and indexes no word inside it: a headline that quotes "<b>" or "a < b" would lose
# words. Angle brackets are never words, so they become spaces.
_NOT_MARKUP = str.maketrans("<>", "  ")


def document_of(article: Article) -> SearchDocument:
    """A story's searchable text; the transcript costs one query."""
    turns = Turn.objects.filter(interview__article_id=article.pk).order_by("position")
    body = " ".join(filter(None, [article.dateline, plain_text(article.body_html)]))
    return SearchDocument(
        headline=article.headline.translate(_NOT_MARKUP),
        dek=article.dek.translate(_NOT_MARKUP),
        body=body.translate(_NOT_MARKUP),
        transcript="\n".join(turns.values_list("text", flat=True)).translate(_NOT_MARKUP),
    )


def reindex_article(article: Article) -> None:
    """
    Write the search entry of ``article`` from its saved fields and turns.

    Call it after the story and its interview turns are saved (two queries: the
    turns, then the write).
    """
    document = document_of(article)
    using = router.db_for_write(Article, instance=article)
    if engine(using) == "postgresql":
        vector = (
            SearchVector(Value(document.headline), weight="A", config=CONFIG)
            + SearchVector(Value(document.dek), weight="B", config=CONFIG)
            + SearchVector(
                Value(document.body), Value(document.transcript), weight="C", config=CONFIG
            )
        )
        Article.objects.using(using).filter(pk=article.pk).update(search_vector=vector)
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, headline, dek, body, transcript) "
            "VALUES (%s, %s, %s, %s, %s)",
            [article.pk, document.headline, document.dek, document.body, document.transcript],
        )


def reindex_all() -> int:
    """Rebuild the whole index (every story, public or not); return how many were indexed."""
    using = router.db_for_write(Article)
    count = 0
    with transaction.atomic(using=using):
        if engine(using) == "sqlite":
            with connections[using].cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
        articles = Article.objects.using(using).only("headline", "dek", "dateline", "body_html")
        for article in articles.order_by("pk").iterator(chunk_size=200):
            reindex_article(article)
            count += 1
    return count
