"""Readers report approved comments; moderators keep or withdraw them after publication."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import moderation
from comments.models import Comment, Decision
from comments.reports import services as reports
from comments.reports.models import Report, ReportEntry
from tests.factories import make_article, make_comment, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(article, moderator):
    return make_comment(
        article, status="approved", moderator=moderator, name="Hêmin", body="A sharp view."
    )


def report(comment, *, ip="203.0.113.20", origin="http://testserver", **fields):
    data = {"reason": "personal_attack", "note": ""}
    data.update(fields)
    headers = {"REMOTE_ADDR": ip}
    if origin:
        headers["HTTP_ORIGIN"] = origin
    return Client().post(f"/comments/{comment.pk}/report/", data, **headers)


def test_each_approved_comment_links_to_its_report_page(client, approved):
    html = client.get(approved.article.get_absolute_url()).content.decode()
    item = re.search(rf'<li class="comment" id="comment-{approved.pk}">.*?</li>', html, re.S)
    assert item, html
    link = re.search(r'<a class="comment__report-link" href="([^"]+)"[^>]*>(.*?)</a>', item[0])
    assert link and link[1] == f"/comments/{approved.pk}/report/"
    assert link[2] == (
        'Report<span class="visually-hidden"> the comment by <bdi>Hêmin</bdi></span>'
    )
    assert 'rel="nofollow"' in link[0]
    # The form is on that page, not fifty times on the story's.
    assert "<form" not in item[0] and "csrfmiddlewaretoken" not in html
    page = client.get(link[1]).content.decode()
    assert f'action="/comments/{approved.pk}/report/"' in page
    assert 'value="personal_attack"' in page and approved.body in page


def test_a_reader_reports_and_is_thanked(approved):
    response = report(approved, note="یەکەم — Kurdish and عربي in a note.")
    assert response.status_code == 302
    thanks = Client().get(response["Location"])
    assert "Thank you for your report" in thanks.content.decode()
    entry = ReportEntry.objects.get()
    assert entry.comment == approved and entry.report_count == 1 and entry.status == "open"
    saved = Report.objects.get()
    assert saved.note == "یەکەم — Kurdish and عربي in a note."
    assert saved.sender_hash == moderation.sender_hash("203.0.113.20")
    assert "203.0.113.20" not in str(Report.objects.values().get())


def test_several_reports_of_one_comment_are_one_entry_with_a_count(approved):
    report(approved, ip="198.51.100.1")
    report(approved, ip="198.51.100.2", reason="spam")
    report(approved, ip="198.51.100.2", reason="spam")  # the same reader again
    entry = ReportEntry.objects.get()
    assert entry.report_count == 2
    assert Report.objects.count() == 2


def test_a_report_sent_from_another_site_is_refused(approved):
    response = report(approved, origin="https://evil.example")
    assert response.status_code == 403
    assert "could not confirm that this report was sent from our site" in response.content.decode()
    assert not ReportEntry.objects.exists()


def test_reports_are_rate_limited_per_sender_and_keep_the_note(settings, article, moderator):
    settings.COMMENTS_REPORT_RATE_LIMIT = 2
    comments = [make_comment(article, status="approved", moderator=moderator) for _ in range(3)]
    assert report(comments[0]).status_code == 302
    assert report(comments[1]).status_code == 302
    refused = report(comments[2], note="My note stays.")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "You have sent 2 reports recently" in html
    assert "My note stays." in html
    assert report(comments[2], ip="192.0.2.99").status_code == 302  # another reader


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"reason": "not-a-guideline"}, "Please choose one of the guidelines listed."),
        ({"reason": ""}, "Please choose which guideline the comment breaks."),
        ({"note": "Eve\u202egnp.exe"}, "change the direction of text"),
        ({"note": "x" * 501}, "the most is 500"),
        ({"note": "Word\x85control"}, ""),  # C1 controls are removed, not refused
    ],
)
def test_bad_reports_get_a_clear_message_and_never_a_500(approved, fields, message):
    response = report(approved, **fields)
    if message:
        assert response.status_code == 400
        assert message in response.content.decode()
    else:
        assert response.status_code == 302
        assert Report.objects.get().note == "Wordcontrol"


def test_only_approved_comments_can_be_reported(article, moderator):
    pending = make_comment(article)
    rejected = make_comment(article, status="rejected", moderator=moderator)
    assert report(pending).status_code == 404
    assert report(rejected).status_code == 404
    assert Client().get("/comments/999999/report/").status_code == 404


def test_the_report_page_works_without_the_story_page(approved):
    html = Client().get(f"/comments/{approved.pk}/report/").content.decode()
    assert "Report a comment" in html and "A sharp view." in html
    assert 'name="reason"' in html


# The review queue --------------------------------------------------------------------------


def test_the_review_queue_is_for_moderators_only(client, editor_client, approved):
    report(approved)
    assert client.get("/moderation/reports/").status_code == 302
    assert editor_client.get("/moderation/reports/").status_code == 403
    assert editor_client.post("/moderation/reports/decide/", {}).status_code == 403


def test_a_moderator_sees_the_reports_most_reported_first(moderator_client, article, moderator):
    once = make_comment(article, status="approved", moderator=moderator, body="Reported once.")
    twice = make_comment(article, status="approved", moderator=moderator, body="Reported twice.")
    report(once, ip="192.0.2.1")
    report(twice, ip="192.0.2.1", note="Attacks another reader.")
    report(twice, ip="192.0.2.2")
    html = moderator_client.get("/moderation/reports/").content.decode()
    assert html.index("Reported twice.") < html.index("Reported once.")
    assert "Attacks another reader." in html
    assert "<strong data-open-reports>2</strong>" in html


def test_withdrawing_takes_the_comment_off_the_cached_story_page_at_once(
    client, moderator_client, moderator, approved
):
    url = approved.article.get_absolute_url()
    report(approved)
    assert "A sharp view." in client.get(url).content.decode()
    entry = ReportEntry.objects.get()
    response = moderator_client.post(
        "/moderation/reports/decide/",
        {"entry": entry.pk, "action": "withdraw", "reason": "personal_attack", "note": "Crossed."},
        follow=True,
    )
    assert "Withdrawn (Personal attack)" in response.content.decode()
    assert "A sharp view." not in client.get(url).content.decode()
    entry.refresh_from_db()
    assert entry.status == "withdrawn" and entry.resolved_by == moderator
    assert entry.reason == "personal_attack" and entry.note == "Crossed."
    decision = Decision.objects.filter(comment=approved).latest("decided_at")
    assert decision.action == "reject" and decision.previous_status == "approved"
    assert decision.moderator == moderator and decision.reason == "personal_attack"
    approved.refresh_from_db()
    assert approved.body == "A sharp view." and approved.name == "Hêmin"  # words untouched


def test_keeping_leaves_the_comment_and_records_who(client, moderator_client, moderator, approved):
    report(approved)
    entry = ReportEntry.objects.get()
    moderator_client.post("/moderation/reports/decide/", {"entry": entry.pk, "action": "keep"})
    entry.refresh_from_db()
    assert entry.status == "kept" and entry.resolved_by == moderator and entry.resolved_at
    assert "A sharp view." in client.get(approved.article.get_absolute_url()).content.decode()
    kept = moderator_client.get("/moderation/reports/?status=kept").content.decode()
    assert "Kept by <bdi>moderator</bdi>" in kept


def test_two_moderators_at_once_the_second_is_told_and_changes_nothing(approved):
    first, second = make_staff("first", group="Moderator"), make_staff("second", group="Moderator")
    report(approved)
    entry = ReportEntry.objects.get()
    reports.keep_comment(entry=entry, moderator=first)
    with pytest.raises(reports.AlreadyResolved) as conflict:
        reports.withdraw_comment(entry=entry, moderator=second, reason="spam")
    assert "already resolved (kept) by first" in str(conflict.value)
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_a_comment_rejected_meanwhile_closes_its_report(moderator, approved):
    from comments import services

    report(approved)
    services.reject_comment(
        comment=approved, moderator=moderator, reason="spam", expected=Comment.Status.APPROVED
    )
    entry = reports.withdraw_comment(
        entry=ReportEntry.objects.get(), moderator=moderator, reason="threat"
    )
    assert entry.status == "withdrawn"
    assert Decision.objects.filter(comment=approved, previous_status="approved").count() == 1


def test_a_withdraw_without_a_reason_or_garbage_changes_nothing(moderator_client, approved):
    report(approved)
    entry = ReportEntry.objects.get()
    for data in [
        {"entry": entry.pk, "action": "withdraw"},
        {"entry": "x", "action": "keep"},
        {"entry": entry.pk, "action": "delete"},
        {"entry": 999999, "action": "keep"},
    ]:
        response = moderator_client.post("/moderation/reports/decide/", data, follow=True)
        assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.status == "open"


# Budgets -----------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_review_queue_budget_does_not_grow_with_entries_or_reports(moderator_client, moderator):
    story = make_article()
    first = make_comment(story, status="approved", moderator=moderator)
    report(first)
    # session, user, permissions (user's and groups'), the moderator's desks
    # (editions), the open total, one page of entries with their comments, stories and
    # resolvers, their latest reports (one windowed query), the site's sections
    # (navigation).
    budget = count_queries(moderator_client, "/moderation/reports/")
    assert budget == 9
    for n in range(30):
        comment = make_comment(story, status="approved", moderator=moderator)
        for reader in range(4):
            report(comment, ip=f"10.0.{n}.{reader}", note=f"Note {n}-{reader}")
    assert count_queries(moderator_client, "/moderation/reports/") == budget


def test_the_story_page_budget_does_not_grow_with_report_controls(client, moderator):
    few, many = make_article(), make_article()
    make_comment(few, status="approved", moderator=moderator)
    for _ in range(60):
        make_comment(many, status="approved", moderator=moderator)
    report(Comment.objects.filter(article=many).first())
    assert count_queries(client, few.get_absolute_url()) == count_queries(
        client, many.get_absolute_url()
    )
