"""
Newsroom scale on PostgreSQL: 100,000 stories, 1,000,000 comments and 100,000
moderation decisions, and the server time of the pages editors, moderators and
readers use most.

    .venv/bin/python bench/scale.py                 # database newsroom_scale on 127.0.0.1
    .venv/bin/python bench/scale.py --explain       # also EXPLAIN ANALYZE each page's slowest query
    .venv/bin/python bench/scale.py --only moderation   # the pages whose name has this word
    .venv/bin/python bench/scale.py --fraction 0.1  # a tenth of the data (newsroom_scale_10pct)
    .venv/bin/python bench/scale.py --database-url postgres://postgres@127.0.0.1:5432/other

The database is created and seeded once (COPY through psycopg, a progress bar on
stderr; a few minutes on 2 cores) and reused afterwards; the decisions are added to
a database seeded before they were (one INSERT ... SELECT, seconds). Every page is
asked for in-process with the Django test client, DEBUG off: one warm-up, then the
median of 5. Public pages are asked with the bench-only forced miss
(bench/middleware.py), so they are rendered, not read from the page cache. The
baseline, measured the same way in the same run, is /robots.txt: the whole
middleware stack and a template, no query; each page is also given as a ratio to it.
Target: each page at most 150 ms. The report queue is timed when its address exists
(a comments URL named like "report"); otherwise a line says it was skipped. With the
dashboard, it also times the dashboard's live read of the seed's busiest hour and
busiest ten minutes (what a view reads before they have ended: the seed ends when it
was made, so the hour a run reads live is nearly empty). Campaign grouping at volume
is bench/campaigns.py. Prints figures and PASS/MISS; exits 0 either way: it is not a
test.
"""

import argparse
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import benchlib

STORIES = 100_000
COMMENTS = 1_000_000
DECISIONS = 100_000  # 1% of them reversals
DECISION_DAYS = 60  # the decisions are those of comments decided in these last days
MODERATORS = 12
BIG_TAG_EVERY = 5  # 20,000 stories carry "harbour": page 1,000 of its listing exists
RARE_WORD = "quillwort"  # in a handful of stories
TARGET_MS = 150
SEED = 20240607


