"""
Full-text search over published stories, behind one function: search_articles().

A search looks in one edition only, and reads that edition's language: the index and
the query both go through the edition's folding rules
(``articles.editions.normalise``: Arabic kaf and keheh are one letter in Sorani,
vowel marks and tatweel never matter in Arabic, I and ı are one letter in Kurmanji,
invisible format characters are dropped everywhere). docs/search.md has the rules.

Each database uses its own engine; callers never see which:

- **PostgreSQL**: ``Article.search_vector``, a tsvector weighted headline (A) >
  dek (B) > body and transcript (C), with a GIN index, built with the edition's
  configuration (CONFIGS: ``english`` for English, ``arabic`` for Arabic, ``simple``
  for Sorani and Kurmanji) over the folded text. Where that configuration drops stop
  words or stems, the same text follows with weight D under ``simple``: a quoted
  phrase must match it word for word ("the quays are the same" is five words, not
  'quay'). A query is parsed by ``websearch_to_tsquery`` (quotes, ``-word``,
  ``or``), ranked with ``ts_rank`` (weight D counts for nothing) and, in English,
  highlighted with ``ts_headline``.
- **SQLite**: ``articles_search``, an FTS5 table (Porter stemming, accents
  folded) with one row per story and the same four columns, ranked with
  ``bm25()`` weighted in the same order and, in English, highlighted with
  ``snippet()``. Porter's English suffixes must not cut Kurmanji (or any other
  edition's) words, so their words are stored and searched with NO_STEM after
  them, which no suffix rule matches. The web-search syntax is translated to an
  FTS5 expression here, so both databases read a query the same way; a quoted
  phrase is an FTS5 phrase.

Outside English the indexed text is folded, so it cannot be shown: the passage under
a result is cut from the story's own text in Python (passage()), marking the words
whose folded form matches a word of the query.

On both, a query matching more than RANKED_MATCHES stories ranks the newest
RANKED_MATCHES of them (a common word would otherwise rank the whole archive).

Keeping the index current
-------------------------
reindex_article() writes a story's entry and is the only writer. Nobody calls it
by hand: articles/handlers.py re-indexes a story once the transaction that changed
its headline, dek, dateline, body, transcript or edition commits (whatever wrote it:
the admin, a service, an import, a shell), and ``manage.py reindex_search`` rebuilds
everything.

Why Python and not database triggers: the indexed text is the body
with its HTML removed and its entities decoded, then folded by the edition's rules,
once in Python and fed to both engines, so both index the same words. A trigger cannot
strip HTML in SQLite, and two sets of trigger code (PL/pgSQL and SQLite) would
each have to rebuild a story's text from three tables. Visibility is never
indexed: whether a story is public is decided by ``Article.objects.published()``
at query time, so publishing, unpublishing and scheduled times need no re-index. Deleting a story
deletes its entry (the vector is a column; on SQLite a trigger, restored by migration
0014, removes the FTS5 row).
"""

import html
import operator
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Replace
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from articles.editions import registry as editions
from articles.editions.normalise import normalise, rules_for, strip_format
from articles.interviews.models import Turn
from articles.stories.models import Article, Byline

# PostgreSQL's text-search configuration per rule set (an edition's search_rules).
# English and Arabic stem and drop stop words; Sorani, Kurmanji and Turkish have no
# configuration that reads them, so their folded words are indexed as they are.
CONFIGS = {
    "english": "english",
    "arabic": "arabic",
    "sorani": "simple",
    "kurmanji": "simple",
    "turkish": "simple",
}
# The English configuration, kept for callers that predate editions.
CONFIG = CONFIGS["english"]
# The configuration quoted phrases are matched with: every word, as typed (folded).
PHRASE_CONFIG = "simple"
# ts_rank() weights for D, C, B, A: the word-for-word copy (D) adds nothing to a rank.
RANK_WEIGHTS = [0.0, 0.2, 0.4, 1.0]
FTS_TABLE = "articles_search"
# bm25() column weights: headline, dek, body, transcript (the A > B > C of PostgreSQL).
BM25_WEIGHTS = (10.0, 4.0, 1.0, 1.0)
# After every word of a non-English entry in the FTS5 table: a private-use character
# (a letter to FTS5's tokenizer) that ends no English suffix, so Porter leaves the word.
NO_STEM = "\ue002"
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

    @property
    def is_phrase(self):
        return len(self.words) > 1

    def websearch(self):
        text = f'"{" ".join(self.words)}"' if self.is_phrase else self.words[0]
        return f"-{text}" if self.negated else text

    def fts5(self, suffix=""):
        # Every term is a quoted phrase of plain words: nothing a reader types can
        # reach FTS5's own syntax (column filters, NEAR, prefixes).
        return f'"{" ".join(word + suffix for word in self.words)}"'

    def tsquery(self, weight=""):
        """The words one after the other, for to_tsquery(PHRASE_CONFIG)."""
        label = f":{weight}" if weight else ""
        return " <-> ".join(f"'{word}'{label}" for word in self.words)


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives (``or``) of groups of terms that must all match (or all be absent)."""

    groups: tuple[tuple[Term, ...], ...]

    def websearch(self):
        """The query rewritten in websearch_to_tsquery's syntax, as SQLite reads it."""
        return " or ".join(" ".join(term.websearch() for term in group) for group in self.groups)

    def fts5(self, suffix=""):
        alternatives = []
        for group in self.groups:
            expression = " AND ".join(term.fts5(suffix) for term in group if not term.negated)
            for term in group:
                if term.negated:
                    expression += f" NOT {term.fts5(suffix)}"
            alternatives.append(f"({expression})")
        return " OR ".join(alternatives)

    def words(self):
        """The words looked for (not those left out), once each, in order."""
        found = {}
        for group in self.groups:
            for term in group:
                if not term.negated:
                    found.update(dict.fromkeys(term.words))
        return list(found)


