"""Background tasks: the moderators' queue alert and digest, and the worker that runs them."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone

from comments import services
from comments.guidelines import GUIDELINES
from comments.models import Comment, Decision, Digest, QueueAlert
from comments.notices import services as notices
from comments.notices import tasks
from tests.factories import make_comment, make_staff


@pytest.fixture
def moderators(db):
    """Two moderators with addresses, one without, and an editor who must hear nothing."""
    first = make_staff("mod-one", group="Moderator")
    second = make_staff("mod-two", group="Moderator")
    silent = make_staff("mod-three", group="Moderator")
    editor = make_staff("editor-one", group="Editor")
    for user, email in ((first, "one@ledger.test"), (second, "two@ledger.test"), (editor, "ed@x")):
        user.email = email
        user.save()
    return first, second, silent


def waiting(article, minutes, **fields):
    return make_comment(article, submitted_at=timezone.now() - timedelta(minutes=minutes), **fields)


def test_alert_once_per_crossing(settings, article, moderators):
    settings.NEWSROOM_QUEUE_ALERT_MINUTES = 30
    waiting(article, 10)
    assert tasks.check_queue_alert.enqueue().return_value == "fine"
    assert mail.outbox == []

    waiting(article, 45)
    waiting(article, 40)
    assert tasks.check_queue_alert.enqueue().return_value == "alerted"
    assert sorted(m.to[0] for m in mail.outbox) == ["one@ledger.test", "two@ledger.test"]
    assert "45 minutes" in mail.outbox[0].subject
    assert "Comments waiting for a decision: 3" in mail.outbox[0].body

    # Still behind, more comments, more checks: no more email.
    waiting(article, 35)
    for _ in range(3):
        assert tasks.check_queue_alert.enqueue().return_value == "already alerted"
    assert len(mail.outbox) == 2

    # Moderators catch up: the crossing ends; the next one alerts again.
    late = Comment.objects.pending().filter(submitted_at__lt=timezone.now() - timedelta(minutes=20))
    for comment in late:
        services.approve_comment(comment=comment, moderator=moderators[0])
    assert tasks.check_queue_alert.enqueue().return_value == "caught up"
    assert QueueAlert.objects.get().ended_at is not None

    waiting(article, 31)
    assert tasks.check_queue_alert.enqueue().return_value == "alerted"
    assert len(mail.outbox) == 4
    assert QueueAlert.objects.count() == 2


def test_alert_is_off_at_zero(settings, article, moderators):
    settings.NEWSROOM_QUEUE_ALERT_MINUTES = 0
    waiting(article, 600)
    assert tasks.check_queue_alert.enqueue().return_value == "off"
    assert mail.outbox == []


def test_a_new_comment_checks_the_queue_after_commit(
    settings, article, moderators, post_comment, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_QUEUE_ALERT_MINUTES = 30
    waiting(article, 90)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_comment(article).status_code == 302
    assert len(mail.outbox) == 2
    # A burst of comments enqueues one check a minute, not one each.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post_comment(article, body="Second thought.", ip="203.0.113.8")
    assert len(callbacks) >= 1 and len(mail.outbox) == 2


def test_digest_counts_are_the_decision_table(article, moderators):
    moderator = moderators[0]
    for reason in ["spam", "spam", "off_topic", "threat", "personal_attack"]:
        services.reject_comment(comment=make_comment(article), moderator=moderator, reason=reason)
    for _ in range(4):
        make_comment(article, status="approved", moderator=moderator)
    # A revised decision is two decisions: one approval and one rejection that day.
    revised = make_comment(article, status="approved", moderator=moderator)
    services.reject_comment(
        comment=revised, moderator=moderator, reason="vulgarity", expected="approved"
    )
    waiting(article, 300)
    waiting(article, 5)

    today = timezone.localdate()
    counts = notices.digest_counts(day=today)
    start, end = notices.day_bounds(today)
    day = Decision.objects.filter(decided_at__gte=start, decided_at__lt=end)
    assert counts.approved == day.filter(action="approve").count() == 5
    assert counts.rejected == day.filter(action="reject").count() == 6
    by_reason = dict(
        day.filter(action="reject").order_by().values_list("reason").annotate(n=Count("pk"))
    )
    assert {g.code: n for g, n in counts.rejected_by_clause if n} == by_reason
    assert [g.code for g, _ in counts.rejected_by_clause] == [g.code for g in GUIDELINES]
    assert counts.pending == 2
    assert counts.oldest_pending < timezone.now() - timedelta(minutes=299)

    # Yesterday had none of these.
    assert notices.digest_counts(day=today - timedelta(days=1)).approved == 0


def test_digest_is_sent_once_a_day(article, moderators):
    make_comment(article, status="rejected", moderator=moderators[0])
    today = timezone.localdate().isoformat()
    assert tasks.send_moderation_digest.enqueue(today).return_value == "sent"
    assert tasks.send_moderation_digest.enqueue(today).return_value == "already sent"
    assert len(mail.outbox) == 2
    body = mail.outbox[0].body
    assert "Rejected: 1" in body and "Spam: 1" in body and "Threats: 0" in body
    assert Digest.objects.get().recipients == 2


def test_digest_command_enqueues_yesterday_by_default(article, moderators):
    call_command("moderation_digest")
    assert Digest.objects.get().day == timezone.localdate() - timedelta(days=1)
    assert "0 approved, 0 rejected, 0 pending" in mail.outbox[0].subject


def test_digest_command_refuses_a_bad_day(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("moderation_digest", day="yesterday")


def test_alert_command_enqueues_the_check(settings, article, moderators):
    settings.NEWSROOM_QUEUE_ALERT_MINUTES = 30
    waiting(article, 31)
    call_command("moderation_alerts")
    call_command("moderation_alerts")
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_database_backend_and_worker_send_the_email(settings, post_comment):
    """Production's path: the task waits in the database until db_worker runs it."""
    from django_tasks_db.models import DBTaskResult

    from tests.factories import make_article

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = make_article(headline="Ferry fares rise again")
    moderator = make_staff("moderator", group="Moderator")
    assert post_comment(article, notify="on").status_code == 302
    comment = Comment.objects.get()
    services.reject_comment(comment=comment, moderator=moderator, reason="threat")
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path__endswith="send_decision_notice").exists()

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    [message] = mail.outbox
    assert "threats of any kind" in message.body
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="This test needs PostgreSQL (set DATABASE_URL): SQLite's in-memory test database "
    "serialises concurrent writers.",
)
def test_two_workers_at_once_send_each_email_once(settings):
    """Two workers run the same tasks at the same moment, 20 times: one email each time."""
    from comments.models import NoticeRequest
    from tests.factories import make_article

    settings.NEWSROOM_QUEUE_ALERT_MINUTES = 30
    article = make_article()
    moderator = make_staff("moderator", group="Moderator")
    moderator.email = "mod@ledger.test"
    moderator.save()
    decisions = []
    for _ in range(20):
        comment = make_comment(article)
        services.approve_comment(comment=comment, moderator=moderator)
        NoticeRequest.objects.create(comment=comment)  # after: no task ran at the decision
        decisions.append(comment.decisions.get().pk)
    waiting(article, 45)
    start = threading.Barrier(2)
    results, errors = [], []

    def work():
        try:
            for decision_id in decisions:
                start.wait(timeout=30)
                results.append(notices.send_decision_notice(decision_id=decision_id))
            start.wait(timeout=30)
            results.append(notices.check_queue_alert())
        except Exception as error:  # surfaced below; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert results.count("sent") == 20 and results.count("already sent") == 20
    assert sorted(results)[:2] == ["alerted", "already alerted"]
    assert len(mail.outbox) == 21
