"""Privacy requests: export and erase what is held about one address; the retention purge."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from comments.models import Comment, Decision
from comments.privacy import services as privacy
from comments.privacy.models import ErasureRecord
from comments.reports import services as reports
from comments.reports.models import Report
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

NAME = "هێمن Qadir"
EMAIL = "Hemin.Qadir@Example.org"


@pytest.fixture
def hemin(article, moderator):
    """One commenter's three comments (approved, rejected, pending) amid another's."""
    other = make_comment(
        article,
        status="approved",
        moderator=moderator,
        name="Ana Reis",
        email="ana@example.org",
        body="Words by Ana, before.",
    )
    approved = make_comment(
        article,
        status="approved",
        moderator=moderator,
        name=NAME,
        email=EMAIL,
        body="My approved words.",
    )
    rejected = make_comment(
        article,
        status="rejected",
        moderator=moderator,
        name=NAME,
        email=EMAIL.lower(),
        body="My rejected words.",
    )
    pending = make_comment(article, name=NAME, email=EMAIL, body="My pending words.")
    after = make_comment(
        article,
        status="approved",
        moderator=moderator,
        name="Ben Okafor",
        email="ben@example.org",
        body="Words by Ben, after.",
    )
    return {
        "other": other,
        "approved": approved,
        "rejected": rejected,
        "pending": pending,
        "after": after,
    }


def export(client, email):
    return client.post("/moderation/privacy/", {"email": email, "action": "export"})


def test_the_export_downloads_json_with_only_that_person_s_data(moderator_client, hemin):
    response = export(moderator_client, "  hemin.qadir@example.ORG ")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="comments-export-')
    text = response.content.decode()
    data = json.loads(text)
    assert [c["body"] for c in data["comments"]] == [
        "My approved words.",
        "My rejected words.",
        "My pending words.",
    ]
    assert {c["name"] for c in data["comments"]} == {NAME}
    rejected = data["comments"][1]
    assert rejected["status"] == "rejected" and rejected["rejection_reason"] == "spam"
    assert [d["action"] for d in rejected["decisions"]] == ["reject"]
    assert rejected["decisions"][0]["decided_at"]
    for someone_else in ("Ana", "ana@example.org", "Ben", "ben@example.org", "moderator"):
        assert someone_else not in text


def test_the_export_of_an_unknown_address_is_empty_not_an_error(moderator_client, hemin):
    data = json.loads(export(moderator_client, "nobody@example.org").content)
    assert data["comments"] == [] and data["erasures"] == []


def test_the_privacy_page_is_for_moderators(client, editor_client, hemin):
    assert client.get("/moderation/privacy/").status_code == 302
    assert editor_client.get("/moderation/privacy/").status_code == 403
    assert (
        editor_client.post(
            "/moderation/privacy/", {"email": EMAIL, "action": "erase", "confirm": "on"}
        ).status_code
        == 403
    )
    assert Comment.objects.filter(name=NAME).count() == 3


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "not an address", "action": "export"}, "Please check the address"),
        ({"email": "", "action": "export"}, "Please give the email address"),
        ({"email": EMAIL, "action": "erase"}, "Tick this box to erase"),
        ({"email": EMAIL, "action": "burn"}, "Choose export or erase."),
        ({"email": "a\u202e@example.org", "action": "export"}, "Please check the address"),
    ],
)
def test_bad_requests_get_a_message_and_change_nothing(moderator_client, hemin, data, message):
    response = moderator_client.post("/moderation/privacy/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.filter(name=NAME).count() == 3


def test_erasing_leaves_a_tombstone_in_the_thread_and_no_trace(
    client, moderator_client, moderator, hemin
):
    url = hemin["approved"].article.get_absolute_url()
    reports.report_comment(
        comment=hemin["approved"], reason="spam", note=f"{NAME} again", sender="b" * 64
    )
    assert "My approved words." in client.get(url).content.decode()
    response = moderator_client.post(
        "/moderation/privacy/", {"email": EMAIL, "action": "erase", "confirm": "on"}, follow=True
    )
    html = response.content.decode()
    assert "Erased: 2 comment(s)" in html and "1 pending comment(s) deleted" in html

    page = client.get(url).content.decode()
    assert "Comment removed at the author’s request." in page
    assert "My approved words." not in page and NAME not in page
    assert page.index("Words by Ana, before.") < page.index("Comment removed at the author")
    assert page.index("Comment removed at the author") < page.index("Words by Ben, after.")
    assert f'action="/comments/{hemin["approved"].pk}/report/"' not in page

    assert not Comment.objects.filter(pk=hemin["pending"].pk).exists()
    assert Decision.objects.filter(comment=hemin["approved"]).exists()  # the record stays
    # No trace of the name or address anywhere in comments, decisions or reports.
    with connection.cursor() as cursor:
        for table in (
            "comments_comment",
            "comments_decision",
            "comments_report",
            "comments_reportentry",
            "comments_erasurerecord",
        ):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            dump = str(cursor.fetchall()).casefold()
            for trace in (
                EMAIL.casefold(),
                "hemin.qadir",
                NAME.casefold(),
                "qadir",
                "my approved words",
                "my rejected words",
            ):
                assert trace not in dump, (table, trace)
    assert Report.objects.get().note == ""


def test_the_erasure_is_recorded_by_a_keyed_hash_and_a_repeat_is_confirmed(moderator, hemin):
    first = privacy.erase_personal_data(email=EMAIL, by=moderator)
    assert not first.repeat
    record = ErasureRecord.objects.get()
    assert record.address_hash == privacy.address_hash("hemin.qadir@example.org")
    assert record.comments_erased == 2 and record.comments_deleted == 1
    assert record.erased_by == moderator
    again = privacy.erase_personal_data(email=EMAIL.upper(), by=moderator)
    assert again.repeat and again.record.comments_erased == 0
    assert privacy.address_hash(EMAIL) != privacy.address_hash("ana@example.org")


def test_others_comments_are_untouched(moderator, hemin):
    privacy.erase_personal_data(email=EMAIL, by=moderator)
    for key in ("other", "after"):
        comment = Comment.objects.get(pk=hemin[key].pk)
        assert comment.name == hemin[key].name and comment.body == hemin[key].body
        assert comment.email == hemin[key].email


def test_outside_the_erasure_service_a_comment_still_cannot_change(hemin):
    from comments.models import ImmutableCommentError

    with pytest.raises(ImmutableCommentError):
        Comment.objects.filter(pk=hemin["approved"].pk).update(name="")


# The command -----------------------------------------------------------------------------


def test_the_command_exports_and_erases(hemin, tmp_path):
    out = StringIO()
    call_command("comment_privacy", "export", "--email", EMAIL, stdout=out)
    assert len(json.loads(out.getvalue())["comments"]) == 3
    target = tmp_path / "export.json"
    call_command(
        "comment_privacy", "export", "--email", EMAIL, "--output", str(target), stderr=StringIO()
    )
    assert json.loads(target.read_text(encoding="utf-8"))["comments"][0]["name"] == NAME
    out = StringIO()
    call_command("comment_privacy", "erase", "--email", EMAIL, "--yes", stdout=out)
    assert "Erased: 2 comment(s)" in out.getvalue()
    assert ErasureRecord.objects.get().source == "command"
    assert not Comment.objects.filter(name=NAME).exists()


def test_the_command_refuses_a_bad_address(hemin):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Not an email address"):
        call_command("comment_privacy", "erase", "--email", "nope", "--yes")


# Retention -------------------------------------------------------------------------------


def test_rejected_comments_are_purged_after_the_retention_period(settings, article, moderator):
    settings.NEWSROOM_REJECTED_RETENTION_DAYS = 30
    old = make_comment(article, status="rejected", moderator=moderator, body="Old spam.")
    recent = make_comment(article, status="rejected", moderator=moderator, body="New spam.")
    kept = make_comment(article, status="approved", moderator=moderator, body="Fine words.")
    later = timezone.now() + timedelta(days=31)
    Comment.objects.filter(pk=recent.pk).update(decided_at=timezone.now() + timedelta(days=2))
    assert privacy.purge_rejected_comments(now=later) == 1
    old.refresh_from_db()
    assert old.body == "" and old.name == "" and old.email == "" and old.status == "rejected"
    assert Comment.objects.get(pk=recent.pk).body == "New spam."
    assert Comment.objects.get(pk=kept.pk).body == "Fine words."
    assert privacy.purge_rejected_comments(now=later) == 0  # idempotent
    assert ErasureRecord.objects.get().source == "retention"


def test_the_purge_command_enqueues_the_task(
    settings, article, moderator, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_REJECTED_RETENTION_DAYS = 1
    old = make_comment(article, status="rejected", moderator=moderator, body="Old spam.")
    Comment.objects.filter(pk=old.pk).update(decided_at=timezone.now() - timedelta(days=2))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_rejected", stdout=out)  # the immediate backend runs it on commit
    assert "Queued" in out.getvalue()
    old.refresh_from_db()
    assert old.body == ""


def test_the_purge_task_is_a_django_task(settings):
    from django_tasks.base import Task

    from comments.privacy.tasks import purge_rejected_comments

    assert isinstance(purge_rejected_comments, Task)
    settings.NEWSROOM_REJECTED_RETENTION_DAYS = 0  # off: nothing is purged
    assert purge_rejected_comments.call() == 0
    assert make_article()  # the database is untouched and usable
