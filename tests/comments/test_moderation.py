"""Moderators decide comments; nobody edits what a reader wrote."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import services
from comments.models import Comment, Decision, ImmutableCommentError
from tests.factories import make_article, make_comment, make_section, make_staff

pytestmark = pytest.mark.django_db


def decide(client, *, next_url="/moderation/", expected="pending", **data):
    return client.post("/moderation/decide/", {"next": next_url, "expected": expected, **data})


def test_the_reader_to_moderator_to_reader_journey(client, article, moderator_client, post_comment):
    post_comment(article, name="Rosa Vidal", body="The new ferry is quieter.")
    comment = Comment.objects.get()
    queue = moderator_client.get("/moderation/").content.decode()
    assert "The new ferry is quieter." in queue and "rosa@example.org" in queue
    assert "Ferry fares rise again" in queue
    assert (
        "The new ferry is quieter." not in client.get(article.get_absolute_url()).content.decode()
    )

    response = decide(moderator_client, decision=f"approve:{comment.pk}")
    assert response.status_code == 302 and response["Location"] == "/moderation/"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "The new ferry is quieter." in page and "(1)" in page
    assert "rosa@example.org" not in page


def test_a_rejected_comment_never_appears(client, article, moderator_client, post_comment):
    post_comment(article, body="You are all idiots.")
    comment = Comment.objects.get()
    decide(moderator_client, decision=f"reject:{comment.pk}:personal_attack")
    comment.refresh_from_db()
    assert comment.status == "rejected" and comment.rejection_reason == "personal_attack"
    assert "idiots" not in client.get(article.get_absolute_url()).content.decode()
    decision = Decision.objects.get()
    assert (decision.action, decision.reason, decision.previous_status) == (
        "reject",
        "personal_attack",
        "pending",
    )


def test_queue_header_filters_and_order(moderator_client, moderator):
    news, culture = make_section(slug="news"), make_section(slug="culture")
    first, second = make_article(section=news), make_article(section=culture)
    old = make_comment(first, body="Old one", submitted_at=timezone.now() - timedelta(days=2))
    make_comment(second, body="New one", flags="links")
    make_comment(first, status="approved", moderator=moderator, body="Already approved")
    html = moderator_client.get("/moderation/").content.decode()
    assert "<strong data-pending-total>2</strong> pending" in html
    assert "oldest waiting <strong>2\xa0days</strong>" in html
    assert html.index("Old one") < html.index("New one")
    assert "Already approved" not in html

    def shown(query):
        page = moderator_client.get(f"/moderation/?{query}").content.decode()
        return [body for body in ("Old one", "New one", "Already approved") if body in page]

    assert shown("section=culture") == ["New one"]
    assert shown(f"article={first.pk}") == ["Old one"]
    assert shown("age=1d") == ["Old one"]
    assert shown("flag=links") == ["New one"]
    assert shown(f"sender={old.sender_hash}") == ["Old one"]
    assert shown("status=approved") == ["Already approved"]


def test_bulk_approve_and_reject(article, moderator_client):
    comments = [make_comment(article) for _ in range(4)]
    decide(moderator_client, bulk="approve", selected=[c.pk for c in comments[:2]])
    decide(
        moderator_client, bulk="reject", bulk_reason="spam", selected=[c.pk for c in comments[2:]]
    )
    assert sorted(Comment.objects.values_list("status", flat=True)) == [
        "approved",
        "approved",
        "rejected",
        "rejected",
    ]
    assert Decision.objects.count() == 4


def test_reject_needs_a_guideline_reason(article, moderator_client):
    comment = make_comment(article)
    response = decide(moderator_client, decision=f"reject:{comment.pk}:because")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "pending"
    page = moderator_client.get("/moderation/").content.decode()
    assert "Choose a guideline reason to reject; nothing was changed." in page


def test_the_second_moderator_is_told_it_was_already_decided(article, moderator_client):
    comment = make_comment(article)
    other = make_staff("second", group="Moderator")
    services.approve_comment(comment=comment, moderator=other)
    decide(moderator_client, decision=f"reject:{comment.pk}:spam")
    comment.refresh_from_db()
    assert comment.status == "approved"
    page = moderator_client.get("/moderation/").content.decode()
    assert "already approved by second" in page
    assert Decision.objects.count() == 1


def test_a_decision_can_be_revised_and_every_decision_is_kept(article, moderator_client):
    comment = make_comment(article)
    decide(moderator_client, decision=f"approve:{comment.pk}")
    decide(
        moderator_client,
        decision=f"reject:{comment.pk}:off_topic",
        expected="approved",
        next_url="/moderation/?status=approved",
    )
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert list(comment.decisions.values_list("action", "previous_status")) == [
        ("approve", "pending"),
        ("reject", "approved"),
    ]


def test_what_a_reader_wrote_can_never_change(article):
    comment = make_comment(article, body="Original words.")
    comment.body = "Edited words."
    with pytest.raises(ImmutableCommentError):
        comment.save()
    loaded = Comment.objects.get()
    loaded.name = "Someone else"
    with pytest.raises(ImmutableCommentError):
        loaded.save(update_fields=["name"])
    with pytest.raises(ImmutableCommentError):
        Comment.objects.filter(pk=comment.pk).update(body="Sneaky")
    with pytest.raises(ImmutableCommentError):
        Comment(pk=comment.pk, article=article, name="x", email="x@example.org", body="y").save()
    assert Comment.objects.get().body == "Original words."


def test_decisions_are_append_only(article, moderator):
    comment = make_comment(article, status="approved", moderator=moderator)
    decision = Decision.objects.get()
    decision.reason = "spam"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        decision.delete()
    with pytest.raises(ValidationError):
        Decision.objects.all().delete()
    with pytest.raises(ValidationError):
        Decision.objects.update(action="reject")
    assert comment.decisions.count() == 1


def test_xss_in_comments_is_escaped_in_the_queue(article, moderator_client):
    make_comment(article, name="<script>alert(1)</script>", body="<img src=x onerror=alert(2)>")
    html = moderator_client.get("/moderation/").content.decode()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_moderators_reach_the_queue(article):
    comment = make_comment(article)
    response = Client().get("/moderation/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert (
        Client().post("/moderation/decide/", {"decision": f"approve:{comment.pk}"}).status_code
        == 302
    )
    for group in ("Editor", "Reporter"):
        staff = Client()
        staff.force_login(make_staff(group.lower(), group=group))
        assert staff.get("/moderation/").status_code == 403
        assert decide(staff, decision=f"approve:{comment.pk}").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"
    # Moderators cannot change stories.
    moderator = Client()
    moderator.force_login(make_staff("mod", group="Moderator"))
    assert moderator.get(f"/admin/articles/article/{article.pk}/change/").status_code == 403
    both = make_staff("both", group="Editor")
    both.groups.add(*make_staff("tmp", group="Moderator").groups.all())
    editor_moderator = Client()
    editor_moderator.force_login(both)
    assert editor_moderator.get("/moderation/").status_code == 200


def test_the_queue_is_a_form_that_works_without_javascript(article, moderator_client):
    comment = make_comment(article)
    html = moderator_client.get("/moderation/").content.decode()
    form = re.search(r'<form method="post" action="/moderation/decide/"(.*?)</form>', html, re.S)
    assert form and 'name="csrfmiddlewaretoken"' in form.group(1)
    assert f'name="decision" value="approve:{comment.pk}"' in form.group(1)
    assert f'name="decision" value="reject:{comment.pk}:profanity"' in form.group(1)
    assert 'data-reason-key="1"' in form.group(1)
    assert '<script src="/static/js/moderation.js" defer></script>' in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_story_page_and_queue_budgets_hold_from_1_to_100_comments(
    client, moderator_client, moderator
):
    one, hundred = make_article(), make_article()
    make_comment(one, status="approved", moderator=moderator)
    make_comment(one)
    for _ in range(100):
        make_comment(hundred, status="approved", moderator=moderator)
    for _ in range(100):
        make_comment(hundred)
    # Story page: see tests/articles/test_query_budgets.py (approved comments are one query).
    assert count_queries(client, one.get_absolute_url()) == count_queries(
        client, hundred.get_absolute_url()
    )
    # Queue: session, user, the user's and the groups' permissions, the moderator's
    # desks (editions), header aggregate, one page of comments with stories, sections
    # (filter and navigation), the stories over a surge threshold and (here, with a
    # hundred pending on one) their headlines and controls, the filtered story's surge
    # controls.
    assert count_queries(moderator_client, f"/moderation/?article={one.pk}") == 12
    assert count_queries(moderator_client, f"/moderation/?article={hundred.pk}") == 12


@pytest.mark.parametrize("value", ["9" * 40, "²", "١٢", "12\x00", "-3"])
def test_a_story_filter_that_names_no_story_shows_the_whole_queue(moderator_client, value):
    story = make_article(headline="Ferry fares rise")
    make_comment(story, body="Waiting for a moderator.")
    response = moderator_client.get("/moderation/", {"article": value})
    assert response.status_code == 200
    assert "Waiting for a moderator." in response.content.decode()
