"""
The front-cache recipe, checked: docs/nginx.conf run with Debian's nginx in front of
the production server, on loopback.

    apt-get install -y nginx-light wrk          # once (nginx is not started as a service)
    .venv/bin/python bench/nginx_check.py       # SQLite file in /tmp
    .venv/bin/python bench/nginx_check.py --database-url postgres://postgres@127.0.0.1/newsroom_bench

Runs nginx as a foreground process with docs/nginx.conf (its CHANGE values replaced)
on a free port, then proves: pages are cached, a session cookie bypasses the cache,
private pages are never stored, /static/ comes from disk; a publish and a comment
approval (made through Django in this process, against the same database and Redis)
show through nginx within 2 seconds; and it measures the cached story through nginx
against nginx serving the same bytes as a static file (target: at least 50%).
Prints PASS/MISS; exits 0 either way: it is not a test.
"""

import argparse
import json
import random
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import benchlib

RECIPE = benchlib.ROOT / "docs" / "nginx.conf"
STALENESS_LIMIT = 2.0
NGINX_TARGET = 0.50


def site_config(*, app_port, nginx_port, cache_dir, static_root, media_root):
    """docs/nginx.conf with its CHANGE values replaced; each must be found exactly once."""
    text = RECIPE.read_text()
    for old, new in [
        ("/var/cache/nginx/newsroom", str(cache_dir)),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 80;", f"listen 127.0.0.1:{nginx_port};"),
        ("/srv/newsroom/staticfiles/", f"{static_root}/"),
        ("/srv/newsroom/media/", f"{media_root}/"),
    ]:
        if text.count(old) != 1:
            raise RuntimeError(f"docs/nginx.conf changed: {old!r} is not there exactly once")
        text = text.replace(old, new)
    return text


def main_config(*, workdir, static_port):
    import os

    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"  {name}_temp_path {workdir}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes auto;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
{temp}
  include {workdir}/newsroom.conf;
  # Bench only: the cached story's bytes as a plain static file, the comparison.
  server {{
    listen 127.0.0.1:{static_port};
    root {workdir}/static-bench;
    location / {{ default_type "text/html; charset=utf-8"; }}
  }}
}}
"""


class Nginx:
    def __init__(self, workdir):
        self.workdir = workdir
        self.process = None

    def start(self, port, timeout=10):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [binary, "-e", f"{self.workdir}/error.log", "-p", str(self.workdir)]
        command += ["-c", f"{self.workdir}/nginx.conf"]
        subprocess.run([*command, "-t", "-q"], check=True)
        self.process = subprocess.Popen(command)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                benchlib.fetch(port, "/robots.txt")
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not answer")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Checks:
    def __init__(self):
        self.rows = []

    def add(self, ok, text):
        self.rows.append((ok, text))
        benchlib.log(f"  {'PASS' if ok else 'MISS'}  {text}")


def behaviour(port, seeded, static_root, checks):
    fetch = benchlib.fetch
    for path in (seeded.front_url, seeded.story_url):
        # A copy lives to the end of the second it was made in: a second read right
        # after the first one can land in the next second, so try a few times.
        states = []
        for _ in range(5):
            fetch(port, path)
            status, headers, _ = fetch(port, path)
            states.append(headers.get("x-cache-status"))
            if status == 200 and states[-1] == "HIT":
                break
        checks.add(
            states[-1] == "HIT", f"{path} is served from nginx's cache ({', '.join(states)})"
        )
    checks.add(
        "x-accel-expires" not in headers,
        "the app's X-Accel-Expires is used by nginx and not passed on to readers",
    )
    _, headers, _ = fetch(port, seeded.story_url, {"Cookie": "sessionid=staff"})
    checks.add(
        headers.get("x-cache-status") == "BYPASS",
        f"a session cookie bypasses the cache ({headers.get('x-cache-status')})",
    )
    private = seeded.story_url + "?comment=received"
    states = [fetch(port, private)[1].get("x-cache-status") for _ in range(3)]
    checks.add("HIT" not in states, f"a private page is never stored ({', '.join(states)})")
    manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/site.css"]
    status, headers, _ = fetch(port, css)
    checks.add(
        status == 200
        and "x-cache-status" not in headers
        and "immutable" in headers.get("cache-control", ""),
        f"{css} is served from disk by nginx, immutable ({status})",
    )


def app_requests(server):
    """Requests gunicorn has logged so far."""
    time.sleep(0.2)  # let the access log catch up
    with open(server.access_path, "rb") as log:
        return sum(1 for _ in log)


def poll_until(port, path, needle, *, timeout=10.0, interval=0.02):
    """Seconds until ``needle`` appears in ``path`` through nginx (None: it never did)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        _, _, body = benchlib.fetch(port, path)
        if needle in body:
            return time.monotonic()
        time.sleep(interval)
    return None