class Progress:
    """A progress bar on stderr: ``label [#####.....] 50% 500,000/1,000,000``."""

    def __init__(self, label, total):
        self.label, self.total, self.done, self.shown = label, total, 0, -1
        self.started = time.monotonic()

    def advance(self, count=1):
        self.done += count
        percent = self.done * 100 // self.total
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4) + "." * (25 - percent // 4)
            print(
                f"\r  {self.label:<10} [{bar}] {percent:3d}% {self.done:,}/{self.total:,}",
                end="",
                file=sys.stderr,
                flush=True,
            )

    def finish(self):
        print(f"  {time.monotonic() - self.started:.0f} s", file=sys.stderr, flush=True)


def copy_instances(model, instances, progress=None):
    """COPY model instances into their table, every concrete column but the id."""
    from django.db import connection

    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for instance in instances:
                copy.write_row(
                    [
                        field.get_db_prep_save(getattr(instance, field.attname), connection)
                        for field in fields
                    ]
                )
                if progress is not None:
                    progress.advance()


def seeded():
    from articles.models import Article
    from comments.models import Comment

    return (
        Article.objects.filter(slug__startswith="scale-").count() >= STORIES
        and Comment.objects.count() >= COMMENTS
    )


def scale_down(fraction):
    """Seed and measure ``fraction`` of the data (--fraction), for slower machines."""
    global STORIES, COMMENTS, DECISIONS
    STORIES = max(1_000, int(STORIES * fraction))
    COMMENTS = max(10_000, int(COMMENTS * fraction))
    DECISIONS = max(1_000, int(DECISIONS * fraction))


# The moderators' names, as a Kurdish and Arabic newsroom's staff would have them.
MODERATOR_NAMES = [
    ("ئاراس", "عەبدوڵڵا"),
    ("ليلى", "الحسيني"),
    ("Rosa", "Vidal"),
    ("هەژار", "کەریم"),
    ("محمد", "الراشد"),
    ("Ines", "Carvalho"),
]


def seed_decisions():
    """
    DECISIONS moderation decisions, made by MODERATORS moderators: the first decision
    (as the services record it) of comments decided in the last DECISION_DAYS days,
    chosen evenly among them, and a reversal (an approval taken back as spam two
    hours later) for 1 in 100 of them. INSERT ... SELECT, in the database. As the
    comments, they are densest on the last day (seed() puts the comments that would
    be in the future there).
    """
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction

    from comments.models import Decision

    if Decision.objects.exists():
        return False
    started = time.monotonic()
    group = Group.objects.get(name="Moderator")
    ids = []
    for n in range(MODERATORS):
        first, last = MODERATOR_NAMES[n % len(MODERATOR_NAMES)]
        user, created = User.objects.get_or_create(
            username=f"scale-moderator-{n}",
            defaults={"is_staff": True, "first_name": first, "last_name": f"{last} {n}"},
        )
        if created:
            user.groups.add(group)
        ids.append(user.pk)
    reversals = DECISIONS // 100
    first = DECISIONS - reversals
    benchlib.log(f"  decisions: {first:,} first decisions and {reversals:,} reversals ...")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE TEMPORARY TABLE scale_decided ON COMMIT DROP AS
            SELECT id, status, rejection_reason, decided_at
            FROM comments_comment
            WHERE status <> 'pending' AND decided_at <= now()
                AND decided_at > now() - make_interval(days => %s)
            ORDER BY md5(id::text) LIMIT %s
            """,
            [DECISION_DAYS, first],
        )
        cursor.execute(
            """
            INSERT INTO comments_decision
                (comment_id, moderator_id, action, reason, previous_status, decided_at)
            SELECT id, (%s::int[])[1 + id %% %s],
                CASE status WHEN 'approved' THEN 'approve' ELSE 'reject' END,
                rejection_reason, 'pending', decided_at
            FROM scale_decided
            """,
            [ids, len(ids)],
        )
        cursor.execute(
            """
            INSERT INTO comments_decision
                (comment_id, moderator_id, action, reason, previous_status, decided_at)
            SELECT id, (%s::int[])[1 + (id + 1) %% %s], 'reject', 'spam', 'approved',
                LEAST(decided_at + interval '2 hours', now())
            FROM scale_decided WHERE status = 'approved' AND id %% 80 = 0
            LIMIT %s
            """,
            [ids, len(ids), reversals],
        )
    with connection.cursor() as cursor:
        # Statistics, and the visibility map the index-only scans need.
        cursor.execute("VACUUM ANALYZE comments_decision")
    # A small --fraction has fewer decided comments in those days than asked for.
    benchlib.log(
        f"  {Decision.objects.count():,} decisions seeded in {time.monotonic() - started:.0f} s"
    )
    return True


def seed():
    from django.contrib.auth.models import Group, User
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Author, Byline, Section
    from comments.models import Comment, RejectionReason

    rng = random.Random(SEED)
    now = datetime.now(UTC)
    started = time.monotonic()
    with transaction.atomic():
        sections = [
            Section.objects.get_or_create(
                edition="en", slug=f"scale-{n}", defaults={"name": f"Desk {n}", "position": 10 + n}
            )[0]
            for n in range(8)
        ]
        authors = [
            Author.objects.get_or_create(
                slug=f"scale-author-{n}", defaults={"name": f"Reporter Number {n}"}
            )[0]
            for n in range(200)
        ]
        tags = [Tag.objects.get_or_create(slug="harbour", defaults={"name": "Harbour"})[0]]
        tags += [
            Tag.objects.get_or_create(slug=f"topic-{n}", defaults={"name": f"Topic {n}"})[0]
            for n in range(300)
        ]

        def stories():
            step = timedelta(days=3650) / STORIES
            for n in range(STORIES):
                body = benchlib.paragraphs(rng, rng.randint(120, 220), per_paragraph=60)
                if n % 20_000 == 7:
                    body += f" The {RARE_WORD} grows in the harbour shallows."
                html = "".join(f"<p>{part}</p>" for part in body.split("\n\n"))
                kind = rng.random()
                if kind < 0.02:
                    status, published = Article.Status.DRAFT, None
                elif kind < 0.03:
                    status, published = Article.Status.PUBLISHED, now + timedelta(days=2)
                else:
                    status, published = Article.Status.PUBLISHED, now - step * (n + 1)
                yield Article(
                    headline=f"{benchlib.sentence(rng, rng.randint(6, 11))[:-1]} ({n})",
                    slug=f"scale-{n}",
                    dek=benchlib.sentence(rng, 18),
                    dateline="PORT ELIN",
                    body=body,
                    body_html=html,
                    section=sections[n % len(sections)],
                    status=status,
                    published_at=published,
                    first_published_at=published,
                    created_at=(published or now) - timedelta(hours=3),
                    modified_at=(published or now) - timedelta(hours=1),
                )

        progress = Progress("stories", STORIES)
        copy_instances(Article, stories(), progress)
        progress.finish()
        ids = list(
            Article.objects.filter(slug__startswith="scale-")
            .order_by("id")
            .values_list("id", "published_at")
        )

        progress = Progress("bylines", len(ids))

        def bylines():
            for article_id, _ in ids:
                chosen = rng.sample(authors, rng.choice([1, 1, 2]))
                for position, author in enumerate(chosen, start=1):
                    yield Byline(article_id=article_id, author=author, position=position)
                progress.advance()

        copy_instances(Byline, bylines())
        progress.finish()

        article_type = ContentType.objects.get_for_model(Article)
        progress = Progress("tags", len(ids))

        def tagged():
            for index, (article_id, _) in enumerate(ids):
                chosen = rng.sample(tags[1:], 2)
                if index % BIG_TAG_EVERY == 0:
                    chosen.append(tags[0])
                for tag in chosen:
                    yield TaggedItem(tag=tag, content_type=article_type, object_id=article_id)
                progress.advance()

        copy_instances(TaggedItem, tagged())
        progress.finish()

        # Comments: half on 1,000 popular stories, half spread over the rest.
        live = [(pk, at) for pk, at in ids if at is not None and at <= now]
        popular = live[:1000]
        reasons = RejectionReason.values
        progress = Progress("comments", COMMENTS)

        def comments():
            for n in range(COMMENTS):
                article_id, published = rng.choice(popular if n % 2 else live)
                submitted = published + timedelta(minutes=rng.randint(1, 60 * 24 * 20))
                if submitted > now:
                    submitted = now - timedelta(seconds=rng.randint(60, 86400))
                body = benchlib.sentence(rng, rng.randint(8, 40))
                roll = rng.random()
                status = "approved" if roll < 0.90 else "rejected" if roll < 0.96 else "pending"
                yield Comment(
                    article_id=article_id,
                    name=f"Reader {n % 50_000}",
                    email=f"reader{n % 50_000}@example.org",
                    body=body,
                    fingerprint=hashlib.sha256(body.encode()).hexdigest(),
                    status=status,
                    submitted_at=submitted,
                    sender_hash=f"{n:064x}",
                    decided_at=None if status == "pending" else submitted + timedelta(hours=1),
                    rejection_reason=rng.choice(reasons) if status == "rejected" else "",
                )

        copy_instances(Comment, comments(), progress)
        progress.finish()

        benchlib.log("  search vectors (one UPDATE, the weights of articles/search.py) ...")
        with connection.cursor() as cursor:
            cursor.execute(SEARCH_VECTOR_SQL)
    with connection.cursor() as cursor:
        # Statistics for the planner, and the visibility map that index-only scans need
        # (autovacuum would get there, later).
        cursor.execute("VACUUM ANALYZE")
    admin, _ = User.objects.get_or_create(
        username="scale-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    moderator, created = User.objects.get_or_create(
        username="scale-moderator", defaults={"is_staff": True}
    )
    if created:
        moderator.groups.add(Group.objects.get(name="Moderator"))
    benchlib.log(f"seeded in {time.monotonic() - started:.0f} s")


# As articles.discovery.search.reindex_article(): headline (A), dek (B), dateline and the body's
# text with its tags removed, plus the transcript (C; these stories have none), all
# with the "english" configuration.
SEARCH_VECTOR_SQL = """
UPDATE articles_article SET search_vector =
    setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(dek, '')), 'B')
    || setweight(to_tsvector('english'::regconfig,
        concat_ws(' ', NULLIF(dateline, ''), regexp_replace(body_html, '<[^>]*>', ' ', 'g'))),
        'C')
