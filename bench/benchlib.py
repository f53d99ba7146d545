"""
What the benchmarks in bench/ share: Django set up against a throwaway database,
the benchmark story and a front page's worth of stories, the production server
(gunicorn as `make serve` runs it) on a free loopback port, and two load
generators (wrk when installed, else threads with keep-alive http.client).

Nothing here is a test: figures are printed, nothing fails a build.
"""

import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"  # a db number the benchmarks alone use
BENCH_SECRET_KEY = "bench-only-" + "k" * 50  # a throwaway site: never a real key
MISS_HEADER = "X-Newsroom-Bench"  # with the value "miss": see bench/middleware.py
STORY_SLUG = "bench-harbour-dredging-interview"


def log(message):
    print(message, file=sys.stderr, flush=True)


def stop_on_sigterm():
    """A terminated benchmark still stops the servers it started (its finally blocks run)."""

    def handle(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, handle)


# Django ------------------------------------------------------------------------------------


def server_env(*, database_url, redis_url, static_root, workdir, generations="cache"):
    """
    The environment of the production server, also used by the in-process Django.
    ``generations``: "cache" (in Redis, as several hosts need) or "file" (the single-host
    store, NEWSROOM_PAGE_GENERATIONS_FILE, in the temp dir).
    """
    env = dict(os.environ)
    env.pop("NEWSROOM_PAGE_GENERATIONS_FILE", None)
    if generations == "file":
        env["NEWSROOM_PAGE_GENERATIONS_FILE"] = str(Path(workdir) / "page-generations")
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=BENCH_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_MEDIA_ROOT=str(Path(workdir) / "media"),
        DJANGO_LOG_LEVEL="ERROR",
        # Production settings plus the bench's hooks (a forced page-cache miss, the
        # raw-bytes view): bench/settings_bench.py.
        DJANGO_SETTINGS_MODULE="bench.settings_bench",
        PYTHONPATH=str(ROOT),
        NEWSROOM_BENCH_BYTES=str(Path(workdir) / "story.html"),
    )
    return env


def start_django(*, prefix, database_url, redis_url, generations="cache"):
    """
    A fresh temp dir, the shared collected-static dir, the server's environment, and
    this process configured like the server: (workdir, static_root, database_url, env).
    Without ``database_url``, a new SQLite file in the temp dir.
    """
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    static_root = Path(tempfile.gettempdir()) / "newsroom-bench-static"
    database_url = database_url or sqlite_url(workdir / "bench.sqlite3")
    env = server_env(
        database_url=database_url,
        redis_url=redis_url,
        static_root=static_root,
        workdir=workdir,
        generations=generations,
    )
    setup_django(env)
    return workdir, static_root, database_url, env