_TURKISH_I = str.maketrans({"\u0130": "I", "\u0131": "i"})


def query_text(text: str, rules: str = "english") -> str:
    """
    What the engines are given for ``text`` under ``rules``, in the index and in a query.

    English keeps its letters (the engines casefold and stem English themselves, and
    show it in the passages they cut) but for the Turkish keyboard's İ and ı, which
    no engine reads as I and i; every other edition's text is folded.
    """
    if rules == "english":
        return strip_format(text).translate(_TURKISH_I)
    return normalise(text, rules)


def parse_query(text: str, rules: str = "english") -> ParsedQuery:
    """
    Read web-search syntax: words (all must match), "quoted phrases", -word or
    -"phrase" to leave out, ``or`` between alternatives. Punctuation is ignored.
    The words are folded with ``rules`` (an edition's search rules) first.

    Raise SearchQueryError when nothing searchable is left.
    """
    text = (text or "").strip()
    if not text:
        raise SearchQueryError(gettext("Type a word or a phrase to search the stories."))
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            ngettext(
                "Keep the search under %(count)d character.",
                "Keep the search under %(count)d characters.",
                MAX_QUERY_LENGTH,
            )
            % {"count": MAX_QUERY_LENGTH}
        )
    text = query_text(text, rules)
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
        raise SearchQueryError(gettext("Search for words: punctuation alone finds nothing."))
    # A group of exclusions alone cannot be searched by FTS5 (and would match
    # almost everything): it needs a word to look for.
    groups = [group for group in groups if any(not term.negated for term in group)]
    if not groups:
        raise SearchQueryError(
            gettext("Add a word to look for: a minus sign only leaves words out.")
        )
    longest = max(len(word) for group in groups for t in group if not t.negated for word in t.words)
    if longest < 2:
        raise SearchQueryError(gettext("Search for a word of at least two letters."))
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
    edition: str | None = None,
    section: str | None = None,
    author: str | None = None,
    tag: str | None = None,
    since: date | None = None,
    until: date | None = None,
):
    """
    Published stories of the edition ``edition`` (a code; the default edition when
    None) matching ``query`` read with that edition's rules, best first, as a lazy
    queryset ready for a story card (section selected, bylines with authors
    prefetched) and annotated with ``rank`` and the matched passage (render it with
    snippet_html()).

    Filters: ``section``, ``author`` and ``tag`` are slugs; ``since`` and
    ``until`` are dates in the active time zone, both included.
    Raise SearchQueryError for a query with nothing to search.
    """
    code = edition or editions.default().code
    rules = rules_for(code)
    parsed = parse_query(query, rules)
    articles = Article.objects.for_listing().defer("body", "body_html").filter(edition=code)
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
        return _postgresql(articles, parsed, rules)
    return _sqlite(articles, parsed, rules)


def _newest_matches(matching):
    """The newest RANKED_MATCHES of ``matching``, as a subquery of their ids."""
    return matching.order_by("-published_at", "-pk").values("pk")[:RANKED_MATCHES]


# Snowball's Arabic stemmer knows teh marbuta, not its folded heh: given "المدينه" it
# stops after the article ("مدينه") where "مدينه" alone loses its ending ("مدين"). The
# text it stems has a word-final heh written back as teh marbuta (both sides, so
# "المدينة", "مدينه" and "بالمدينة" all meet at "مدين").
_FINAL_HEH = re.compile(r"\u0647(?![^\W\d_])")


def _stemmer_text(text, config):
    """Folded text as the configuration ``config`` should stem it."""
    return _FINAL_HEH.sub("\u0629", text) if config == "arabic" else text


def _has_phrase_copy(config):
    """Whether the vector carries a word-for-word copy (weight D) for phrases."""
    return config != PHRASE_CONFIG


