"""
Page benchmark: the production server under load, every figure next to a raw-bytes
baseline measured in the same run.

    .venv/bin/python bench/pages.py                      # SQLite file in /tmp
    .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench

Seeds a throwaway database (the benchmark story: 1,000-word body, 40 turns, 50
approved comments, 8 tags, 2 authors; plus a front page's worth of stories),
starts gunicorn as `make serve` does (DEBUG off, Redis on a db number of its own),
and drives load on 127.0.0.1 with wrk when installed, else with Python threads.
Each figure takes 5 seconds, the raw-bytes baseline measured again before each
scenario; the whole run takes about two minutes.
It prints figures and PASS/MISS for the targets of docs/performance.md, and exits 0
whether targets are met or not: it is not a test.
"""

import argparse
import os
import sys
import time
from datetime import datetime

import benchlib

TARGETS = {  # scenario: the least share of the raw-bytes baseline's requests per second
    "story cached": 0.75,
    "story 304": 0.90,
    "story uncached": 0.15,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp dir")
    parser.add_argument("--redis-url", default=benchlib.DEFAULT_REDIS_URL)
    parser.add_argument("--seconds", type=float, default=5, help="per scenario (default 5)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=benchlib.default_workers())
    parser.add_argument(
        "--generator", choices=["auto", "wrk", "python"], default="auto", help="load generator"
    )
    parser.add_argument(
        "--generations",
        choices=["file", "cache"],
        default="file",
        help="page-cache generations: a file mapped by every process (one host; the "
        "default) or Redis (several hosts): docs/performance.md",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, database)")
    args = parser.parse_args(argv)
    benchlib.stop_on_sigterm()

    workdir, static_root, database_url, env = benchlib.start_django(
        prefix="newsroom-bench-",
        database_url=args.database_url,
        redis_url=args.redis_url,
        generations=args.generations,
    )
    started = time.monotonic()
    benchlib.log(f"seeding {database_url.split('@')[-1]} ...")
    benchlib.prepare_database(static_root=static_root)
    seeded = benchlib.seed()
    benchlib.clear_cache()

    generator = args.generator
    if generator == "auto":
        generator = "wrk" if benchlib.have_wrk() else "python"
    run = benchlib.run_wrk if generator == "wrk" else benchlib.run_python

    port = benchlib.free_port()
    server = benchlib.Server(env=env, port=port, workers=args.workers, logdir=workdir)
    benchlib.log(f"starting gunicorn ({args.workers} workers) on 127.0.0.1:{port} ...")
    server.start()
    load_before = os.getloadavg()[0]
    try:
        scenarios = prepare_scenarios(port, seeded, workdir)
        baseline_name, baseline_path, _ = scenarios[0]

        def measure(name, path, headers=None, warm_up=True):
            if warm_up:  # workers' first requests, the page cache
                run(name, port, path, headers=headers, seconds=1, connections=args.connections)
            return run(
                name,
                port,
                path,
                headers=headers,
                seconds=args.seconds,
                connections=args.connections,
            )

        measure(baseline_name, baseline_path)  # warm-up only
        pairs = []
        for name, path, headers in scenarios[1:]:
            # The baseline right before each scenario: a busy moment on the machine
            # (other processes) then weighs on both figures of a pair alike.
            benchlib.log(f"  {name}: {args.seconds:g} s, and the raw-bytes baseline before it")
            base = measure(baseline_name, baseline_path, warm_up=False)
            pairs.append((measure(name, path, headers), base))
    finally:
        server.stop()

    report(pairs, args, generator, database_url, time.monotonic() - started, load_before)
    if not args.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    else:
        benchlib.log(f"kept {workdir}")
    return 0


def prepare_scenarios(port, seeded, workdir):
    """Check each scenario answers what it claims (hit, miss, 304, same bytes) before timing it."""
    fetch = benchlib.fetch
    miss = {benchlib.MISS_HEADER: "miss"}

    def expect(path, headers, status, cache_state=None):
        got_status, got_headers, body = fetch(port, path, headers)
        state = got_headers.get("x-page-cache")
        if got_status != status or (cache_state and state != cache_state):
            raise RuntimeError(
                f"{path} {headers or ''}: expected {status} {cache_state or ''}, "
                f"got {got_status} {state}"
            )
        return got_headers, body

    for path in (seeded.story_url, seeded.front_url, seeded.tag_url):
        fetch(port, path)  # fill the page cache
        expect(path, None, 200, "hit")
        expect(path, miss, 200, "miss")
    story_headers, story_bytes = expect(seeded.story_url, None, 200, "hit")
    (workdir / "story.html").write_bytes(story_bytes)
    etag = story_headers["etag"]
    expect(seeded.story_url, {"If-None-Match": etag}, 304)
    _, raw = expect("/__bench__/bytes/", None, 200)
    if raw != story_bytes:
        raise RuntimeError("the raw-bytes view does not serve the cached story's bytes")
    _, results = expect(seeded.search_url, None, 200)
    if b"<mark>" not in results:
        raise RuntimeError("the search page found nothing: is the index built?")
    benchlib.log(f"story page: {len(story_bytes):,} bytes; ETag {etag}")
    return [
        ("raw-bytes baseline", "/__bench__/bytes/", None),
        ("story cached", seeded.story_url, None),
        ("story 304", seeded.story_url, {"If-None-Match": etag}),
        ("story uncached", seeded.story_url, miss),
        ("front page cached", seeded.front_url, None),
        ("front page uncached", seeded.front_url, miss),
        ("tag page cached", seeded.tag_url, None),
        ("tag page uncached", seeded.tag_url, miss),
        ("search (never cached)", seeded.search_url, None),
    ]


def report(pairs, args, generator, database_url, elapsed, load_before):
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    baselines = [base.requests_per_second for _, base in pairs]
    print(f"newsroom bench/pages.py, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {benchlib.machine_line()}; load average {load_before:.2f} at the start")
    print(
        f"server: gunicorn, {args.workers} sync workers, DEBUG off, {engine}, Redis page cache, "
        f"generations in {'a shared file' if args.generations == 'file' else 'Redis'}; "
        f"load: {generator}, {args.connections} connections, {args.seconds:g} s per figure"
    )
    print(
        f"raw-bytes baseline: median {benchlib.median(baselines):.0f} req/s "
        f"(min {min(baselines):.0f}, max {max(baselines):.0f}); measured before each "
        "scenario, each ratio is to its own baseline"
    )
    print()
    header = f"{'scenario':<24}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
    print(f"{header}{'raw req/s':>11}{'vs raw':>8}")
    for result, base in pairs:
        ratio = result.requests_per_second / base.requests_per_second
        print(
            f"{result.name:<24}{result.requests_per_second:>9.0f}{result.p50_ms:>9.2f}"
            f"{result.p99_ms:>9.2f}{result.errors:>8}{base.requests_per_second:>11.0f}"
            f"{ratio:>8.0%}"
        )
    print()
    by_name = {result.name: (result, base) for result, base in pairs}
    for name, share in TARGETS.items():
        result, base = by_name[name]
        ratio = result.requests_per_second / base.requests_per_second
        verdict = "PASS" if ratio >= share else "MISS"
        print(f"{verdict}  {name}: {ratio:.0%} of the raw-bytes baseline (target >= {share:.0%})")
    print(f"\n(run took {elapsed:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
