"""
Trusted and first-time senders: known by the keyed address hash and the email,
never a raw address. Trusted senders go first in the queue, still read before
anything appears; first-time senders are marked as new.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import services
from comments.holds.services import hold_facts
from comments.models import Comment
from comments.moderation import sender_hash
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ROSA = {"ip": "203.0.113.7", "email": "rosa@example.org"}


def submit(article, body, *, ip, email, name="Rosa Vidal"):
    return services.submit_comment(
        article=article, name=name, email=email, body=body, ip=ip
    ).comment


def history(article, moderator, decisions, **sender):
    """Comments from one sender, decided in order: "a" approved, "r" rejected, "p" pending."""
    for n, decision in enumerate(decisions):
        body = f"Earlier thought number {n} about the ferry, from {sender['email']}."
        comment = submit(article, body, **sender)
        if decision == "a":
            services.approve_comment(comment=comment, moderator=moderator)
        elif decision == "r":
            services.reject_comment(comment=comment, moderator=moderator, reason="off_topic")


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.COMMENTS_RATE_LIMIT = 100
    settings.COMMENTS_TRUSTED_AFTER = 3


def test_a_first_time_sender_is_marked_new(article, moderator_client):
    comment = submit(article, "My first comment here.", **ROSA)
    assert comment.first_time_sender and not comment.trusted_sender
    html = moderator_client.get("/moderation/").content.decode()
    assert "First-time sender" in html
    assert "203.0.113.7" not in str(Comment.objects.values().get())


@pytest.mark.parametrize(
    "second",
    [
        {"ip": "198.51.100.9", "email": "rosa@example.org"},
        {"ip": "203.0.113.7", "email": "other@example.org"},
    ],
)
def test_the_same_address_or_the_same_email_is_not_new(article, second):
    submit(article, "My first comment here.", **ROSA)
    assert not submit(article, "And a second one.", **second).first_time_sender


def test_the_email_is_matched_whatever_its_case(article):
    submit(article, "My first comment here.", **ROSA)
    later = submit(article, "Another.", ip="198.51.100.9", email="ROSA@Example.org")
    assert not later.first_time_sender


def test_three_approved_comments_make_a_trusted_sender_first_in_the_queue(
    article, moderator, moderator_client
):
    stranger = submit(article, "Waiting since this morning.", ip="192.0.2.1", email="x@example.org")
    history(article, moderator, "aaa", **ROSA)
    trusted = submit(article, "The 6:40 ferry was late again.", **ROSA)
    assert trusted.trusted_sender and not trusted.first_time_sender

    html = moderator_client.get("/moderation/").content.decode()
    assert "Trusted sender · fast lane" in html
    assert html.index(f'id="comment-{trusted.pk}"') < html.index(f'id="comment-{stranger.pk}"')
    lane = moderator_client.get("/moderation/?mark=trusted").content.decode()
    assert f'id="comment-{trusted.pk}"' in lane and f'id="comment-{stranger.pk}"' not in lane


@pytest.mark.parametrize(
    ("decisions", "trusted"),
    [
        ("aa", False),  # not enough yet
        ("raaa", True),  # the last three count
        ("aara", False),  # one of the last three rejected
        ("aaap", True),  # a comment still waiting is not a decision
    ],
)
def test_trust_follows_the_last_decided_comments(article, moderator, decisions, trusted):
    history(article, moderator, decisions, **ROSA)
    assert submit(article, "Today's comment.", **ROSA).trusted_sender is trusted


def test_an_email_alone_does_not_earn_trust(article, moderator):
    history(article, moderator, "aaa", **ROSA)
    impostor = submit(article, "Trust me.", ip="198.51.100.66", email="rosa@example.org")
    assert not impostor.trusted_sender and not impostor.first_time_sender


def test_knowing_the_sender_costs_two_queries_whatever_their_history(article, moderator):
    history(article, moderator, "a" * 20, **ROSA)
    with CaptureQueriesContext(connection) as queries:
        holds = hold_facts(
            sender=sender_hash(ROSA["ip"]), email=ROSA["email"], body="x", now=timezone.now()
        )
    assert holds.trusted and len(queries) == 2


def test_the_queue_budget_holds_with_trusted_and_new_senders(moderator, moderator_client):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(url).status_code == 200
        return len(queries)

    few, many = make_article(), make_article()
    submit(few, "One comment.", **ROSA)
    for n in range(30):
        sender = {"ip": f"198.51.100.{n}", "email": f"r{n}@example.org"}
        history(many, moderator, "aaa", **sender)
        submit(many, f"Comment {n} from a trusted reader.", **sender)
    assert Comment.objects.filter(trusted_sender=True).count() == 30
    assert count(f"/moderation/?article={few.pk}") == count(f"/moderation/?article={many.pk}")