def _postgresql_match(parsed, config):
    """
    The stories matching ``parsed``: its words through the edition's configuration,
    each quoted phrase word for word (stop words too) through PHRASE_CONFIG.
    """
    weight = "D" if _has_phrase_copy(config) else ""
    alternatives = []
    for group in parsed.groups:
        phrases = [term for term in group if term.is_phrase]
        looked_for = [term for term in group if not (term.is_phrase and term.negated)]
        text = _stemmer_text(" ".join(term.websearch() for term in looked_for), config)
        words = SearchQuery(text, search_type="websearch", config=config)
        condition = Q(search_vector=words)
        if any(not term.negated for term in phrases):
            # A phrase of stop words alone ("are the same") leaves the configuration's
            # query empty (PostgreSQL folds this test away when planning): then the
            # phrase itself decides.
            empty = Exact(Func(words, function="numnode", output_field=IntegerField()), 0)
            condition = Q(empty) | condition
        for term in phrases:
            phrase = Q(
                search_vector=SearchQuery(
                    term.tsquery(weight), search_type="raw", config=PHRASE_CONFIG
                )
            )
            condition &= ~phrase if term.negated else phrase
        alternatives.append(condition)
    return reduce(operator.or_, alternatives)


def _postgresql(articles, parsed, rules):
    config = CONFIGS[rules]
    query = SearchQuery(
        _stemmer_text(parsed.websearch(), config), search_type="websearch", config=config
    )
    matching = articles.filter(_postgresql_match(parsed, config))
    results = articles.filter(pk__in=_newest_matches(matching)).annotate(
        # Normalization 1 divides by the log of the length, so a long transcript
        # does not outrank a story about the subject by sheer size.
        rank=SearchRank(F("search_vector"), query, weights=RANK_WEIGHTS, normalization=Value(1)),
    )
    if rules == "english":
        results = results.annotate(
            snippet=SearchHeadline(
                _postgresql_document(),
                query,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_fragments=2,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                fragment_delimiter=" … ",
            ),
        )
    else:
        results = results.annotate(
            search_source=_postgresql_document(),
            search_words=Value(" ".join(parsed.words())),
        )
    return results.order_by("-rank", "-published_at", "-pk")


def _postgresql_document():
    """Dek, body text and transcript, for the passage: computed for one page of results."""
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


def _sqlite(articles, parsed, rules):
    weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
    suffix = "" if rules == "english" else NO_STEM
    matching = articles.filter(search_entry__isnull=False).filter(
        RawSQL(f"{FTS_TABLE} MATCH %s", [parsed.fts5(suffix)], output_field=BooleanField())
    )
    results = matching.filter(pk__in=_newest_matches(matching)).annotate(
        rank=RawSQL(f"bm25({FTS_TABLE}, {weights})", [])
    )
    if rules == "english":
        results = results.annotate(
            snippet=RawSQL(
                f"snippet({FTS_TABLE}, -1, %s, %s, %s, {SNIPPET_WORDS})", [START, STOP, "…"]
            ),
        )
    else:
        results = results.annotate(
            search_source=RawSQL(f"{FTS_TABLE}.original", []),
            search_words=Value(" ".join(parsed.words())),
        )
    # bm25() is better when lower.
    return results.order_by("rank", "-published_at", "-pk")


# Passages ---------------------------------------------------------------------------------

# Arabic writes the article and some prepositions as part of the word (المدينة, بالمدينة,
# والمدينة): a passage marks the word whichever it carries, as PostgreSQL's stemmer finds it.
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")


def _word_key(word: str, rules: str) -> str:
    if rules == "arabic":
        for prefix in _ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                return word[len(prefix) :]
    return word


def _is_edge(char: str) -> bool:
    return unicodedata.category(char)[0] in "PSZ"


