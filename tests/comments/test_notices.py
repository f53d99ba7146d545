"""The reader's email about the decision on their comment: asked for, sent once, stoppable."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from comments import services
from comments.guidelines import GUIDELINES
from comments.models import Comment, Decision, DecisionNotice, NoticeRequest, Unsubscribe
from comments.notices import services as notices
from comments.notices import tasks

CLAUSES = {g.code: str(g.text) for g in GUIDELINES}


@pytest.fixture
def submit(post_comment, django_capture_on_commit_callbacks):
    """The reader sends the form; returns their comment."""

    def send(article, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_comment(article, **fields)
        assert response.status_code == 302, response.content.decode()[:500]
        return Comment.objects.latest("pk")

    return send


@pytest.fixture
def decide(moderator, django_capture_on_commit_callbacks):
    """A moderator decides; the decision commits and its tasks run."""

    def run(comment, reason=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            if reason:
                services.reject_comment(
                    comment=comment, moderator=moderator, reason=reason, **kwargs
                )
            else:
                services.approve_comment(comment=comment, moderator=moderator, **kwargs)
        return comment.decisions.latest("pk")

    return run


def unsubscribe_link(message):
    return re.search(r"http://\S+/comments/unsubscribe/\S+/", message.body).group(0)


def path_of(url):
    return url.removeprefix("http://127.0.0.1:8000")


def test_the_box_is_there_and_unticked(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    box = re.search(r'<input type="checkbox" name="notify"[^>]*>', page).group(0)
    assert "checked" not in box
    assert "Email me when my comment is approved or rejected" in page


def test_approval_email_links_to_the_published_comment(article, submit, decide):
    comment = submit(article, notify="on")
    decide(comment)

    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert "published" in message.subject
    assert article.headline in message.subject
    assert f"http://127.0.0.1:8000{article.get_absolute_url()}#comment-{comment.pk}" in (
        message.body
    )
    assert "> The new timetable suits early workers." in message.body
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", None)  # no HTML part


def test_rejection_email_names_the_clause_it_broke(article, submit, decide):
    comment = submit(article, notify="on")
    decide(comment, reason="personal_attack")

    [message] = mail.outbox
    assert "not published" in message.subject
    assert f"we do not publish comments that contain {CLAUSES['personal_attack']}." in (
        message.body
    )
    assert CLAUSES["profanity"] not in message.body
    assert unsubscribe_link(message)


def test_no_email_for_a_reader_who_did_not_ask(article, submit, decide):
    decide(submit(article), reason="spam")
    decide(submit(article, body="Another view on the fares."))

    assert mail.outbox == []
    assert not NoticeRequest.objects.exists()


def test_no_email_for_a_comment_made_without_the_form(article, decide):
    """Only the sender's own submission can ask: a comment made any other way never mails."""
    from tests.factories import make_comment

    decide(make_comment(article))
    assert mail.outbox == []


def test_a_retried_task_sends_no_second_email(article, submit, decide):
    comment = submit(article, notify="on")
    decision = decide(comment)
    assert len(mail.outbox) == 1

    for _ in range(3):
        result = tasks.send_decision_notice.enqueue(decision.pk)
        assert result.return_value == "already sent"
    assert len(mail.outbox) == 1
    assert DecisionNotice.objects.get(decision=decision).outcome == "sent"


def test_a_failed_send_is_sent_by_the_retry(article, submit, decide):
    comment = submit(article, notify="on")
    with mock.patch.object(EmailMessage, "send", side_effect=ConnectionRefusedError):
        decision = decide(comment)
    assert mail.outbox == []
    assert not DecisionNotice.objects.exists()  # the claim rolled back with the failure

    assert tasks.send_decision_notice.enqueue(decision.pk).return_value == "sent"
    assert len(mail.outbox) == 1


def test_a_revised_decision_is_the_one_the_reader_hears_of(
    article, submit, moderator, django_capture_on_commit_callbacks
):
    comment = submit(article, notify="on")
    # Approved, then revised to rejected before the worker got to the first email.
    with django_capture_on_commit_callbacks() as callbacks:
        services.approve_comment(comment=comment, moderator=moderator)
    services.reject_comment(
        comment=comment, moderator=moderator, reason="off_topic", expected="approved"
    )
    for callback in callbacks:
        callback()
    first, second = Decision.objects.filter(comment=comment)
    tasks.send_decision_notice.enqueue(second.pk)

    [message] = mail.outbox
    assert "not published" in message.subject
    assert tasks.send_decision_notice.enqueue(first.pk).return_value == "superseded"


def test_unsubscribe_link_asks_then_stops_every_email(client, article, submit, decide):
    first = submit(article, notify="on")
    decide(first)
    link = path_of(unsubscribe_link(mail.outbox[0]))

    page = client.get(link)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]  # per reader: no cache keeps it
    assert b"Unsubscribe</button>" in page.content
    assert not Unsubscribe.objects.exists()  # opening the link (a mail scanner) is not enough

    done = client.post(link)
    assert done.status_code == 200
    assert b"You are unsubscribed" in done.content

    # A later comment from the same address, box ticked again: still never mailed.
    second = submit(article, notify="on", body="One more thought.", email="ROSA@example.org")
    decide(second, reason="off_topic")
    assert len(mail.outbox) == 1
    assert DecisionNotice.objects.get(decision__comment=second).outcome == "unsubscribed"


