"""
Where an uncached story page spends its time: queries, template rendering, the rest.

    .venv/bin/python bench/profile_story.py            # SQLite file in a temp dir
    .venv/bin/python bench/profile_story.py --top 40   # more of the cProfile listing

Seeds the benchmark story (as bench/pages.py), then asks for it in-process with the
Django test client and the bench-only forced miss (NEWSROOM_BENCH=1, header
"X-Newsroom-Bench: miss"), so every request renders the page as a real miss does.
Prints the median time per request split into SQL, template rendering (SQL run from
templates excluded) and the rest; the time of a miss right after a comment decision
(the story's comments rendered again too); then what cProfile finds most expensive.
It prints figures; it is not a test.
"""

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import time
from contextlib import contextmanager

import benchlib


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp dir")
    parser.add_argument("--redis-url", default=benchlib.DEFAULT_REDIS_URL)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--url", help="profile this path instead of the benchmark story")
    args = parser.parse_args(argv)
    benchlib.stop_on_sigterm()

    workdir, static_root, database_url, env = benchlib.start_django(
        prefix="newsroom-profile-", database_url=args.database_url, redis_url=args.redis_url
    )
    benchlib.prepare_database(static_root=static_root)
    seeded = benchlib.seed()
    benchlib.clear_cache()

    from django.db import connection
    from django.template import base as template_base
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", headers={benchlib.MISS_HEADER: "miss"})
    url = args.url or seeded.story_url
    timings = {"sql": 0.0, "template": 0.0, "queries": 0}

    def sql_wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings["sql"] += time.perf_counter() - start
            timings["queries"] += 1

    original_render = template_base.Template.render
    depth = [0]

    def timed_render(self, context):
        # Only the outermost template: includes and inclusion tags render inside it.
        if depth[0]:
            return original_render(self, context)
        depth[0] += 1
        sql_before = timings["sql"]
        start = time.perf_counter()
        try:
            return original_render(self, context)
        finally:
            depth[0] -= 1
            spent = time.perf_counter() - start
            timings["template"] += spent - (timings["sql"] - sql_before)

    @contextmanager
    def instrumented():
        template_base.Template.render = timed_render
        try:
            with connection.execute_wrapper(sql_wrapper):
                yield
        finally:
            template_base.Template.render = original_render

    for _ in range(5):  # warm-up: imports, template compilation, connections
        response = client.get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss", response

    totals, sqls, templates, counts = [], [], [], []
    with instrumented():
        for _ in range(args.requests):
            timings.update(sql=0.0, template=0.0, queries=0)
            start = time.perf_counter()
            client.get(url)
            totals.append(time.perf_counter() - start)
            sqls.append(timings["sql"])
            templates.append(timings["template"])
            counts.append(timings["queries"])

    def ms(values):
        return statistics.median(values) * 1000

    total, sql, template = ms(totals), ms(sqls), ms(templates)
    size = len(client.get(url).content)
    print(f"{url} uncached, {size:,} bytes: median of {args.requests} requests, in-process")
    print(f"machine: {benchlib.machine_line()}; database: {database_url.split(':')[0]}")
    print(f"  total            {total:7.2f} ms")
    print(f"  SQL              {sql:7.2f} ms  ({statistics.median(counts):.0f} queries)")
    print(f"  templates        {template:7.2f} ms  (their own SQL excluded)")
    print(f"  everything else  {total - sql - template:7.2f} ms  (view, middleware, cache)")

    # The other kind of miss: right after a comment decision on this story, when the
    # rendered comments (cached per story generation) must be rendered again too.
    from newsroom.cache import invalidate_story

    cold = []
    for _ in range(args.requests):
        invalidate_story(seeded.story_pk)
        start = time.perf_counter()
        client.get(url)
        cold.append(time.perf_counter() - start)
    print(f"  after a comment decision (comments rendered too): {ms(cold):.2f} ms")
    print()

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(args.top)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