def passage(text: str, words, rules: str, size: int = SNIPPET_WORDS) -> str:
    """
    The passage of ``text`` (a story's own words) with the most of ``words`` (folded
    query words), ``size`` words long, each match between START and STOP; "" when no
    word of ``text`` matches.
    """
    keys = {_word_key(word, rules) for word in words}
    chunks = (text or "").split()
    # Folding the whole text at once is fast; it keeps the words where they were but
    # for rare characters that NFKC spells as several words (ﷺ), which are folded alone.
    folded = normalise(text or "", rules).split()
    if len(folded) != len(chunks):
        folded = [normalise(chunk, rules) for chunk in chunks]
    hits = [
        index
        for index, chunk in enumerate(folded)
        # A substring test first: most words of a long text contain no key at all.
        if any(key in chunk for key in keys)
        and any(_word_key(word, rules) in keys for word in _WORD.findall(chunk))
    ]
    if not hits:
        return ""
    # The window of ``size`` words, starting a few words before a match, with the most.
    best_start, best_count, last = 0, -1, 0
    for first, hit in enumerate(hits):
        start = max(0, hit - 3)
        last = max(last, first)
        while last + 1 < len(hits) and hits[last + 1] < start + size:
            last += 1
        count = last - first + 1
        if count > best_count:
            best_start, best_count = start, count
    end = min(len(chunks), best_start + size)
    marked = set(hits)
    parts = []
    for index in range(best_start, end):
        chunk = chunks[index]
        if index in marked:
            # Punctuation around the word stays outside the mark.
            left, right = 0, len(chunk)
            while left < right and _is_edge(chunk[left]):
                left += 1
            while right > left and _is_edge(chunk[right - 1]):
                right -= 1
            chunk = f"{chunk[:left]}{START}{chunk[left:right]}{STOP}{chunk[right:]}"
        parts.append(chunk)
    before = "… " if best_start > 0 else ""
    after = " …" if end < len(chunks) else ""
    return f"{before}{' '.join(parts)}{after}"


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
    raw = getattr(article, "snippet", None)
    if raw is None and hasattr(article, "search_source"):
        words = (getattr(article, "search_words", "") or "").split()
        raw = passage(article.search_source, words, rules_for(article.edition))
    raw = raw or ""
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

    def passage_source(self):
        """What a passage is cut from: everything but the headline, shown anyway."""
        return "\n".join([self.dek, self.body, self.transcript])


def plain_text(markup: str) -> str:
    """Sanitized HTML as the words a reader sees."""
    return " ".join(html.unescape(strip_tags(markup or "")).split())


# The indexed texts are plain text, but PostgreSQL's parser reads "<...>" as a markup
# tag and indexes no word inside it: a headline that quotes "<b>" or "a < b" would lose
# words. Angle brackets are never words, so they become spaces.
_NOT_MARKUP = str.maketrans("<>", "  ")


def document_of(article: Article) -> SearchDocument:
    """A story's searchable text as written; the transcript costs one query."""
    turns = Turn.objects.filter(interview__article_id=article.pk).order_by("position")
    body = " ".join(filter(None, [article.dateline, plain_text(article.body_html)]))
    return SearchDocument(
        headline=article.headline.translate(_NOT_MARKUP),
        dek=article.dek.translate(_NOT_MARKUP),
        body=body.translate(_NOT_MARKUP),
        transcript="\n".join(turns.values_list("text", flat=True)).translate(_NOT_MARKUP),
    )


def _folded(document: SearchDocument, rules: str, suffix: str = "") -> SearchDocument:
    """The document as the engines index it under ``rules``."""

    def fold(text):
        text = query_text(text, rules)
        return _WORD.sub(lambda match: match[0] + suffix, text) if suffix else text

    return SearchDocument(
        headline=fold(document.headline),
        dek=fold(document.dek),
        body=fold(document.body),
        transcript=fold(document.transcript),
    )


def reindex_article(article: Article) -> None:
    """
    Write the search entry of ``article`` from its saved fields and turns, with its
    edition's rules.

    Call it after the story and its interview turns are saved (two queries: the
    turns, then the write; a third if ``edition`` was deferred).
    """
    rules = rules_for(article.edition)
    original = document_of(article)
    using = router.db_for_write(Article, instance=article)
    if engine(using) == "postgresql":
        config = CONFIGS[rules]
        document = _folded(original, rules)

        def stemmed(text):
            return Value(_stemmer_text(text, config))

        vector = (
            SearchVector(stemmed(document.headline), weight="A", config=config)
            + SearchVector(stemmed(document.dek), weight="B", config=config)
            + SearchVector(
                stemmed(document.body), stemmed(document.transcript), weight="C", config=config
            )
        )
        if _has_phrase_copy(config):
            everything = "\n".join(
                [document.headline, document.dek, document.body, document.transcript]
            )
            vector += SearchVector(Value(everything), weight="D", config=PHRASE_CONFIG)
        Article.objects.using(using).filter(pk=article.pk).update(search_vector=vector)
        return
    document = _folded(original, rules, "" if rules == "english" else NO_STEM)
    source = "" if rules == "english" else original.passage_source()
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, headline, dek, body, transcript, original) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [
                article.pk,
                document.headline,
                document.dek,
                document.body,
                document.transcript,
                source,
            ],
        )


def reindex_all() -> int:
    """Rebuild the whole index (every story, public or not); return how many were indexed."""
    using = router.db_for_write(Article)
    count = 0
    with transaction.atomic(using=using):
        if engine(using) == "sqlite":
            with connections[using].cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
        articles = Article.objects.using(using).only(
            "headline", "dek", "dateline", "body_html", "edition"
        )
        for article in articles.order_by("pk").iterator(chunk_size=200):
            reindex_article(article)
            count += 1
    return count
