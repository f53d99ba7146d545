"""
Races for the concurrency tests, each thread with its own database connection.

On PostgreSQL the tests call these in-process. On SQLite they run this file on a
throwaway database file, as deployed (WAL, BEGIN IMMEDIATE), because the in-memory
test database cannot race:

    python tests/comments/sqlite_race.py decide 100   # two moderators, 100 comments
    python tests/comments/sqlite_race.py post         # every burst of BURSTS

Either prints its outcome as JSON on its last line.
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

RATE_LIMIT = 3  # COMMENTS_RATE_LIMIT while the bursts run
# Comment posts fired at the same moment: (sender's IP, text), one thread each.
BURSTS = {
    # One sender, four times the limit: RATE_LIMIT kept, the others refused with a 429.
    "one_sender": [("203.0.113.7", f"Comment number {n} from a script.") for n in range(12)],
    # Eight senders, the same words on one story: one kept, the others refused.
    "same_words": [(f"198.51.100.{n}", "Ferries should be free.") for n in range(1, 9)],
    # One sender clicking submit eight times: one comment; every click sees "received".
    "double_click": [("192.0.2.1", "Said once, clicked many times.")] * 8,
}


def run_on_a_sqlite_file(folder, *args, timeout):
    """
    This script with ``args`` against a new SQLite file in ``folder``, migrated, as
    deployed (WAL, BEGIN IMMEDIATE): what it printed last, as JSON.
    """
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{Path(folder) / 'race.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True)
    result = subprocess.run(
        [sys.executable, __file__, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def post_burst(article, posts):
    """
    POST the story's comment form once per (ip, text) in ``posts``, all at once, as
    readers' browsers would. Returns what the burst left: the response statuses,
    whether every refused post got its text back, and how many comments were stored.
    Needs COMMENTS_FORM_MIN_SECONDS = 0 and "testserver" in ALLOWED_HOSTS.
    """
    from django.db import connections
    from django.test import Client

    from comments import moderation
    from comments.models import Comment

    start = threading.Barrier(len(posts))
    statuses, refused_kept_text, errors = [], [], []

    def post(ip, text):
        try:
            data = {
                "name": "Rosa Vidal",
                "email": "rosa@example.org",
                "body": text,
                "website": "",
                "stamp": moderation.make_stamp(article.pk),
            }
            client = Client()
            start.wait(timeout=30)
            response = client.post(
                f"/stories/{article.pk}/comments/",
                data,
                REMOTE_ADDR=ip,
                HTTP_ORIGIN="http://testserver",
            )
            statuses.append(response.status_code)
            if response.status_code != 302:
                refused_kept_text.append(f"{text}</textarea>" in response.content.decode())
        except Exception as error:  # reported in the outcome; a thread's exception is lost
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=posts[i]) for i in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return {
        "statuses": sorted(statuses),
        "refused_kept_text": all(refused_kept_text),
        "stored": Comment.objects.filter(article=article).count(),
        "errors": errors,
    }


def decide_race(count):
    """Two threads decide the same ``count`` comments at the same moment."""
    from django.db import connections

    from comments import services
    from comments.models import Comment, Decision
    from tests.factories import make_article, make_comment, make_staff

    article = make_article()
    comments = [make_comment(article) for _ in range(count)]
    moderators = [make_staff("first", group="Moderator"), make_staff("second", group="Moderator")]
    barrier = threading.Barrier(2)
    won, told, errors = [0, 0], [0, 0], []

    def work(index):
        try:
            for comment in comments:
                barrier.wait(timeout=30)
                try:
                    if index == 0:
                        services.approve_comment(comment=comment, moderator=moderators[0])
                    else:
                        services.reject_comment(
                            comment=comment, moderator=moderators[1], reason="spam"
                        )
                    won[index] += 1
                except services.AlreadyDecided:
                    told[index] += 1
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "won": won,
        "told": told,
        "errors": errors,
        "decisions": Decision.objects.count(),
        "pending": Comment.objects.filter(status="pending").count(),
        "max_decisions_per_comment": max(c.decisions.count() for c in Comment.objects.all()),
    }


def post_bursts():
    """Every burst of BURSTS, each on its own story, with the settings the tests use."""
    from django.test.utils import override_settings, setup_test_environment

    from tests.factories import make_article

    setup_test_environment()  # as the test runner does: "testserver" is an allowed host
    with override_settings(COMMENTS_RATE_LIMIT=RATE_LIMIT, COMMENTS_FORM_MIN_SECONDS=0):
        return {name: post_burst(make_article(), posts) for name, posts in BURSTS.items()}


# Skip reasons, printed by `make test` (pytest -rs) beside each test they skip.
PG_ONLY = (
    "This test needs PostgreSQL (set DATABASE_URL): it checks how PostgreSQL locks "
    "concurrent posts, and this run uses another database."
)
SQLITE_ONLY = (
    "This test needs SQLite: it checks a SQLite database file as deployed, "
    "and this run uses another database."
)


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    if sys.argv[1] == "decide":
        print(json.dumps(decide_race(int(sys.argv[2]))))
    else:
        print(json.dumps(post_bursts()))
