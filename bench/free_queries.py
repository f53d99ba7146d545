"""
How fast could a full render of the story page be without some of its queries? An
upper bound for denormalising them: each variant reuses, in process, what a query
returned once instead of asking again, so it costs nothing at all (a real
denormalisation would still read and unpack the data).

    .venv/bin/python bench/free_queries.py              # 3 interleaved rounds
    .venv/bin/python bench/free_queries.py --rounds 5

Seeds the peer harness's story (bench/peers.py), renders it as bench/render_peers.py
does (Django's WSGI handler, bench/settings_cold.py), and measures the stock Wagtail
page the same way in the same rounds when the peer is built
(/work/shared/peers/setup_wagtail.sh). Variants, each adding to the one before:

- as is;
- the story's bylines and tags free (the two prefetches);
- the surge controls free (as if read with the story);
- the edition's sections free (as if kept by the process).

It replaces functions of articles.stories and comments.surge while it runs, so it
follows their names: a rename there shows up here as an AttributeError. It prints
figures; it is not a test.
"""

import os
import statistics
import subprocess
import sys
from pathlib import Path

import benchlib
import peers
import render_peers

CHILD = """
import json, statistics, sys, time
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from articles.models import Article, Section
from articles.stories import context_processors, views
from comments.surge import controls
from comments.templatetags import comment_surge

handler = WSGIHandler()
environ = RequestFactory(HTTP_HOST="127.0.0.1", SERVER_PORT="80").get("{path}").environ
story = views.ArticleDetailView.full_queryset(
    type("Reader", (), {{"visible_stories": lambda self: Article.objects.published()}})()
).get()
prefetched = dict(story._prefetched_objects_cache)
sections = list(Section.objects.filter(edition=story.edition))


def free_bylines_and_tags(self, queryset=None):
    rows = original_full_queryset(self)
    rows._prefetch_related_lookups = ()
    found = rows.get(pk=self.kwargs["pk"])
    found._prefetched_objects_cache = dict(prefetched)
    return found


def free_sections(request):
    request._nav_sections = sections
    return sections


original_full_queryset = views.ArticleDetailView.full_queryset
variant = int(sys.argv[1])
if variant >= 1:
    views.ArticleDetailView.get_object = free_bylines_and_tags
if variant >= 2:
    controls.controls_for = comment_surge.controls_for = lambda article: None
if variant >= 3:
    context_processors.nav_sections = free_sections


def once():
    status = []
    b"".join(handler(dict(environ), lambda s, h: status.append(s)))
    assert status[0].startswith("200"), status


for _ in range(20):
    once()
times = []
for _ in range({requests}):
    start = time.process_time()
    once()
    times.append((time.process_time() - start) * 1000)
print(json.dumps(statistics.median(times)))
"""

VARIANTS = [
    "as is",
    "+ bylines and tags free",
    "+ surge controls free",
    "+ sections free",
]


def main(argv=None):
    args = render_peers.rounds_and_requests(argv, doc=__doc__, rounds=3, requests=200)

    env, path = peers.start_with_peer_story("newsroom-free-")
    code = CHILD.format(path=path, requests=args.requests)
    child_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings_cold", "PYTHONPATH": "."}
    wagtail = Path(os.environ.get("PEERS_ROOT", "/tmp/peers")) / "wagtail-venv"

    figures = {name: [] for name in VARIANTS}
    theirs = []
    for round_number in range(args.rounds):
        for number, name in enumerate(VARIANTS):
            out = subprocess.run(
                [sys.executable, "-c", code, str(number)],
                env=child_env,
                capture_output=True,
                text=True,
            )
            if out.returncode:
                sys.exit(f"{name} failed:\n{out.stderr[-3000:]}")
            figures[name].append(float(out.stdout.strip().splitlines()[-1]))
        if wagtail.exists():
            theirs.append(statistics.median(render_peers.wagtail_times(args.requests)))
        benchlib.log(f"round {round_number + 1} done")

    print(f"\nfull render, CPU ms per request (median of {args.rounds} rounds of {args.requests})")
    for name, values in figures.items():
        ours = statistics.median(values)
        ratio = f"  {statistics.median(theirs) / ours:.2f}x Wagtail" if theirs else ""
        print(f"  {name:26s} {ours:7.2f}{ratio}")
    if theirs:
        print(f"  {'Wagtail 8 stock page':26s} {statistics.median(theirs):7.2f}")
    else:
        print("  (no Wagtail peer: /work/shared/peers/setup_wagtail.sh builds it)")


if __name__ == "__main__":
    main()
