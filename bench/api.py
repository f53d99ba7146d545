"""
The JSON API (/api/v1/) in process, every figure next to a baseline measured in the
same run: CPU time per request through Django's own WSGI handler (every middleware,
no server, no load generator sharing the two cores), interleaved rounds, median.

    .venv/bin/python bench/api.py                  # SQLite file in a temp dir
    .venv/bin/python bench/api.py --rounds 9 --requests 100
    .venv/bin/python bench/api.py --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench

The baseline is the raw-bytes view (bench/urls.py) serving the bytes of the cached
story list: the cost of any answer through the middleware with no work at all.
Seeds the benchmark newsroom (bench/benchlib.py: the benchmark story with 40 turns
and 50 comments, 36 more stories), with the production settings plus the bench's
hooks (bench/settings_bench.py; the forced page-cache miss), local-memory cache.
Prints figures; exits 0: it is not a test.
"""

import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import benchlib

ALL = "bylines,tags,interview,corrections"


def scenarios(story_pk):
    """(name, path, headers): the baseline first."""
    miss = {"HTTP_X_NEWSROOM_BENCH": "miss"}
    return [
        ("baseline: raw bytes", "/__bench__/bytes/", {}),
        ("list, cached", "/api/v1/stories", {}),
        ("list, 304", "/api/v1/stories", {"HTTP_IF_NONE_MATCH": "{etag}"}),
        ("list, uncached", "/api/v1/stories", miss),
        (f"list include={ALL}, uncached", f"/api/v1/stories?include={ALL}", miss),
        ("list limit=100, uncached", "/api/v1/stories?limit=100", miss),
        ("detail, cached", f"/api/v1/stories/{story_pk}?include={ALL}", {}),
        ("detail, uncached", f"/api/v1/stories/{story_pk}?include={ALL}", miss),
        ("comments (50), uncached", f"/api/v1/stories/{story_pk}/comments?limit=100", miss),
        ("story page, cached", f"/en/stories/{story_pk}/x/", {}),
        ("story page, uncached", f"/en/stories/{story_pk}/x/", miss),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp dir")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=60, help="per scenario and round")
    args = parser.parse_args(argv)

    workdir, static_root, database_url, env = benchlib.start_django(
        prefix="newsroom-bench-api-", database_url=args.database_url, redis_url=""
    )
    benchlib.prepare_database(static_root=static_root, collect=False)
    benchlib.log("seeding")
    seeded = benchlib.seed(extra_stories=36)

    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory
    from django.test.utils import override_settings

    # Every request still counts against its client's window (the cost is measured);
    # the bench's thousands of requests from one address are never refused.
    override_settings(NEWSROOM_API_RATE_LIMIT=10**9).enable()

    from articles.models import Article

    slug = Article.objects.values_list("slug", flat=True).get(pk=seeded.story_pk)
    handler = WSGIHandler()
    factory = RequestFactory(HTTP_HOST="127.0.0.1")

    def call(path, headers):
        environ = factory.get(path, **headers).environ
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"] = status
            answer["headers"] = dict(response_headers)

        body = b"".join(handler(dict(environ), start_response))
        return answer["status"], answer["headers"], body

    # The baseline serves the cached list's bytes; the story page needs its real slug.
    status, headers, body = call("/api/v1/stories", {})
    assert status.startswith("200"), status
    Path(env["NEWSROOM_BENCH_BYTES"]).write_bytes(body)
    etag = headers["ETag"]
    plan = []
    for name, path, extra in scenarios(seeded.story_pk):
        path = path.replace("/x/", f"/{slug}/")
        extra = {k: v.replace("{etag}", etag) for k, v in extra.items()}
        expected = "304" if "304" in name else "200"
        status, got, _ = call(path, extra)
        assert status.startswith(expected), (name, status, extra, got)
        plan.append((name, path, extra, expected))

    times = {name: [] for name, *_ in plan}
    for round_number in range(args.rounds):
        benchlib.log(f"round {round_number + 1}/{args.rounds}")
        for name, path, extra, expected in plan:
            for _ in range(5):  # warm-up
                call(path, extra)
            samples = []
            for _ in range(args.requests):
                start = time.process_time()
                status, _, _ = call(path, extra)
                samples.append((time.process_time() - start) * 1000)
            assert status.startswith(expected), (name, status)
            times[name].append(statistics.median(samples))

    base = statistics.median(times[plan[0][0]])
    print(f"newsroom bench/api.py, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {benchlib.machine_line()}")
    print(
        f"data: {'PostgreSQL' if database_url.startswith('postgres') else 'SQLite'}, "
        "the benchmark newsroom (37 stories); in-process WSGI handler, DEBUG off, "
        f"local-memory cache, rate limit counted; median of {args.rounds} rounds of "
        f"{args.requests}"
    )
    print()
    print(f"{'scenario':<44}{'ms CPU':>8}{'x baseline':>12}{'share of baseline':>19}")
    for name, *_ in plan:
        ms = statistics.median(times[name])
        print(f"{name:<44}{ms:8.3f}{ms / base:12.1f}{base / ms:19.0%}")
    return 0


if __name__ == "__main__":
    benchlib.stop_on_sigterm()
    sys.exit(main())
