"""
The full render of newsroom's story page (every cache cold) against the stock Wagtail
page of the peer harness, in process: CPU per request through each project's own
WSGI handler (every middleware, no server, no test client), interleaved rounds.

    .venv/bin/python bench/render_peers.py              # 5 rounds of 60 requests each
    .venv/bin/python bench/render_peers.py --rounds 9

A quick proxy for bench/peers.py (which measures both over HTTP with gunicorn and
wrk, the figure docs/performance.md records): it shows where a change moves the
ratio in seconds, without a load generator sharing the two cores. The Wagtail
peer must be built first (/work/shared/peers/setup_wagtail.sh).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import benchlib
import peers

TIMING = """
import json, sys, time
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
handler = WSGIHandler()
environ = RequestFactory(HTTP_HOST="127.0.0.1:{port}", SERVER_PORT="{port}").get("{path}").environ
def once():
    body = []
    handler(dict(environ), lambda status, headers: body.append(status))
    return body[0]
for _ in range(10):
    once()
times = []
for _ in range({requests}):
    start = time.process_time()
    status = once()
    times.append((time.process_time() - start) * 1000)
assert status.startswith("200"), status
print(json.dumps(times))
"""


def wagtail_times(requests):
    site = Path(os.environ.get("PEERS_ROOT", "/tmp/peers")) / "wagtail-site"
    python = site.parent / "wagtail-venv" / "bin" / "python"
    code = TIMING.format(port=8101, path="/transit-chief-interview/", requests=requests)
    env = {
        key: value for key, value in peers.OUTSIDE_ENV.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    out = subprocess.run(
        [str(python), "manage.py", "shell", "-c", code],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def newsroom_times(env, path, requests):
    code = TIMING.format(port=8103, path=path, requests=requests)
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings_cold", "PYTHONPATH": "."},
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(f"newsroom's render failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def rounds_and_requests(argv, *, doc, rounds, requests):
    """The interleaved benchmarks' two arguments: how many rounds, of how many requests."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--requests", type=int, default=requests)
    return parser.parse_args(argv)


def main(argv=None):
    args = rounds_and_requests(argv, doc=__doc__, rounds=5, requests=60)

    env, path = peers.start_with_peer_story("newsroom-render-")

    ours, theirs = [], []
    for round_number in range(args.rounds):  # interleaved: drift hits both alike
        ours.append(statistics.median(newsroom_times(env, path, args.requests)))
        theirs.append(statistics.median(wagtail_times(args.requests)))
        benchlib.log(
            f"round {round_number + 1}: newsroom {ours[-1]:.2f} ms, wagtail {theirs[-1]:.2f} ms"
        )
    ours_ms, theirs_ms = statistics.median(ours), statistics.median(theirs)
    print(f"\nfull render, CPU ms per request (median of {args.rounds} rounds of {args.requests})")
    print(f"  newsroom story page, all caches cold  {ours_ms:7.2f}")
    print(f"  Wagtail 8 stock article page          {theirs_ms:7.2f}")
    print(f"  newsroom is {theirs_ms / ours_ms:.2f}x Wagtail's speed")


if __name__ == "__main__":
    main()
