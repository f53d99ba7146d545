"""
Where an uncached story page spends its time: queries, template rendering, the rest.

    .venv/bin/python bench/profile_story.py                  # SQLite file in a temp dir
    .venv/bin/python bench/profile_story.py --top 40         # more of the cProfile listing
    .venv/bin/python bench/profile_story.py --profile cold   # profile another kind of miss

Seeds the benchmark story (as bench/pages.py), then asks for it in-process with the
bench-only forced miss (bench/middleware.py, header "X-Newsroom-Bench: miss"), so every
request renders the page as a real miss does. Requests go through Django's own handler
(every middleware, the page cache, the view) built by a RequestFactory, not through the
test client, whose template_rendered capture copies every template's context and
would be counted as the page's cost.

Three kinds of miss, each a median of --requests (wall time and this process's CPU):

- warm: the page cache misses (a new URL variant, an expired entry) but the story's
  page without its comment section (its shell, articles.stories.shell.StoryShell) and its
  rendered comments are found: the common miss;
- comment decision: right after a decision on one of the story's comments (its
  comments generation bumped): the comments are rendered again, the shell is found;
- cold: right after a publish (site and story generations bumped): everything is
  rendered and queried, as with an empty cache.

Then what cProfile finds most expensive in one kind (--profile, default warm).
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
    parser.add_argument("--sort", default="tottime", help="cProfile order, e.g. cumulative")
    parser.add_argument("--url", help="profile this path instead of the benchmark story")
    parser.add_argument("--profile", choices=["warm", "comments", "cold", "none"], default="warm")
    args = parser.parse_args(argv)
    benchlib.stop_on_sigterm()

    workdir, static_root, database_url, env = benchlib.start_django(
        prefix="newsroom-profile-", database_url=args.database_url, redis_url=args.redis_url
    )
    benchlib.prepare_database(static_root=static_root)
    seeded = benchlib.seed()
    benchlib.clear_cache()

    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.template import base as template_base
    from django.test import RequestFactory

    from newsroom.pagecache import invalidate_site, invalidate_story

    handler = WSGIHandler()  # every middleware, as the server runs them
    factory = RequestFactory(HTTP_HOST="127.0.0.1", headers={benchlib.MISS_HEADER: "miss"})
    url = args.url or seeded.story_url

    def get():
        response = handler.get_response(factory.get(url))
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss", response
        return response

    def before(kind):
        if kind == "comments":
            invalidate_story(seeded.story_pk)
        elif kind == "cold":
            invalidate_site()
            invalidate_story(seeded.story_pk)

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

    def measure(kind, *, split):
        walls, cpus, sqls, templates, counts = [], [], [], [], []
        for _ in range(args.requests):
            before(kind)
            timings.update(sql=0.0, template=0.0, queries=0)
            cpu, wall = time.process_time(), time.perf_counter()
            if split:
                with instrumented():
                    get()
            else:
                get()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            sqls.append(timings["sql"])
            templates.append(timings["template"])
            counts.append(timings["queries"])
        return walls, cpus, sqls, templates, counts

    def ms(values):
        return statistics.median(values) * 1000

    for kind in ("cold", "comments", "warm", "warm"):  # imports, compiled templates, shell
        for _ in range(3):
            before(kind)
            get()

    size = len(get().content)
    print(f"{url} forced miss, {size:,} bytes: median of {args.requests} requests, in-process")
    print(f"machine: {benchlib.machine_line()}; database: {database_url.split(':')[0]}")
    print("(Django's handler and middleware, no test client; CPU is this process's)")
    print()
    print(
        f"{'kind of miss':<34}{'wall ms':>9}{'CPU ms':>9}{'SQL ms':>9}{'queries':>9}{'tmpl ms':>9}"
    )
    labels = {
        "warm": "warm (shell found)",
        "comments": "after a comment decision",
        "cold": "cold (after a publish)",
    }
    for kind in ("warm", "comments", "cold"):
        # Timed plainly (wall, CPU), then again with SQL and templates timed apart.
        walls, cpus, *_ = measure(kind, split=False)
        _, _, sqls, templates, counts = measure(kind, split=True)
        print(
            f"{labels[kind]:<34}{ms(walls):9.2f}{ms(cpus):9.2f}{ms(sqls):9.2f}"
            f"{statistics.median(counts):9.0f}{ms(templates):9.2f}"
        )
    print("(tmpl ms: rendering of the outermost templates, their own SQL excluded)")
    print()

    if args.profile != "none":
        profiler = cProfile.Profile()
        for _ in range(args.requests):
            before(args.profile)
            profiler.enable()
            get()
            profiler.disable()
        print(f"cProfile, {labels[args.profile]}, {args.requests} requests:")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats(args.sort).print_stats(args.top)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