WHERE slug LIKE 'scale-%'
"""


BASELINE = ("baseline: /robots.txt", "/robots.txt", None, {})
# Not headers: time_page() empties the cache (and, for EMPTY_CACHE, the moderation
# dashboard's table of ended days, comments.metrics DailyFigures) before each request.
EMPTY_CACHE = {"empty_cache": True}
TABLE_FILLED = {"empty_cache": "table filled"}


def report_queue_path():
    """The moderators' report queue, when the comments app has one: else None."""
    from django.urls import NoReverseMatch, get_resolver, reverse

    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "comments":
            continue
        for entry in pattern.url_patterns:
            if "report" in (entry.name or "") + str(entry.pattern):
                try:
                    return reverse(f"comments:{entry.name}")  # one without arguments
                except NoReverseMatch:
                    continue
    return None


def pages():
    from django.contrib.auth.models import User

    admin = User.objects.get(username="scale-admin")
    moderator = User.objects.get(username="scale-moderator")
    miss = {benchlib.MISS_HEADER: "miss"}
    chosen = [
        ("admin story list", "/admin/articles/article/", admin, {}),
        ("admin comment list", "/admin/comments/comment/", admin, {}),
        ("moderation queue", "/moderation/", moderator, {}),
        ("moderation dashboard", "/moderation/dashboard/", moderator, {}),
        # Its figures for ended hours are kept in the cache, and ended days in a table too.
        # Both emptied before each request: every one of the 14 days is read again (the
        # first view ever, or after the table is emptied).
        ("moderation dashboard, empty cache", "/moderation/dashboard/", moderator, EMPTY_CACHE),
        # The cache emptied, the table kept: the first view after the cache is lost.
        (
            "moderation dashboard, table filled, cache empty",
            "/moderation/dashboard/",
            moderator,
            TABLE_FILLED,
        ),
        ("search, common word", "/en/search/?q=harbour", None, {}),
        (f"search, rare word ({RARE_WORD})", f"/en/search/?q={RARE_WORD}", None, {}),
        ("front page", "/en/", None, miss),
        ("tag page 1,000 (harbour)", "/en/tag/harbour/?page=1000", None, miss),
    ]
    reports = report_queue_path()
    if reports:
        chosen.insert(4, ("moderation report queue", reports, moderator, {}))
    else:
        benchlib.log("  no report queue in comments' URLs yet: skipped")
    return chosen


