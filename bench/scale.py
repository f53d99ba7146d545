"""
Newsroom scale on PostgreSQL: 100,000 stories and 1,000,000 comments, and the server
time of the pages editors, moderators and readers use most.

    .venv/bin/python bench/scale.py                 # database newsroom_scale on 127.0.0.1
    .venv/bin/python bench/scale.py --explain       # also EXPLAIN ANALYZE each page's slowest query
    .venv/bin/python bench/scale.py --database-url postgres://postgres@127.0.0.1:5432/other

The database is created and seeded once (COPY through psycopg, a progress bar on
stderr; a few minutes on 2 cores) and reused afterwards. Every page is asked for
in-process with the Django test client, DEBUG off: one warm-up, then the median of
5. Public pages are asked with the bench-only forced miss (bench/middleware.py), so they
are rendered, not read from the page cache. Target: each page at most 150 ms.
Prints figures and PASS/MISS; exits 0 either way: it is not a test.
"""

import argparse
import hashlib
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
                slug=f"scale-{n}", defaults={"name": f"Desk {n}", "position": 10 + n}
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


def pages():
    from django.contrib.auth.models import User

    admin = User.objects.get(username="scale-admin")
    moderator = User.objects.get(username="scale-moderator")
    miss = {benchlib.MISS_HEADER: "miss"}
    return [
        ("admin story list", "/admin/articles/article/", admin, {}),
        ("admin comment list", "/admin/comments/comment/", admin, {}),
        ("moderation queue", "/moderation/", moderator, {}),
        ("search, common word", "/search/?q=harbour", None, {}),
        (f"search, rare word ({RARE_WORD})", f"/search/?q={RARE_WORD}", None, {}),
        ("front page", "/", None, miss),
        ("tag page 1,000 (harbour)", "/tag/harbour/?page=1000", None, miss),
    ]


def measure(explain=False):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = []
    for name, path, user, headers in pages():
        client = Client(HTTP_HOST="127.0.0.1", headers=headers)
        if user is not None:
            client.force_login(user)
        response = client.get(path)  # warm-up
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
        results.append((name, path, statistics.median(timings), len(queries), slowest))
        benchlib.log(f"  {name}: {statistics.median(timings):.1f} ms")
        if explain:
            for query in queries.captured_queries:
                if float(query["time"]) >= 0.005:
                    print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n--- {name}: slowest query ({float(slowest['time']) * 1000:.1f} ms)")
            print(slowest["sql"][:600])
            print(plan)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/newsroom_scale"
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE slowest queries")
    args = parser.parse_args(argv)
    benchlib.stop_on_sigterm()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-scale-"))
    static_root = Path(tempfile.gettempdir()) / "newsroom-bench-static"
    env = benchlib.server_env(
        database_url=args.database_url, redis_url="", static_root=static_root, workdir=workdir
    )
    benchlib.setup_django(env)
    benchlib.prepare_database(static_root=static_root)
    if seeded():
        benchlib.log("reusing the seeded database")
    else:
        benchlib.log(f"seeding {STORIES:,} stories and {COMMENTS:,} comments ...")
        seed()
    results = measure(explain=args.explain)

    from articles.models import Article
    from comments.models import Comment

    print(f"\nnewsroom bench/scale.py, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {benchlib.machine_line()}")
    print(
        f"data: PostgreSQL, {Article.objects.count():,} stories, "
        f"{Comment.objects.count():,} comments; in-process test client, DEBUG off, "
        "median of 5 after one warm-up"
    )
    print()
    print(f"{'page':<36}{'ms':>8}{'queries':>9}{'slowest query ms':>18}")
    for name, _, median_ms, count, slowest in results:
        print(f"{name:<36}{median_ms:>8.1f}{count:>9}{float(slowest['time']) * 1000:>18.1f}")
    print()
    for name, path, median_ms, _, _ in results:
        verdict = "PASS" if median_ms <= TARGET_MS else "MISS"
        print(f"{verdict}  {name} ({path}): {median_ms:.0f} ms (target <= {TARGET_MS} ms)")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
