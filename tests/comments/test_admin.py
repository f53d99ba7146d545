"""The Django admin offers the same decisions, through the same services."""

import pytest

from comments.models import Comment, Decision
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def test_admin_actions_approve_and_reject_through_the_services(article, moderator_client):
    first, second = make_comment(article), make_comment(article)
    response = moderator_client.post(
        "/admin/comments/comment/", {"action": "_approve", "_selected_action": [first.pk]}
    )
    assert response.status_code == 302
    moderator_client.post(
        "/admin/comments/comment/",
        {"action": "reject_profanity", "_selected_action": [second.pk]},
    )
    assert dict(Comment.objects.values_list("pk", "status")) == {
        first.pk: "approved",
        second.pk: "rejected",
    }
    assert Comment.objects.get(pk=second.pk).rejection_reason == "profanity"
    assert Decision.objects.count() == 2


def test_admin_shows_comments_read_only_and_escaped(article, moderator_client):
    comment = make_comment(article, name="<b>Bold</b>", body="<script>alert(1)</script>")
    html = moderator_client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<textarea name="body"' not in html and 'name="name"' not in html
    listing = moderator_client.get("/admin/comments/comment/").content.decode()
    assert "<b>Bold</b>" not in listing
    response = moderator_client.post(
        f"/admin/comments/comment/{comment.pk}/change/", {"body": "changed"}
    )
    assert response.status_code == 403
    assert Comment.objects.get().body == "<script>alert(1)</script>"


def test_editors_cannot_moderate_in_the_admin(article, client):
    from django.test import Client

    from tests.factories import make_staff

    comment = make_comment(article)
    editor = Client()
    editor.force_login(make_staff("ed", group="Editor"))
    assert editor.get("/admin/comments/comment/").status_code == 403
    editor.post(
        "/admin/comments/comment/", {"action": "_approve", "_selected_action": [comment.pk]}
    )
    assert Comment.objects.get().status == "pending"


def test_an_admin_action_never_reverses_another_moderators_decision(article, moderator_client):
    from comments import services
    from tests.factories import make_staff

    comment = make_comment(article)
    services.reject_comment(
        comment=comment, moderator=make_staff("other", group="Moderator"), reason="threat"
    )
    response = moderator_client.post(
        "/admin/comments/comment/",
        {"action": "_approve", "_selected_action": [comment.pk]},
        follow=True,
    )
    assert "already rejected by other" in response.content.decode()
    assert Comment.objects.get().status == "rejected"