def ensure_database(url):
    """Create the database named in ``url`` when it does not exist."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(env):
    """Configure this process like the server (same database, same Redis) and set Django up."""
    if env["DATABASE_URL"].startswith("postgres"):
        ensure_database(env["DATABASE_URL"])
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def prepare_database(*, static_root, collect=True):
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if collect:
        # Every time: it copies only what changed, and a file added since the last
        # run would otherwise be missing from the manifest (a 500 on every page).
        call_command("collectstatic", verbosity=0, interactive=False)


def sqlite_url(path):
    return f"sqlite:///{path}"


# Seeding -----------------------------------------------------------------------------------

WORDS = (
    "harbour council ferry dredging tide channel fishermen quay berth pilot vessel cargo "
    "island mayor budget vote plan residents coast storm season engineers survey depth "
    "silt crane wharf ledger report water town school housing market river bridge shore "
    "the a of and to in that for on with as at by from was were is are be has had said "
    "would could after before while during since under over between about against new "
    "old long short first last early late public local regional national small large "
    "work study money cost year month week morning evening night day hour people family "
    "boat net catch license permit inspector lighthouse beacon buoy keel hull deck mast"
).split()


def sentence(rng, words):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraphs(rng, total_words, *, per_paragraph=90):
    """Plain paragraphs separated by blank lines, ``total_words`` words in all."""
    out, left = [], total_words
    while left > 0:
        size = min(left, per_paragraph)
        sentences, used = [], 0
        while used < size:
            n = min(size - used, rng.randint(8, 18))
            sentences.append(sentence(rng, n))
            used += n
        out.append(" ".join(sentences))
        left -= size
    return "\n\n".join(out)


BENCH_TAGS = ["Harbour", "Ferries", "Council", "Fisheries", "Weather", "Budget", "Schools", "Homes"]


@dataclass
class Seeded:
    story_url: str
    front_url: str
    tag_url: str
    search_url: str
    story_pk: int


def seed(*, extra_stories=36):
    """
    The benchmark story (1,000-word body, 40 turns, 50 approved comments, 8 tags,
    2 authors) and ``extra_stories`` more across four sections, all tagged
    "Harbour" (a full tag page) and searchable. Idempotent: an existing
    benchmark story is reused.
    """
    from django.db import transaction
    from django.utils import timezone

    from articles.discovery import search
    from articles.models import Article, Author, Byline, Interview, Participant, Section, Turn
    from comments.models import Comment, body_as_html, fingerprint

    existing = Article.objects.filter(slug=STORY_SLUG).first()
    if existing is None:
        rng = random.Random(20240607)
        now = timezone.now()
        with transaction.atomic():
            sections = [
                Section.objects.get_or_create(
                    edition="en", slug=slug, defaults={"name": slug.title(), "position": position}
                )[0]
                for position, slug in enumerate(["news", "coast", "business", "opinion"])
            ]
            authors = [
                Author.objects.get_or_create(
                    slug=slug,
                    defaults={"name": name, "handle": handle, "profile_url": url, "role": role},
                )[0]
                for slug, name, handle, url, role in [
                    (
                        "bench-ines",
                        "Ines Carvalho",
                        "@ines",
                        "https://social.example/@ines",
                        "Harbour reporter",
                    ),
                    ("bench-tomas", "Tomas Berg", "@tberg", "", "Photographer"),
                ]
            ]
            for n in range(extra_stories):
                article = Article.objects.create(
                    headline=f"Harbour council story number {n}: ferry timetable and budget",
                    slug=f"bench-story-{n}",
                    dek="A short summary line for a story on the front page.",
                    dateline="PORT ELIN",
                    body=paragraphs(rng, 300),
                    section=sections[n % len(sections)],
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(hours=n + 2),
                )
                for position, author in enumerate(authors, start=1):
                    Byline.objects.create(article=article, author=author, position=position)
                article.tags.add("Harbour", BENCH_TAGS[1 + n % 7])

            story = Article.objects.create(
                headline="Dredging the harbour: the pilot who knows every metre of the channel",
                slug=STORY_SLUG,
                dek="An interview with the harbour's longest-serving pilot on silt, tides and "
                "the plan to deepen the channel.",
                dateline="PORT ELIN, Northland",
                body=paragraphs(rng, 1000),
                section=sections[1],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=1),
            )
            Byline.objects.create(article=story, author=authors[0], position=1)
            Byline.objects.create(
                article=story, author=authors[1], position=2, role=Byline.Role.PHOTOGRAPHER
            )
            story.tags.add(*BENCH_TAGS)
            interview = Interview.objects.create(
                article=story,
                intro="What follows is a transcript of the interview.",
                recorded_on=now.date(),
                recorded_at="On the pilot boat; Port Elin",
            )
            asker = Participant.objects.create(
                interview=interview,
                name="The Harbour Ledger",
                label="Ledger",
                is_interviewer=True,
                position=1,
            )
            pilot = Participant.objects.create(
                interview=interview,
                name="Mara Lindqvist",
                label="Lindqvist",
                role="Harbour pilot",
                position=2,
            )
            Turn.objects.bulk_create(
                Turn(
                    interview=interview,
                    participant=asker if position % 2 else pilot,
                    position=position,
                    text=(
                        sentence(rng, 14)
                        if position % 2
                        else paragraphs(rng, rng.randint(40, 110), per_paragraph=50)
                    ),
                    timecode=f"{position // 2:02d}:{position % 60:02d}",
                )
                for position in range(1, 41)
            )
            bodies = []
            for n in range(50):
                body = paragraphs(rng, rng.randint(20, 90), per_paragraph=45)
                if n % 10 == 0:
                    body += " More at https://example.org/harbour-plan"
                bodies.append(body)
            Comment.objects.bulk_create(
                Comment(
                    article=story,
                    name=f"Reader {n}",
                    email=f"reader{n}@example.org",
                    body=body,
                    fingerprint=fingerprint(body),
                    body_html=body_as_html(body),  # as Comment.save() makes it
                    status=Comment.Status.APPROVED,
                    sender_hash=f"{n:064d}",
                    submitted_at=now - timedelta(minutes=55 - n),
                    decided_at=now - timedelta(minutes=50 - n),
                )
                for n, body in enumerate(bodies)
            )
        search.reindex_all()
        existing = story
    return Seeded(
        story_url=existing.get_absolute_url(),
        front_url="/en/",
        tag_url="/en/tag/harbour/",
        search_url="/en/search/?q=harbour+ferry",
        story_pk=existing.pk,
    )


def clear_cache():
    """Empty the benchmark's own cache (a Redis db number nothing else uses)."""
    from django.core.cache import cache

    cache.clear()


