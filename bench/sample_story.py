"""
Where a full render of the story page (every cache cold) spends its CPU, by sampling:
the ORM, the template engine, URL reversing, translation lookups, the rest; and which
of the project's functions ask for the ORM's time.

    .venv/bin/pip install py-spy                 # a sampling profiler; not a dependency
    .venv/bin/python bench/sample_story.py       # 1,500 renders sampled at 500 Hz

Seeds the peer harness's story (bench/peers.py: 1,000-word body, 40 turns, 8 tags, 50
comments), then renders it in a child process as bench/render_peers.py does (its own
WSGI handler, bench/settings_cold.py) under ``py-spy record``. Sampling does not slow
what it measures the way cProfile does (which doubles a render and overstates the many
small calls of the ORM and the template engine). It prints figures; it is not a test.
"""

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import peers

LOOP = """
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
handler = WSGIHandler()
environ = RequestFactory(HTTP_HOST="127.0.0.1", SERVER_PORT="80").get("{path}").environ
def render_once():
    status = []
    b"".join(handler(dict(environ), lambda s, h: status.append(s)))
    assert status[0].startswith("200"), status
for _ in range({requests}):
    render_once()
"""

# The innermost frame that says what kind of work a sample was doing.
KINDS = [
    ("ORM (building SQL, running it, making objects)", "django/db/"),
    ("template engine", "django/template/"),
    ("URL reversing", "django/urls/"),
    ("translation lookups", "django/utils/translation"),
    ("translation lookups", "asgiref/"),
]
OURS = re.compile(r"\(((?:articles|comments|newsroom)/[^:]+):\d+\)")


def kind_of(frames):
    for frame in reversed(frames):
        for name, marker in KINDS:
            if marker in frame:
                return name
        if OURS.search(frame):
            return "the project's own code"
    return "the rest (middleware, WSGI, Python)"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--rate", type=int, default=500, help="samples per second")
    args = parser.parse_args(argv)
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        sys.exit("needs py-spy: .venv/bin/pip install py-spy")

    env, path = peers.start_with_peer_story("newsroom-sample-")
    raw = Path(tempfile.mkdtemp(prefix="newsroom-sample-")) / "samples.txt"
    code = LOOP.format(path=path, requests=args.requests)
    subprocess.run(
        [
            spy,
            "record",
            "-r",
            str(args.rate),
            "-f",
            "raw",
            "-o",
            str(raw),
            "--",
            sys.executable,
            "-c",
            code,
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings_cold", "PYTHONPATH": "."},
        check=True,
        capture_output=True,
    )

    kinds, askers, total = collections.Counter(), collections.Counter(), 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not any("render_once" in frame for frame in frames):
            continue  # Django's setup, the first import of each module
        count = int(count)
        total += count
        kinds[kind_of(frames)] += count
        orm = [i for i, frame in enumerate(frames) if "django/db/" in frame]
        if orm:
            ours = [frame for frame in frames[: orm[0]] if OURS.search(frame)]
            asker = "(Django itself)"
            if ours:
                asker = f"{ours[-1].split(' (')[0]} ({OURS.search(ours[-1])[1]})"
            askers[asker] += count
    print(f"full render of {path}, {total} samples of {args.requests} renders\n")
    for name, count in kinds.most_common():
        print(f"  {100 * count / total:5.1f}%  {name}")
    print("\nthe ORM's time, by who asked:")
    for name, count in askers.most_common(8):
        print(f"  {100 * count / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
