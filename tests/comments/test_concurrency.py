"""Two moderators deciding the same comments at the same moment."""

import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from comments import services
from comments.models import Comment, Decision
from tests.comments.sqlite_race import SQLITE_ONLY, run_on_a_sqlite_file
from tests.factories import make_article, make_comment, make_staff

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="This test needs PostgreSQL (set DATABASE_URL): SQLite's in-memory test database "
    "serialises concurrent writers (there the conditional UPDATE is tested in test_moderation).",
)
def test_two_threads_deciding_200_comments_leave_exactly_200_decisions():
    article = make_article()
    comments = [make_comment(article) for _ in range(200)]
    first, second = make_staff("first", group="Moderator"), make_staff("second", group="Moderator")
    start = threading.Barrier(2)
    outcome = {"first": [0, 0], "second": [0, 0]}
    errors = []

    def work(name, moderator, decide):
        try:
            for comment in comments:
                # Both threads reach each comment together: every decision is a race.
                start.wait(timeout=30)
                try:
                    decide(comment=Comment.objects.get(pk=comment.pk), moderator=moderator)
                    outcome[name][0] += 1
                except services.AlreadyDecided:
                    outcome[name][1] += 1
        except Exception as error:  # surfaced below; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    def reject(**kwargs):
        return services.reject_comment(reason="spam", **kwargs)

    threads = [
        threading.Thread(target=work, args=("first", first, services.approve_comment)),
        threading.Thread(target=work, args=("second", second, reject)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    won = outcome["first"][0] + outcome["second"][0]
    told = outcome["first"][1] + outcome["second"][1]
    assert (won, told) == (200, 200)
    assert Decision.objects.count() == 200
    assert Comment.objects.filter(status="pending").count() == 0
    assert all(comment.decisions.count() == 1 for comment in Comment.objects.all())
    approved = Comment.objects.filter(status="approved").count()
    assert approved == outcome["first"][0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason=SQLITE_ONLY)
def test_on_a_sqlite_file_two_threads_leave_exactly_one_decision_each(tmp_path):
    """SQLite as deployed (a file, WAL, BEGIN IMMEDIATE), not the in-memory test database."""
    outcome = run_on_a_sqlite_file(tmp_path, "decide", "100", timeout=240)
    assert outcome["errors"] == []
    assert sum(outcome["won"]) == 100 and sum(outcome["told"]) == 100
    assert outcome["decisions"] == 100
    assert outcome["pending"] == 0 and outcome["max_decisions_per_comment"] == 1
