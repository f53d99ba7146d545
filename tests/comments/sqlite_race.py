"""
Run by test_concurrency on a throwaway SQLite file: two threads decide the same
comments at the same moment, as two moderators on a SQLite deployment would.
Prints the outcome as JSON.
"""

import json
import os
import sys
import threading

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.db import connections  # noqa: E402

from comments import services  # noqa: E402
from comments.models import Comment, Decision  # noqa: E402
from tests.factories import make_article, make_comment, make_staff  # noqa: E402

COUNT = int(sys.argv[1])
article = make_article()
comments = [make_comment(article) for _ in range(COUNT)]
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
                    services.reject_comment(comment=comment, moderator=moderators[1], reason="spam")
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
print(
    json.dumps(
        {
            "won": won,
            "told": told,
            "errors": errors,
            "decisions": Decision.objects.count(),
            "pending": Comment.objects.filter(status="pending").count(),
            "max_decisions_per_comment": max(c.decisions.count() for c in Comment.objects.all()),
        }
    )
)
