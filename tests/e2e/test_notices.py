"""A reader asks to hear about their comment, hears, and stops the emails: in a real browser."""

import re

import pytest
from django.core import mail

from comments.guidelines import GUIDELINES
from comments.models import Comment, Unsubscribe
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

PERSONAL_ATTACK = next(str(g.text) for g in GUIDELINES if g.code == "personal_attack")


@pytest.fixture(autouse=True)
def _site(settings, live_server):
    settings.COMMENTS_FORM_MIN_SECONDS = 0  # a test browser types faster than a reader
    settings.NEWSROOM_SITE_URL = live_server.url  # the emails' links lead to this server


@pytest.fixture
def story():
    return make_article(headline="Ferry fares rise again")


@pytest.fixture
def moderator():
    return make_staff("moderator", group="Moderator")


def post_comment(reader, story, *, body, notify=True):
    page = reader.page
    reader.goto(story.get_absolute_url())
    page.get_by_role("textbox", name="Name").fill("ئاوات Rosa")
    page.get_by_role("textbox", name="Email").fill("rosa@example.org")
    page.get_by_role("textbox", name="Comment").fill(body)
    if notify:
        page.get_by_label("Email me when my comment is approved or rejected").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    assert "awaits moderation" in page.text_content("#comment-received")
    return Comment.objects.latest("pk")


def decide(mod, comment, value):
    queue = mod.page
    mod.goto("/moderation/")
    with queue.expect_navigation():
        queue.locator(f'button[name="decision"][value="{value}"]').click()


def test_rejected_reader_is_told_the_clause_and_can_unsubscribe(open_browser, story, moderator):
    reader = open_browser()
    comment = post_comment(reader, story, body="The councillor is an idiot.")
    quiet = post_comment(reader, story, body="No email for this one, please.", notify=False)

    mod = open_browser()
    mod.log_in("moderator")
    decide(mod, comment, f"reject:{comment.pk}:personal_attack")
    assert "Rejected (Personal attack): 1 comment." in mod.page.text_content(".queue__messages")
    decide(mod, quiet, f"approve:{quiet.pk}")

    [email] = mail.outbox  # the worker ran on commit (the tests' immediate backend)
    assert email.to == ["rosa@example.org"]
    assert f"we do not publish comments that contain {PERSONAL_ATTACK}." in email.body
    assert "Hello ئاوات Rosa," in email.body
    assert "> The councillor is an idiot." in email.body

    link = re.search(r"http://\S+/comments/unsubscribe/\S+/", email.body).group(0)
    page = reader.page
    page.goto(link)
    assert "Stop emails about your comments" in page.text_content("h1")
    assert reader.axe_violations() == []
    reader.screenshots("unsubscribe")
    with page.expect_navigation():
        page.get_by_role("button", name="Unsubscribe").click()
    assert "You are unsubscribed" in page.text_content("h1")
    assert Unsubscribe.objects.count() == 1
    assert reader.axe_violations() == []
    assert reader.problems == []

    # Unsubscribed: a later comment, box ticked, approved: no email.
    later = post_comment(reader, story, body="A calmer second try.")
    decide(mod, later, f"approve:{later.pk}")
    assert len(mail.outbox) == 1


def test_approval_email_leads_to_the_published_comment(open_browser, story, moderator):
    reader = open_browser()
    comment = post_comment(reader, story, body="The winter timetable works for me.")
    assert reader.axe_violations() == []

    mod = open_browser()
    mod.log_in("moderator")
    decide(mod, comment, f"approve:{comment.pk}")

    [email] = mail.outbox
    link = re.search(rf"http://\S+#comment-{comment.pk}", email.body).group(0)
    page = reader.page
    page.goto(link)
    assert "The winter timetable works for me." in page.text_content(f"#comment-{comment.pk}")
    assert reader.problems == []
