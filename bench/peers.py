"""
newsroom's story page next to a stock Wagtail 8 page with the same content, in one
interleaved run (the peer harness in /work/shared/peers, see its README.md).

    .venv/bin/python bench/peers.py                 # all targets, 3 interleaved runs of 5 s
    RUNS=5 SECS=10 .venv/bin/python bench/peers.py  # longer runs
    .venv/bin/python bench/peers.py --harness       # the harness's own run_all.sh, with
                                                    # the full render as its CANDIDATE_URL

Seeds a SQLite database in a temp dir with one story of the harness's shape (a
1,000-word body in 10 paragraphs, 40 transcript turns of 55-65 words, 8 tags, 50
approved comments of 35-45 words and 5 pending ones that must not show), then serves
it with gunicorn (2 sync workers, DEBUG off, no access log, as the Wagtail peer runs)
on loopback ports:

- 8103, the full render: bench/settings_cold.py (every cache cold: nothing is ever
  found nor kept, each request renders the whole page);
- 8104, production settings with Redis: the page-cache hit, and the 304 answered to a
  reader who has the page (If-None-Match);
- 8105, the same without the per-process copies in front of Redis (LocalPages off);
- 8106, the same with the generations in a memory-mapped file instead of Redis.

The Wagtail peer (8101) and the nginx static ceiling (8102) are started with the
harness's own scripts. Each run is one bounded wrk run (-t2 -c16, as measure.sh);
targets are interleaved so that the VM's drift hits them alike, and every figure is
also given as a ratio to Wagtail's in the same run. Only servers this script started
are stopped, by their own process or pid file.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import benchlib

PEERS = Path(os.environ.get("PEERS_DIR", "/work/shared/peers"))
STORY_SLUG = "transit-chief-interview"
TAGS = ["Transit", "Buses", "Budget", "City Hall", "Rail", "Commuters", "Fares", "Interview"]

# wrk's own exact figures, as the harness's measure.sh takes them.
LUA = """
done = function(s, latency, requests)
  local e = s.errors
  io.write(string.format("WRK %.1f %.2f %.2f %d %d\\n", s.requests / (s.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def words(rng, n):
    return benchlib.sentence(rng, n)


def seed_peers():
    """The harness's content shape (news/management/commands/seed_peers.py), in newsroom."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Author, Byline, Interview, Participant, Section, Turn
    from comments.models import Comment, body_as_html, fingerprint

    story = Article.objects.filter(slug=STORY_SLUG).first()
    if story is not None:
        return story
    rng = random.Random(8)
    now = timezone.now()
    with transaction.atomic():
        section = Section.objects.create(slug="city", name="City", position=0)
        for position, slug in enumerate(["news", "business", "opinion"], start=1):
            Section.objects.create(slug=slug, name=slug.title(), position=position)
        author = Author.objects.create(
            slug="dana-okafor",
            name="Dana Okafor",
            handle="@dokafor",
            profile_url="https://social.example/@dokafor",
            role="City hall reporter",
        )
        story = Article.objects.create(
            headline="The transit chief on fares, buses and the next ten years",
            slug=STORY_SLUG,
            dek="An interview with the head of the city's transit authority.",
            dateline="PORT ELIN",
            body="\n\n".join(words(rng, 100) for _ in range(10)),
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=1),
        )
        Byline.objects.create(article=story, author=author, position=1)
        story.tags.add(*TAGS)
        interview = Interview.objects.create(article=story)
        asker = Participant.objects.create(
            interview=interview, name="Dana Okafor", label="Okafor", is_interviewer=True, position=1
        )
        chief = Participant.objects.create(
            interview=interview, name="Sam Reyes", label="Reyes", role="Transit chief", position=2
        )
        Turn.objects.bulk_create(
            Turn(
                interview=interview,
                participant=asker if position % 2 else chief,
                position=position,
                text=words(rng, rng.randint(55, 65)),
            )
            for position in range(1, 41)
        )
        comments = []
        for n in range(55):
            body = words(rng, rng.randint(35, 45))
            comments.append(
                Comment(
                    article=story,
                    name=f"Reader {n}",
                    email=f"reader{n}@example.org",
                    body=body,
                    fingerprint=fingerprint(body),
                    body_html=body_as_html(body),  # as Comment.save() makes it
                    status=Comment.Status.APPROVED if n < 50 else Comment.Status.PENDING,
                    sender_hash=f"{n:064d}",
                    submitted_at=now - timedelta(minutes=59 - n),
                    decided_at=now - timedelta(minutes=58 - n) if n < 50 else None,
                )
            )
        Comment.objects.bulk_create(comments)
    return story


def start_with_peer_story(prefix):
    """
    Django on a throwaway SQLite database holding the peer harness's story, for the
    in-process benchmarks: (the environment their child processes run in, its path).
    """
    workdir, static_root, database_url, env = benchlib.start_django(
        prefix=prefix, database_url=None, redis_url=benchlib.DEFAULT_REDIS_URL
    )
    benchlib.prepare_database(static_root=static_root)
    return env, seed_peers().get_absolute_url()


def wrk(url, *, seconds, connections=16, headers=None):
    """One bounded wrk run: {req_per_s, p50_ms, p99_ms, bytes, non2xx}."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    try:
        output = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=seconds + 30, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    rps, p50, p99, bad, socket_errors = line.split()[1:]
    return {
        "req_per_s": float(rps),
        "p50_ms": float(p50),
        "p99_ms": float(p99),
        "errors": int(bad) + int(socket_errors),
    }


def body_size(url, headers=None):
    port = int(url.split(":")[2].split("/")[0])
    path = "/" + url.split("/", 3)[3]
    status, response_headers, body = benchlib.fetch(port, path, headers)
    return status, response_headers, len(body)


# The environment this script started with: the peers must not inherit newsroom's
# (its DJANGO_SETTINGS_MODULE, once Django is set up here).
OUTSIDE_ENV = dict(os.environ)


def start_peers():
    subprocess.run([str(PEERS / "serve_wagtail.sh")], check=True, env=OUTSIDE_ENV)
    subprocess.run([str(PEERS / "static_ceiling.sh")], check=True, env=OUTSIDE_ENV)


def stop_peers():
    subprocess.run([str(PEERS / "stop.sh")], check=False, env=OUTSIDE_ENV)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", "3")))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SECS", "5")))
    parser.add_argument("--redis-url", default=benchlib.DEFAULT_REDIS_URL)
    parser.add_argument(
        "--harness", action="store_true", help="run the harness's run_all.sh instead"
    )
    args = parser.parse_args(argv)
    benchlib.stop_on_sigterm()

    workdir, static_root, database_url, env = benchlib.start_django(
        prefix="newsroom-peers-", database_url=None, redis_url=args.redis_url
    )
    benchlib.prepare_database(static_root=static_root)
    story = seed_peers()
    benchlib.clear_cache()
    path = story.get_absolute_url()

    def server(port, name, **changes):
        server_env = {**env, **changes}
        logdir = Path(workdir) / name
        logdir.mkdir()
        return benchlib.Server(
            env=server_env, port=port, workers=2, logdir=logdir, access_log=False
        )

    servers = {
        "full render (all caches cold)": server(
            8103, "cold", DJANGO_SETTINGS_MODULE="bench.settings_cold"
        ),
        "page-cache hit": server(8104, "hit"),
        "hit, LocalPages off": server(8105, "nolocal", NEWSROOM_PAGE_CACHE_LOCAL_BYTES="0"),
        "hit, generations file": server(
            8106,
            "file",
            NEWSROOM_PAGE_GENERATIONS_FILE=str(Path(workdir) / "page-generations"),
        ),
    }
    started = []
    try:
        for each in servers.values():
            started.append(each.start())
        cold_url = f"http://127.0.0.1:8103{path}"
        if args.harness:
            subprocess.run(
                [str(PEERS / "run_all.sh")], env={**OUTSIDE_ENV, "CANDIDATE_URL": cold_url}
            )
            return
        start_peers()
        targets = {
            "wagtail 8 (stock, 2 workers)": ("http://127.0.0.1:8101/transit-chief-interview/", {}),
            "nginx static ceiling": ("http://127.0.0.1:8102/article.html", {}),
        }
        for name, port in [
            ("full render (all caches cold)", 8103),
            ("page-cache hit", 8104),
            ("hit, LocalPages off", 8105),
            ("hit, generations file", 8106),
        ]:
            targets[name] = (f"http://127.0.0.1:{port}{path}", {})
        status, headers, _ = body_size(f"http://127.0.0.1:8104{path}")
        targets["304 (If-None-Match)"] = (
            f"http://127.0.0.1:8104{path}",
            {"If-None-Match": headers["etag"]},
        )
        sizes = {}
        for name, (url, headers) in targets.items():
            status, response_headers, size = body_size(url, headers)
            assert status in (200, 304), (name, status)
            sizes[name] = size
            wrk(url, seconds=3, headers=headers)  # warm-up, discarded
        for name in ("full render (all caches cold)", "page-cache hit"):
            url = targets[name][0]
            cache_state = body_size(url)[1].get("x-page-cache")
            benchlib.log(f"{name}: X-Page-Cache {cache_state}")
        results = {name: [] for name in targets}
        for run in range(args.runs):
            for name, (url, headers) in targets.items():
                figures = wrk(url, seconds=args.seconds, headers=headers)
                benchlib.log(f"run {run + 1} {name}: {figures}")
                results[name].append(figures)
    finally:
        for each in started:
            each.stop()
        if not args.harness:
            stop_peers()

    medians = {
        name: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        for name, runs in results.items()
    }
    wagtail = medians["wagtail 8 (stock, 2 workers)"]["req_per_s"]
    print(f"newsroom bench/peers.py, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(benchlib.machine_line())
    print(f"median of {args.runs} interleaved wrk runs of {args.seconds} s, -t2 -c16\n")
    print(f"{'target':<32}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'bytes':>8}{'÷ wagtail':>11}")
    for name, m in medians.items():
        print(
            f"{name:<32}{m['req_per_s']:>10.1f}{m['p50_ms']:>9.2f}{m['p99_ms']:>9.2f}"
            f"{sizes[name]:>8}{m['req_per_s'] / wagtail:>11.2f}"
            + (f"  errors={m['errors']:.0f}" if m["errors"] else "")
        )


if __name__ == "__main__":
    sys.exit(main())