# The server --------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_workers():
    return (os.cpu_count() or 1) * 2 + 1  # as `make serve`


class Server:
    """gunicorn as `make serve` starts it, on 127.0.0.1:<port>; stopped by its own pid."""

    def __init__(self, *, env, port, workers, logdir, access_log=True):
        self.port = port
        self.access_log = access_log
        self.workers = workers
        self.log_path = Path(logdir) / "gunicorn.log"
        self.access_path = Path(logdir) / "access.log"
        self.process = None
        self.env = env

    def start(self, timeout=30):
        command = [
            str(GUNICORN),
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--forwarded-allow-ips=127.0.0.1",
        ]
        if self.access_log:
            command += ["--access-logfile", str(self.access_path)]
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                status, _, _ = fetch(self.port, "/robots.txt")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()


def fetch(port, path, headers=None, *, method="GET", timeout=10):
    """One request: (status, headers as a dict with lower-case names, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


# Load --------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    generator: str


def have_wrk():
    return shutil.which("wrk") is not None


def _wrk_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(name, port, path, *, headers=None, seconds=5, connections=8, threads=2):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "5s",
        "-H",
        "Host: 127.0.0.1",
    ]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.M))
    if "50" not in latency or "99" not in latency:
        raise RuntimeError(f"could not read wrk's latency distribution:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    errors = int(bad.group(1)) if bad else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Result(name, rps, _wrk_ms(latency["50"]), _wrk_ms(latency["99"]), total, errors, "wrk")


def run_python(name, port, path, *, headers=None, seconds=5, connections=8, threads=None):
    """Threads with keep-alive http.client connections (reconnecting when the server closes)."""
    stop_at = time.perf_counter() + seconds
    latencies, errors, lock = [], [0], threading.Lock()
    sent = {"Host": "127.0.0.1", **(headers or {})}

    def worker():
        mine, failed = [], 0
        connection = None
        while time.perf_counter() < stop_at:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=sent)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = None
                continue
            mine.append(time.perf_counter() - start)
        if connection is not None:
            connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return Result(name, 0.0, float("nan"), float("nan"), 0, errors[0], "python")
    return Result(
        name,
        len(latencies) / elapsed,
        percentile(latencies, 50) * 1000,
        percentile(latencies, 99) * 1000,
        len(latencies),
        errors[0],
        "python",
    )


def percentile(ordered, pct):
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def median(values):
    return statistics.median(values)


def machine_line():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]}"
