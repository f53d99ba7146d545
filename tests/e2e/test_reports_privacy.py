"""In a real browser: readers report, moderators withdraw, erase and pause."""

import json

import pytest

from comments import services
from comments.models import Comment
from comments.reports.models import ReportEntry
from tests.factories import make_article, make_comment, make_section, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _people_type_slowly_enough(settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0


@pytest.fixture
def story():
    return make_article(
        headline="Night ferries return", section=make_section(name="Coast", slug="coast")
    )


@pytest.fixture
def moderator():
    return make_staff("moderator", group="Moderator")


def approve(story, moderator, **fields):
    comment = make_comment(story, **fields)
    services.approve_comment(comment=comment, moderator=moderator)
    return comment


def assert_no_serious_axe_violations(browser_page, name):
    assert browser_page.axe_violations() == [], name


def test_a_reader_reports_a_comment_and_a_moderator_withdraws_it(open_browser, story, moderator):
    approve(story, moderator, name="Calm Reader", body="The timetable is better.")
    target = approve(story, moderator, name="Troll", body="You are all idiots.")

    reader = open_browser(javascript=False)  # a plain form: no script needed
    page = reader.page
    reader.goto(story.get_absolute_url())
    item = page.locator(f"#comment-{target.pk}")
    with page.expect_navigation():
        item.get_by_role("link", name="Report the comment by Troll").click()
    assert page.get_by_role("heading", level=1).text_content() == "Report a comment"
    assert "You are all idiots." in page.text_content(".report-page__comment")
    reader.screenshots("report-page")
    page.get_by_label("Which guideline does it break?").select_option("personal_attack")
    page.get_by_label("Anything the moderators should know (optional)").fill("Insults everyone.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()
    assert page.get_by_role("heading", level=1).text_content() == "Thank you for your report"
    reader.screenshots("report-sent")
    assert ReportEntry.objects.get().report_count == 1

    mod = open_browser()
    mod.log_in("moderator", next_path="/moderation/reports/")
    queue = mod.page
    assert "You are all idiots." in queue.text_content(".queue__list")
    assert "Insults everyone." in queue.text_content(".queue__list")
    assert_no_serious_axe_violations(mod, "report queue")
    mod.screenshots("report-queue")
    assert queue.get_by_label("Withdraw as").input_value() == "personal_attack"
    with queue.expect_navigation():
        queue.get_by_role("button", name="Withdraw").click()
    assert "Withdrawn (Personal attack)" in queue.text_content(".queue__messages")
    assert "No reported comment is waiting." in queue.text_content(".queue")

    reader.goto(story.get_absolute_url())
    comments = page.text_content("#comments")
    assert "You are all idiots." not in comments
    assert "The timetable is better." in comments
    assert reader.problems == [] and mod.problems == []


def test_a_moderator_exports_and_erases_an_address(open_browser, story, moderator, tmp_path):
    approve(story, moderator, name="Rêzan Amedî", email="rezan@example.org", body="First, mine.")
    approve(story, moderator, name="Ana Reis", email="ana@example.org", body="Second, Ana's.")

    mod = open_browser()
    mod.log_in("moderator", next_path="/moderation/privacy/")
    page = mod.page
    assert_no_serious_axe_violations(mod, "privacy page")
    page.get_by_label("The commenter's email address").fill("REZAN@example.org")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download export (JSON)").click()
    saved = tmp_path / "export.json"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    data = json.loads(text)
    assert [c["body"] for c in data["comments"]] == ["First, mine."]
    assert data["comments"][0]["name"] == "Rêzan Amedî"
    assert "ana@example.org" not in text and "Ana" not in text and "moderator" not in text

    page.get_by_label("I have checked that this request comes from the owner").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Erase everything held about this address").click()
    assert "Erased: 1 comment(s)" in page.text_content(".queue__messages")
    mod.screenshots("privacy-erased")

    reader = open_browser()
    reader.goto(story.get_absolute_url())
    comments = reader.page.text_content("#comments")
    assert "Comment removed at the author’s request." in comments
    assert "First, mine." not in comments and "Rêzan" not in comments
    assert comments.index("Comment removed") < comments.index("Second, Ana")
    assert not Comment.objects.filter(email__iexact="rezan@example.org").exists()
    assert reader.problems == [] and mod.problems == []


def test_a_paused_story_shows_its_notice_and_the_form_comes_back(open_browser, story, moderator):
    mod = open_browser()
    mod.log_in("moderator", next_path=f"/moderation/?article={story.pk}")
    page = mod.page
    page.get_by_label("Pause new comments").check()
    page.get_by_label("Notice to readers while paused (optional)").fill("Back after the verdict.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save comment controls").click()
    assert "paused" in page.text_content(".queue__messages")
    assert_no_serious_axe_violations(mod, "queue with a story's controls")

    reader = open_browser()
    reader.goto(story.get_absolute_url())
    notice = reader.page.text_content("#comments-paused")
    assert "New comments on this story are paused." in notice
    assert "Back after the verdict." in notice
    assert reader.page.locator("#comment-form").count() == 0
    assert_no_serious_axe_violations(reader, "paused story")

    page.get_by_label("Pause new comments").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save comment controls").click()
    reader.goto(story.get_absolute_url())
    assert reader.page.locator("#comment-form").count() == 1
    assert reader.problems == [] and mod.problems == []
