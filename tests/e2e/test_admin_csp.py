"""
The admin under its Content-Security-Policy, in Chromium: every page an editor
uses sends the policy, and the browser reports no violation while they work.
"""

import pytest
from django.contrib.auth.models import Group

from articles.editorial.revisions import add_story, story_revision
from tests.factories import make_article, make_comment, make_interview, make_section, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story():
    article = make_article(
        headline="Harbour board to vote on night dredging",
        section=make_section(name="Coast", slug="coast"),
        body="<p>The board meets on Tuesday.</p>",
    )
    make_interview(article, turns=3)
    make_comment(article, body="Will the dredging keep us awake?")
    with story_revision(comment="Filed"):
        add_story(article)
    return article


@pytest.fixture
def editor():
    user = make_staff("editor", group="Editor")
    user.groups.add(Group.objects.get(name="Moderator"))
    return user


def assert_policy(response):
    policy = response.header_value("content-security-policy")
    assert policy, f"{response.url} sent no Content-Security-Policy"
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, policy


def csp_violations(page):
    return [problem for problem in page.problems if "CSP violation" in problem]


def test_an_editor_works_through_the_admin_without_a_csp_violation(open_browser, story, editor):
    browser = open_browser()
    assert_policy(browser.goto("/admin/login/"))
    browser.log_in("editor", next_path="/admin/")
    page = browser.page
    assert page.locator("#logout-form").count() == 1, "the editor is logged in"

    assert_policy(browser.goto("/admin/"))
    assert_policy(browser.goto("/admin/articles/article/"))
    assert page.get_by_role("link", name=story.headline).count() == 1

    # The story page, with the rich-text editor: type into it and save.
    assert_policy(browser.goto(f"/admin/articles/article/{story.pk}/change/"))
    body = page.locator(".prose-editor [contenteditable=true]")
    body.wait_for(state="visible")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("The vote is expected to be close.")
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.wait_for_load_state()
    assert "was changed successfully" in page.text_content(".messagelist")
    story.refresh_from_db()
    assert "<p>The vote is expected to be close.</p>" in story.body

    # The transcript's paste page, and its preview.
    assert_policy(browser.goto(f"/admin/articles/interview/{story.interview.pk}/paste/"))
    page.locator("textarea").first.fill("Ledger: Will it be loud?\n\nOkafor: Only at first.")
    page.get_by_role("button", name="Preview").first.click()
    page.wait_for_load_state()

    # Two versions of the story compared.
    assert_policy(browser.goto(f"/admin/articles/article/{story.pk}/history/"))
    page.get_by_role("button", name="Compare the two versions").click()
    page.wait_for_load_state()
    assert "The vote is expected to be close." in page.text_content(".revision-compare")

    # Comments: the admin's list and the moderation queue.
    assert_policy(browser.goto("/admin/comments/comment/"))
    assert page.get_by_text("Will the dredging keep us awake?").count() >= 1
    assert_policy(browser.goto("/moderation/"))
    assert page.get_by_text("Will the dredging keep us awake?").count() >= 1

    assert csp_violations(browser) == []
    assert browser.problems == []


def test_too_many_wrong_passwords_get_the_admin_lockout_page(open_browser, editor):
    browser = open_browser()
    for _ in range(5):
        browser.log_in("editor", password="not-the-password", next_path="/admin/")
    browser.log_in("editor", next_path="/admin/")

    page = browser.page
    assert page.get_by_role("heading", name="Too many failed logins").is_visible()
    assert "Try again in 15 minutes." in page.text_content(".errornote")
    assert page.locator("#logout-form").count() == 0
    browser.screenshots("admin-login-locked-out")
    # The browser logs the 429 answers themselves; nothing else may fail.
    assert [problem for problem in browser.problems if "status of 429" not in problem] == []
