"""Readers comment, moderators decide, attackers fail: in a real browser."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from comments.models import Comment
from tests.factories import make_article, make_author, make_interview, make_section, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _people_type_slowly_enough(settings):
    # The signed form stamp refuses forms sent within seconds of opening: a
    # test browser is faster than any reader.
    settings.COMMENTS_FORM_MIN_SECONDS = 0


@pytest.fixture
def story():
    article = make_article(
        headline="The harbour master on a hard winter",
        section=make_section(name="Coast", slug="coast"),
        authors=[make_author(name="Ines Carvalho", slug="ines-carvalho")],
        tags=["Harbour"],
    )
    make_interview(article, turns=6)
    return article


@pytest.fixture
def moderator():
    return make_staff("moderator", group="Moderator")


def post_comment(reader, story, *, name="Rosa Vidal", body="The new ferry is quieter."):
    page = reader.page
    reader.goto(story.get_absolute_url())
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Email").fill("rosa@example.org")
    page.get_by_role("textbox", name="Comment").fill(body)
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()


def test_reader_comments_and_a_moderator_approves_with_the_keyboard(open_browser, story, moderator):
    reader = open_browser()
    post_comment(reader, story)
    page = reader.page
    assert "awaits moderation" in page.text_content("#comment-received")
    assert "The new ferry is quieter." not in page.text_content("#comments")
    reader.screenshots("comment-awaiting-moderation")
    post_comment(reader, story, name="Troll", body="Something the guidelines do not allow.")

    mod = open_browser()
    mod.log_in("moderator")
    queue = mod.page
    assert queue.locator("[data-pending-total]").text_content() == "2"
    mod.screenshots("moderation-queue")
    queue.keyboard.press("j")
    assert queue.evaluate("document.activeElement.id") == f"comment-{Comment.objects.first().pk}"
    with queue.expect_navigation():
        queue.keyboard.press("a")
    assert "Approved: 1 comment." in queue.text_content(".queue__messages")
    assert queue.locator("[data-pending-total]").text_content() == "1"
    queue.keyboard.press("j")
    with queue.expect_navigation():
        queue.keyboard.press("1")  # the first guideline reason: profanity
    assert "Rejected (Profanity): 1 comment." in queue.text_content(".queue__messages")
    assert "No comment is waiting" in queue.text_content(".queue")

    page.goto(reader.base_url + story.get_absolute_url())
    comments = page.text_content("#comments")
    assert "The new ferry is quieter." in comments
    assert "(1)" in page.text_content("#comments-heading")
    assert "Something the guidelines do not allow." not in comments
    reader.screenshots("comment-approved")
    assert reader.problems == [] and mod.problems == []


def test_a_refused_comment_keeps_the_words_says_why_and_can_be_sent_again(open_browser, story):
    reader = open_browser()
    page = reader.page
    reader.goto(story.get_absolute_url())
    page.get_by_role("textbox", name="Email").fill("rosa@example.org")
    page.get_by_role("textbox", name="Comment").fill("My view, kept.")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Post comment").click()
    assert navigation.value.status == 400
    assert page.title().startswith("Your comment was not posted")
    assert page.get_by_role("heading", level=1).text_content() == "Your comment was not posted"
    assert "Please correct the 1 field marked below" in page.text_content("#comment-errors")
    name = page.get_by_role("textbox", name="Name")
    assert name.get_attribute("aria-invalid") == "true"
    described_by = name.get_attribute("aria-describedby").split()
    assert "Please tell us your name." in page.text_content(f"#{described_by[-1]}")
    assert page.get_by_role("textbox", name="Email").input_value() == "rosa@example.org"
    assert page.get_by_role("textbox", name="Comment").input_value() == "My view, kept."
    back = page.get_by_role("link", name=story.headline)
    assert back.get_attribute("href") == story.get_absolute_url()
    reader.screenshots("comment-refused")

    name.fill("Rosa Vidal")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "awaits moderation" in page.text_content("#comment-received")
    assert Comment.objects.get().body == "My view, kept."
    # The story page and the refusal page run no inline script or style (strict CSP).
    assert [p for p in reader.problems if "CSP" in p] == []


def test_a_comment_sent_after_comments_closed_is_given_back_to_copy(open_browser, story):
    reader = open_browser()
    page = reader.page
    reader.goto(story.get_absolute_url())
    page.get_by_role("textbox", name="Name").fill("Rosa Vidal")
    page.get_by_role("textbox", name="Email").fill("rosa@example.org")
    page.get_by_role("textbox", name="Comment").fill("Written while it was open.")
    story.comments_enabled = False
    story.save()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Post comment").click()
    assert navigation.value.status == 403
    assert "comments on this story are closed" in page.text_content("#comment-errors")
    kept = page.get_by_role("textbox", name="Your comment, so you can keep a copy:")
    assert kept.input_value() == "Written while it was open."
    assert page.locator("#comment-form").count() == 0
    assert "rosa@example.org" not in page.content()
    page.get_by_role("link", name="Back to the story").click()
    page.wait_for_load_state()
    assert "Comments on this story are closed." in page.text_content("#comments")
    assert Comment.objects.count() == 0


def test_two_readers_comment_from_the_same_cached_page_each_with_their_own_stamp(
    open_browser, story
):
    first = open_browser()
    first.goto(story.get_absolute_url())
    page_stamp = first.page.locator('input[name="stamp"]').input_value()
    post_comment(first, story, name="Rosa Vidal", body="First reader's view.")
    assert "awaits moderation" in first.page.text_content("#comment-received")

    second = open_browser()
    response = second.goto(story.get_absolute_url())
    assert response.headers.get("x-page-cache") == "hit"
    page = second.page
    stamp = page.locator('input[name="stamp"]')
    assert stamp.input_value() == page_stamp  # the cached page's, already used
    with page.expect_response(lambda r: "/comments/stamp/" in r.url) as fetched:
        page.get_by_role("textbox", name="Name").fill("Ana Reis")
    assert fetched.value.status == 200
    assert "no-store" in fetched.value.headers["cache-control"]
    page.wait_for_function(
        "old => document.querySelector('input[name=stamp]').value !== old", arg=page_stamp
    )
    page.get_by_role("textbox", name="Email").fill("ana@example.org")
    page.get_by_role("textbox", name="Comment").fill("Second reader's view.")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "awaits moderation" in page.text_content("#comment-received")
    assert sorted(Comment.objects.values_list("body", flat=True)) == [
        "First reader's view.",
        "Second reader's view.",
    ]
    assert first.problems == [] and second.problems == []


def test_without_javascript_a_second_reader_of_the_same_page_sends_again(open_browser, story):
    post_comment(open_browser(javascript=False), story, body="First, with scripts off.")
    second = open_browser(javascript=False)
    post_comment(second, story, name="Ana Reis", body="Second, with scripts off.")
    page = second.page
    assert page.title().startswith("Your comment was not posted")
    assert "please send it again" in page.text_content("#comment-errors")
    assert page.get_by_role("textbox", name="Comment").input_value() == "Second, with scripts off."
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "awaits moderation" in page.text_content("#comment-received")
    assert Comment.objects.count() == 2


def test_without_javascript_reading_and_commenting_work(open_browser, story):
    reader = open_browser(javascript=False)
    post_comment(reader, story, body="Sent with scripts off.")
    assert "awaits moderation" in reader.page.text_content("#comments")
    assert Comment.objects.get().body == "Sent with scripts off."
    assert reader.page.locator(".turn").count() == 6


class _AttackerPage(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):  # noqa: N802 - http.server's naming
        body = (
            f'<!doctype html><form method="post" action="{self.target}">'
            '<input name="name" value="Mallory"><input name="email" value="m@example.org">'
            '<input name="body" value="Posted from elsewhere">'
            '<button type="submit">Win a prize</button></form>'
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def attacker_site(live_server, story):
    _AttackerPage.target = f"{live_server.url}/stories/{story.pk}/comments/"
    server = HTTPServer(("127.0.0.1", 0), _AttackerPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_a_form_posted_from_another_site_is_refused(open_browser, attacker_site):
    victim = open_browser()
    page = victim.page
    page.goto(attacker_site)
    with page.expect_navigation():
        page.get_by_role("button", name="Win a prize").click()
    assert "could not confirm that this form was sent from our site" in page.content()
    assert page.title().startswith("Your comment was not posted")
    assert page.get_by_role("textbox", name="Comment").input_value() == "Posted from elsewhere"
    assert Comment.objects.count() == 0


def test_a_comment_carrying_script_stays_inert_text(open_browser, story, moderator):
    from comments import services
    from tests.factories import make_comment

    payload = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    comment = make_comment(story, name='<b onmouseover="window.pwned=3">Eve</b>', body=payload)
    services.approve_comment(comment=comment, moderator=moderator)
    reader = open_browser()
    reader.goto(story.get_absolute_url())
    page = reader.page
    assert payload in page.text_content("#comments")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#comments img").count() == 0
    mod = open_browser()
    mod.log_in("moderator", next_path="/moderation/?status=approved")
    assert payload in mod.page.text_content(".queue")
    assert mod.page.evaluate("window.pwned") is None