def test_unsubscribe_page_needs_csrf(article, submit, decide):
    from django.test import Client

    decide(submit(article, notify="on"))
    link = path_of(unsubscribe_link(mail.outbox[0]))
    response = Client(enforce_csrf_checks=True).post(link)
    assert response.status_code == 403
    assert not Unsubscribe.objects.exists()


def test_one_click_unsubscribe_from_the_mail_program(article, submit, decide):
    from django.test import Client

    decide(submit(article, notify="on"))
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = message.extra_headers["List-Unsubscribe"].strip("<>")

    # RFC 8058: a POST with this body, no cookie, no token but the link's own.
    response = Client(enforce_csrf_checks=True).post(
        path_of(one_click),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Unsubscribe.objects.get().address_hash == notices.address_hash("rosa@example.org")
    assert "rosa" not in Unsubscribe.objects.get().address_hash


@pytest.mark.parametrize("token", ["nonsense", "a" * 500, "ImFiYyI:1abc:forged", "%E2%80%AE"])
def test_a_damaged_unsubscribe_link_gets_a_clear_answer(client, db, token):
    response = client.get(f"/comments/unsubscribe/{token}/")
    assert response.status_code == 400
    assert b"This unsubscribe link is not complete" in response.content
    assert client.post(f"/comments/unsubscribe/{token}/").status_code == 400
    assert client.post(f"/comments/unsubscribe/{token}/one-click/").status_code == 400
    assert not Unsubscribe.objects.exists()


def test_unsubscribing_twice_is_fine(client, article, submit, decide):
    decide(submit(article, notify="on"))
    link = path_of(unsubscribe_link(mail.outbox[0]))
    assert client.post(link).status_code == 200
    assert client.post(link).status_code == 200
    assert Unsubscribe.objects.count() == 1


def test_unsubscribe_page_query_budget(
    client, article, submit, decide, django_assert_max_num_queries
):
    from tests.factories import make_comment

    decide(submit(article, notify="on"))
    link = path_of(unsubscribe_link(mail.outbox[0]))
    for _ in range(30):
        make_comment(article)
    with django_assert_max_num_queries(3):  # the section menu; unsubscribing: get, insert
        client.get(link)
    with django_assert_max_num_queries(5):
        client.post(link)


def test_kurdish_and_arabic_names_and_words_arrive_as_written(article, submit, decide):
    name = "ئاوات <b>&amp; O'Brien"
    body = "سڵاو، ئەم چیرۆکە باشە.\nشكراً على المقال & <script>alert(1)</script>"
    comment = submit(article, notify="on", name=name, body=body, email="awat@example.org")
    decide(comment, reason="off_topic")

    [message] = mail.outbox
    assert f"Hello {name}," in message.body  # plain text: no entities, nothing dropped
    assert "> سڵاو، ئەم چیرۆکە باشە." in message.body
    assert "> شكراً على المقال & <script>alert(1)</script>" in message.body
    assert "&lt;" not in message.body and "&#x27;" not in message.body
    assert name not in message.subject and message.to == ["awat@example.org"]
    assert "سڵاو" in message.message().get_payload(decode=True).decode()  # UTF-8 on the wire


def test_long_words_are_cut_and_spam_is_never_quoted(article, submit, decide):
    long_body = "word " * 1000
    decide(submit(article, notify="on", body=long_body.strip()), reason="off_topic")
    decide(
        submit(article, notify="on", body="Buy cheap ferry tickets at example.com"),
        reason="spam",
    )
    long_email, spam_email = mail.outbox
    assert "[…]" in long_email.body and len(long_email.body) < 2000
    assert "example.com" not in spam_email.body
    assert CLAUSES["spam"] in spam_email.body


def test_two_moderators_at_once_make_one_email(article, submit, moderator, decide):
    from tests.factories import make_staff

    comment = submit(article, notify="on")
    other = make_staff("second-moderator", group="Moderator")
    decide(comment)
    with pytest.raises(services.AlreadyDecided):
        services.reject_comment(comment=comment, moderator=other, reason="spam")
    assert len(mail.outbox) == 1


def test_a_queue_that_cannot_be_reached_never_fails_the_reader_or_the_moderator(
    article, submit, decide, caplog
):
    down = mock.Mock(**{"enqueue.side_effect": ConnectionError("down")})
    with (
        mock.patch.object(tasks, "send_decision_notice", down),
        mock.patch.object(tasks, "check_queue_alert", down),
    ):
        comment = submit(article, notify="on")  # asserts the reader is sent on (302)
        decide(comment)
    assert comment.status == "approved"
    assert mail.outbox == []
    assert "down" in caplog.text  # logged for the operators


def test_words_pasted_from_word_are_quoted_as_stored(article, submit, decide):
    body = "“Smart quotes” – and a dash.\x0bA line Word broke with a vertical tab.\tTabbed."
    comment = submit(article, notify="on", body=body, name="Zoë\xa0O’Neill")
    decide(comment)

    [message] = mail.outbox
    assert "Hello Zoë\xa0O’Neill," in message.body
    stored = Comment.objects.get(pk=comment.pk).body
    assert "\x0b" not in stored  # the form made it a line break; the email quotes that
    assert notices.quote(stored) in message.body
    assert "> A line Word broke with a vertical tab.\tTabbed." in message.body