class KeepWarm:
    """Readers asking for a page all along, so nginx always holds a copy of it."""

    def __init__(self, port, path):
        self.port, self.path = port, path
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while self.running:
            try:
                benchlib.fetch(self.port, self.path)
            except OSError:
                pass
            time.sleep(0.01)

    def __enter__(self):
        self.thread.start()
        time.sleep(1.2)
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()


def staleness(port, seeded, trials, checks):
    from django.contrib.auth.models import User

    from articles.editorial import workflow
    from articles.models import Article, Byline, Section
    from comments import services as comment_services
    from comments.models import Comment, fingerprint

    rng = random.Random(7)
    section = Section.objects.first()
    story = Article.objects.get(pk=seeded.story_pk)
    author = story.bylines.first().author
    moderator, _ = User.objects.get_or_create(username="bench-moderator")

    published = []
    with KeepWarm(port, seeded.front_url):
        for trial in range(trials):
            time.sleep(rng.uniform(0, 1))  # any moment in the life of nginx's copy
            headline = f"Breaking harbour news {time.time_ns()} trial {trial}"
            article = Article.objects.create(
                headline=headline,
                slug=f"bench-breaking-{time.time_ns()}",
                section=section,
                body="Just in.",
            )
            Byline.objects.create(article=article, author=author, position=1)
            workflow.publish_article(article=article)  # commits, then invalidates
            committed = time.monotonic()
            seen = poll_until(port, seeded.front_url, headline.encode())
            published.append(float("inf") if seen is None else seen - committed)
    worst = max(published)
    checks.add(
        worst <= STALENESS_LIMIT,
        f"after a publish the front page shows it within {worst:.2f} s "
        f"(worst of {trials}; limit {STALENESS_LIMIT:g} s)",
    )

    approved = []
    with KeepWarm(port, seeded.story_url):
        for trial in range(trials):
            time.sleep(rng.uniform(0, 1))
            body = f"Approved reader comment {time.time_ns()} trial {trial}."
            comment = Comment.objects.create(
                article=story,
                name="Bench reader",
                email="bench@example.org",
                body=body,
                fingerprint=fingerprint(body),
                sender_hash=f"{trial:064d}",
            )
            comment_services.approve_comment(comment=comment, moderator=moderator)
            decided = time.monotonic()
            # The story already shows a full page of comments: the new one is counted
            # in the heading at once (and listed on the last page).
            total = Comment.objects.approved().filter(article=story).count()
            seen = poll_until(port, seeded.story_url, f'comments__count">({total})'.encode())
            approved.append(float("inf") if seen is None else seen - decided)
    worst = max(approved)
    checks.add(
        worst <= STALENESS_LIMIT,
        f"after an approval the story shows the comment within {worst:.2f} s "
        f"(worst of {trials}; limit {STALENESS_LIMIT:g} s)",
    )
    return published, approved


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp dir")
    parser.add_argument("--redis-url", default=benchlib.DEFAULT_REDIS_URL)
    parser.add_argument("--seconds", type=float, default=5, help="per throughput run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--trials", type=int, default=5, help="publishes and approvals")
    parser.add_argument("--workers", type=int, default=benchlib.default_workers())
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, config)")
    parser.add_argument("--serve", type=float, default=0, help="debug: stay up this many s")
    args = parser.parse_args(argv)
    benchlib.stop_on_sigterm()
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        print("nginx is not installed: apt-get install -y nginx-light (nothing was checked)")
        return 0

    workdir, static_root, database_url, env = benchlib.start_django(
        prefix="newsroom-nginx-", database_url=args.database_url, redis_url=args.redis_url
    )
    workdir.chmod(0o755)  # nginx workers read the static files under it
    benchlib.log(f"seeding {database_url.split('@')[-1]} ...")
    benchlib.prepare_database(static_root=static_root)
    seeded = benchlib.seed()
    benchlib.clear_cache()

    app_port, nginx_port, static_port = (benchlib.free_port() for _ in range(3))
    (workdir / "static-bench").mkdir()
    (workdir / "newsroom.conf").write_text(
        site_config(
            app_port=app_port,
            nginx_port=nginx_port,
            cache_dir=workdir / "cache",
            static_root=static_root,
            media_root=workdir / "media",
        )
    )
    (workdir / "nginx.conf").write_text(main_config(workdir=workdir, static_port=static_port))

    server = benchlib.Server(env=env, port=app_port, workers=args.workers, logdir=workdir)
    nginx = Nginx(workdir)
    checks = Checks()
    generator = "wrk" if benchlib.have_wrk() else "python"
    run = benchlib.run_wrk if generator == "wrk" else benchlib.run_python
    try:
        benchlib.log(f"gunicorn on :{app_port}, nginx on :{nginx_port} (static :{static_port})")
        server.start()
        nginx.start(nginx_port)
        if args.serve:
            benchlib.log(f"serving {seeded.story_url} for {args.serve:g} s")
            time.sleep(args.serve)
        behaviour(nginx_port, seeded, static_root, checks)
        published, approved = staleness(nginx_port, seeded, args.trials, checks)

        _, _, story_bytes = benchlib.fetch(nginx_port, seeded.story_url)
        (workdir / "static-bench" / "story.html").write_bytes(story_bytes)
        _, _, static_bytes = benchlib.fetch(static_port, "/story.html")
        assert static_bytes == story_bytes
        results, reached_app = [], 0
        for _ in range(2):  # alternate, so a busy moment hurts both alike
            for name, port, path in [
                ("nginx static file", static_port, "/story.html"),
                ("nginx cached story", nginx_port, seeded.story_url),
            ]:
                benchlib.log(f"  {name}: {args.seconds:g} s ...")
                run(name, port, path, seconds=1, connections=args.connections)
                before = app_requests(server)
                results.append(
                    run(name, port, path, seconds=args.seconds, connections=args.connections)
                )
                reached_app += app_requests(server) - before
    finally:
        nginx.stop()
        server.stop()

    version = subprocess.run(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-v"], capture_output=True, text=True
    ).stderr.strip()
    print(f"newsroom bench/nginx_check.py, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {benchlib.machine_line()}; {version}; load: {generator}")
    print(f"recipe: docs/nginx.conf (micro-caching, 1 s); app: gunicorn, {args.workers} workers")
    print()
    for ok, text in checks.rows:
        print(f"{'PASS' if ok else 'MISS'}  {text}")
    print(
        "      publish -> visible (s): "
        + ", ".join(f"{s:.2f}" for s in published)
        + "\n      approve -> visible (s): "
        + ", ".join(f"{s:.2f}" for s in approved)
    )
    print()
    print(f"{'through nginx':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for result in results:
        print(
            f"{result.name:<22}{result.requests_per_second:>9.0f}{result.p50_ms:>9.2f}"
            f"{result.p99_ms:>9.2f}{result.errors:>8}"
        )
    served = sum(r.requests for r in results if "cached" in r.name)
    print(f"      the app answered {reached_app} of the {served:,} cached-story requests")
    static = benchlib.median([r.requests_per_second for r in results if "static" in r.name])
    cached = benchlib.median([r.requests_per_second for r in results if "cached" in r.name])
    ratio = cached / static
    verdict = "PASS" if ratio >= NGINX_TARGET else "MISS"
    print(
        f"\n{verdict}  cached story through nginx: {ratio:.0%} of nginx serving the same "
        f"{len(story_bytes):,} bytes as a static file (target >= {NGINX_TARGET:.0%})"
    )
    if args.keep:
        benchlib.log(f"kept {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
