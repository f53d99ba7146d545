"""axe-core on every public page, the queue and the editors' admin: no serious violation."""

import pytest

from tests.factories import (
    image_upload,
    make_article,
    make_author,
    make_comment,
    make_interview,
    make_section,
    make_staff,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(settings):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    section = make_section(name="Coast", slug="coast", description="News from the coast.")
    author = make_author(
        name="Ines Carvalho",
        slug="ines-carvalho",
        bio="Covers the harbour.",
        photo=image_upload("ines.jpg", (200, 200)),
    )
    story = make_article(
        headline="The harbour master on a hard winter",
        section=section,
        authors=[author],
        tags=["Harbour"],
        dateline="PORT ELIN, Norway",
        hero_image=image_upload(),
        hero_alt="The harbour at dusk",
        hero_caption="The outer harbour.",
        hero_credit="Photo: Tomas Reyes",
    )
    make_interview(story, turns=6)
    make_article(headline="Ferry timetable changes", section=section, tags=["Harbour"])
    moderator = make_staff("moderator", group="Moderator")
    make_comment(story, status="approved", moderator=moderator, body="A first comment.")
    make_comment(story, body="Waiting for a moderator.", flags="links")
    return story


PUBLIC_PAGES = {
    "editions": "/",
    "front": "/en/",
    "section": "/en/section/coast/",
    "tag": "/en/tag/harbour/",
    "author": "/en/author/ines-carvalho/",
}


def assert_accessible(reader, name):
    violations = reader.axe_violations()
    assert violations == [], f"{name}: {violations}"


def test_public_pages_have_no_serious_violations(open_browser, site):
    reader = open_browser()
    for name, path in {**PUBLIC_PAGES, "story": site.get_absolute_url()}.items():
        reader.goto(path)
        assert_accessible(reader, name)
        reader.screenshots(f"a11y-{name}")
    reader.page.goto(reader.base_url + "/en/no-such-page/")
    assert_accessible(reader, "404")
    assert [p for p in reader.problems if "404" not in p] == []


def test_comment_form_states_have_no_serious_violations(open_browser, site):
    reader = open_browser()
    page = reader.page
    reader.goto(site.get_absolute_url() + "#comment-form")
    assert_accessible(reader, "comment form")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "Please tell us your name." in page.text_content(".comment-form")
    assert page.title().startswith("Your comment was not posted")
    assert_accessible(reader, "comment refused, form with errors")
    reader.screenshots("a11y-comment-refused")
    page.get_by_role("textbox", name="Name").fill("Rosa")
    page.get_by_role("textbox", name="Email").fill("rosa@example.org")
    page.get_by_role("textbox", name="Comment").fill("Accessible, I hope.")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "awaits moderation" in page.text_content("#comments")
    assert_accessible(reader, "comment received")


def test_the_closed_comments_refusal_has_no_serious_violations(open_browser, site):
    reader = open_browser()
    page = reader.page
    reader.goto(site.get_absolute_url())
    page.get_by_role("textbox", name="Comment").fill("Too late, I know.")
    site.comments_enabled = False
    site.save()
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "comments on this story are closed" in page.text_content("#comment-errors")
    assert_accessible(reader, "comment refused, comments closed")


def test_moderation_queue_has_no_serious_violations(open_browser, site):
    moderator = open_browser()
    moderator.log_in("moderator")
    assert_accessible(moderator, "queue")
    assert moderator.problems == []


def test_the_editors_admin_pages_have_no_serious_violations(open_browser, site):
    """The pages an editor works in all day, autocomplete boxes included."""
    make_staff("editor", group="Editor")
    editor = open_browser()
    editor.log_in("editor", next_path="/admin/")
    interview = site.interview
    pages = {
        "admin index": "/admin/",
        "story list": "/admin/articles/article/",
        "story form": f"/admin/articles/article/{site.pk}/change/",
        "new story": "/admin/articles/article/add/",
        "interview form": f"/admin/articles/interview/{interview.pk}/change/",
        "paste page": f"/admin/articles/interview/{interview.pk}/paste/",
        "front page arrangement": "/admin/articles/frontpage/add/",
        "story history": f"/admin/articles/article/{site.pk}/history/",
    }
    for name, path in pages.items():
        editor.goto(path)
        assert editor.problems == [], name  # the page's own: no CSP violation, no JS error
        assert_accessible(editor, name)
        editor.problems.clear()  # what axe's own injection set off, not the page


def test_keyboard_alone_reaches_every_comment_field_with_visible_focus(open_browser, site):
    reader = open_browser()
    page = reader.page
    reader.goto(site.get_absolute_url())
    page.get_by_role("textbox", name="Name").focus()
    visited = []
    for _ in range(5):
        element = page.evaluate(
            """() => {
              const el = document.activeElement, style = getComputedStyle(el);
              return {name: el.name || el.textContent.trim(),
                      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                      shadow: style.boxShadow !== 'none'};
            }"""
        )
        assert element["outline"] or element["shadow"], f"no visible focus on {element['name']}"
        visited.append(element["name"])
        page.keyboard.press("Tab")
    # The honeypot is skipped (tabindex=-1): name, email, comment, the opt-in for
    # notices, then the button.
    assert visited == ["name", "email", "body", "notify", "Post comment"]


def test_the_audit_itself_catches_a_broken_page(open_browser, site):
    """Guards the audit: a page with known faults must fail it."""
    reader = open_browser()
    reader.goto("/en/")
    reader.page.set_content('<html><body><img src="x.png"><button></button></body></html>')
    found = " ".join(reader.axe_violations())
    assert "image-alt" in found and "button-name" in found
