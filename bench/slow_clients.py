"""
Slow clients against the production server: N connections each send a POST's headers
and then its body one byte a second; meanwhile, how long does a normal GET take?

Runs gunicorn as `make serve` does (sync workers), bound to loopback, either alone
(``--direct``) or behind the shipped nginx recipe (docs/nginx.conf, the default), and
prints the GET's time for each. Loopback only, bounded: every slow connection is
closed after ``--seconds``. Nothing here is a test; figures are in docs/deployment.md.

    .venv/bin/python bench/slow_clients.py [--slow 6] [--workers 2] [--seconds 8]
"""

import argparse
import http.client
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
import nginx_check  # noqa: E402


def start_gunicorn(env, port, workers, worker_class, logdir):
    command = [
        str(benchlib.GUNICORN),
        "newsroom.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--forwarded-allow-ips=127.0.0.1",
    ]
    log = open(Path(logdir) / f"gunicorn-{worker_class}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=benchlib.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if benchlib.fetch(port, "/robots.txt")[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn did not answer; see {logdir}")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def slow_post(port, seconds, stop_event):
    """A POST whose body trickles in a byte a second, for at most ``seconds``."""
    with socket.create_connection(("127.0.0.1", port), timeout=seconds + 5) as sock:
        # A CSRF cookie makes Django read the body (request.POST) before refusing it.
        sock.sendall(
            b"POST /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Cookie: csrftoken=" + b"a" * 32 + b"\r\nContent-Length: 100000\r\n\r\n"
        )
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not stop_event.is_set():
            try:
                sock.sendall(b"a")
            except OSError:
                return
            stop_event.wait(1)


def timed_get(port, timeout):
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/robots.txt", headers={"Host": "127.0.0.1"})
        status = connection.getresponse().status
    except OSError as error:
        return f"no answer ({type(error).__name__})", time.monotonic() - started
    finally:
        connection.close()
    return status, time.monotonic() - started


def measure(name, port, *, slow, seconds):
    stop_event = threading.Event()
    threads = [
        threading.Thread(target=slow_post, args=(port, seconds, stop_event), daemon=True)
        for _ in range(slow)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.5)  # the slow clients are connected and trickling
    status, took = timed_get(port, timeout=seconds)
    stop_event.set()
    for thread in threads:
        thread.join(seconds + 5)
    print(f"{name:40} GET with {slow} slow POSTs open: {status} in {took * 1000:.0f} ms")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slow", type=int, default=6, help="slow POST connections")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=8, help="how long each trickles")
    args = parser.parse_args(argv)
    benchlib.stop_on_sigterm()
    workdir, static_root, _, env = benchlib.start_django(
        prefix="newsroom-slow-", database_url=None, redis_url=benchlib.DEFAULT_REDIS_URL
    )
    workdir.chmod(0o755)
    benchlib.prepare_database(static_root=static_root)
    for worker_class in ("sync", "gthread"):
        port = benchlib.free_port()
        process = start_gunicorn(env, port, args.workers, worker_class, workdir)
        try:
            measure(f"gunicorn {worker_class}, direct", port, slow=args.slow, seconds=args.seconds)
        finally:
            stop(process)
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        print("nginx is not installed: apt-get install -y nginx-light (not measured)")
        return 0
    app_port, nginx_port, static_port = (benchlib.free_port() for _ in range(3))
    (workdir / "static-bench").mkdir()
    (workdir / "newsroom.conf").write_text(
        nginx_check.site_config(
            app_port=app_port,
            nginx_port=nginx_port,
            cache_dir=workdir / "nginx-cache",
            static_root=static_root,
            media_root=workdir / "media",
        )
    )
    (workdir / "nginx.conf").write_text(
        nginx_check.main_config(workdir=workdir, static_port=static_port)
    )
    process = start_gunicorn(env, app_port, args.workers, "sync", workdir)
    nginx = nginx_check.Nginx(workdir)
    try:
        nginx.start(nginx_port)
        measure("gunicorn sync behind nginx", nginx_port, slow=args.slow, seconds=args.seconds)
    finally:
        nginx.stop()
        stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