def time_page(path, user, headers):
    """(median ms of 5 after a warm-up, queries of one more request)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from comments.models import DailyFigures

    empty_cache = headers is EMPTY_CACHE or headers is TABLE_FILLED

    def empty():
        cache.clear()
        if headers is EMPTY_CACHE:
            DailyFigures.objects.all().delete()

    client = Client(HTTP_HOST="127.0.0.1", headers={} if empty_cache else headers)
    if user is not None:
        client.force_login(user)
    response = client.get(path)  # warm-up
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code}")
    timings = []
    for _ in range(5):
        if empty_cache:
            empty()
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    if empty_cache:
        empty()
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return statistics.median(timings), queries.captured_queries


def measure(explain=False, only=""):
    from django.db import connection

    baseline_ms, _ = time_page(*BASELINE[1:])
    benchlib.log(f"  {BASELINE[0]}: {baseline_ms:.1f} ms")
    results = []
    for name, path, user, headers in pages():
        if only and only not in name:
            continue
        try:
            median_ms, captured = time_page(path, user, headers)
        except RuntimeError as error:
            if "report" not in name:
                raise
            benchlib.log(f"  {name}: skipped, {error} (is it the queue?)")
            continue
        slowest = max(captured, key=lambda query: float(query["time"]), default=None)
        results.append((name, path, median_ms, len(captured), slowest))
        benchlib.log(f"  {name}: {median_ms:.1f} ms")
        if explain and slowest is not None:
            for query in captured:
                if float(query["time"]) >= 0.005:
                    print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n--- {name}: slowest query ({float(slowest['time']) * 1000:.1f} ms)")
            print(slowest["sql"][:600])
            print(plan)
    return baseline_ms, results


def busiest_span_ms(minutes):
    """
    The dashboard's live read (comments.metrics.queries.read_spans) of the seed's
    busiest span of ``minutes`` minutes (by decisions): what a view at its end reads
    when the span has not ended yet. (ms, median of 5 after a warm-up; comments; decisions)
    """
    from datetime import timedelta

    from django.db import connection

    from comments.metrics import queries
    from comments.models import Comment, Decision

    period = queries.Period.last_days()
    with connection.cursor() as cursor:
        # Spans counted from the top of the hour, in UTC (the local hours of a zone
        # with a whole-hour offset): the busiest by decisions, in the period.
        cursor.execute(
            """
            SELECT date_trunc('hour', decided_at)
                + floor(date_part('minute', decided_at) / %s) * %s * interval '1 minute'
            FROM comments_decision WHERE decided_at >= %s
            GROUP BY 1 ORDER BY count(*) DESC LIMIT 1
            """,
            [minutes, minutes, period.start],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    start = found[0]
    end = start + timedelta(minutes=minutes)
    spans = [(start, end, None)]
    at_end = queries.Period(start=period.start, end=end, days=period.days)
    queries.read_spans(at_end, spans)  # warm-up
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        queries.read_spans(at_end, spans)
        timings.append((time.perf_counter() - started) * 1000)
    comments = Comment.objects.filter(submitted_at__gte=start, submitted_at__lt=end).count()
    decisions = Decision.objects.filter(decided_at__gte=start, decided_at__lt=end).count()
    return statistics.median(timings), comments, decisions


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE slowest queries")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    parser.add_argument(
        "--fraction",
        type=float,
        default=1.0,
        help="seed this fraction of the data (default 1: the full volume)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.fraction <= 1:
        parser.error("--fraction is a number above 0, at most 1")
    database_url = args.database_url or "postgres://postgres@127.0.0.1:5432/newsroom_scale"
    if args.fraction < 1:
        scale_down(args.fraction)
        if not args.database_url:
            database_url += f"_{round(args.fraction * 100)}pct"
    benchlib.stop_on_sigterm()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-scale-"))
    static_root = Path(tempfile.gettempdir()) / "newsroom-bench-static"
    env = benchlib.server_env(
        database_url=database_url, redis_url="", static_root=static_root, workdir=workdir
    )
    benchlib.setup_django(env)
    benchlib.prepare_database(static_root=static_root)
    if seeded():
        benchlib.log("reusing the seeded database")
    else:
        benchlib.log(f"seeding {STORIES:,} stories and {COMMENTS:,} comments ...")
        seed()
    seed_decisions()
    baseline_ms, results = measure(explain=args.explain, only=args.only)

    from articles.models import Article
    from comments.models import Comment, Decision

    print(f"\nnewsroom bench/scale.py, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {benchlib.machine_line()}; load average {os.getloadavg()[0]:.2f}")
    print(
        f"data: PostgreSQL, {Article.objects.count():,} stories, "
        f"{Comment.objects.count():,} comments, {Decision.objects.count():,} decisions; "
        "in-process test client, DEBUG off, median of 5 after one warm-up"
    )
    print(f"baseline: /robots.txt (no query) {baseline_ms:.1f} ms, measured in this run")
    print()
    print(f"{'page':<36}{'ms':>8}{'x base':>8}{'queries':>9}{'slowest query ms':>18}")
    for name, _, median_ms, count, slowest in results:
        slowest_ms = float(slowest["time"]) * 1000 if slowest else 0.0
        ratio = median_ms / baseline_ms
        print(f"{name:<36}{median_ms:>8.1f}{ratio:>8.1f}{count:>9}{slowest_ms:>18.1f}")
    print()
    if any("dashboard" in name for name, *_ in results):
        print()
        for minutes, what in ((60, "hour"), (10, "ten minutes")):
            found = busiest_span_ms(minutes)
            if found is not None:
                ms, comments, decisions = found
                print(
                    f"dashboard, the busiest {what} read live: {ms:.1f} ms "
                    f"({comments:,} comments, {decisions:,} decisions in it)"
                )
    print()
    for name, path, median_ms, _, _ in results:
        verdict = "PASS" if median_ms <= TARGET_MS else "MISS"
        print(f"{verdict}  {name} ({path}): {median_ms:.0f} ms (target <= {TARGET_MS} ms)")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
