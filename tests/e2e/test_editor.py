"""An editor, from nothing to a published interview story, in the admin."""

import pytest

from articles.models import Article, Byline
from tests.factories import make_article, make_author, make_interview, make_section, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def choose(page, select_id, text):
    """Pick ``text`` in one of the admin's autocomplete (select2) widgets."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_publishes_an_interview_story_and_finds_it_on_the_front_page(open_browser):
    make_section(name="Coast", slug="coast")
    make_author(name="Ines Carvalho", slug="ines-carvalho", handle="@ines_c")
    make_staff("editor", group="Editor")
    editor = open_browser()
    editor.log_in("editor", next_path="/admin/articles/article/add/")
    page = editor.page

    page.get_by_label("Headline").press_sequentially("A lighthouse keeper on the longest night")
    assert page.get_by_label("Slug").input_value() == "a-lighthouse-keeper-on-the-longest-night"
    page.get_by_label("Dek").fill("Twelve hours of dark, one lamp, and a radio.")
    choose(page, "id_section", "Coast")
    page.get_by_label("Dateline").fill("PORT ELIN, Norway")
    page.locator(".prose-editor [contenteditable=true]").click()  # the body's rich-text editor
    page.keyboard.type("The lamp was lit at three.")
    page.keyboard.press("Enter")
    page.keyboard.type("The radio stayed on all night.")
    page.get_by_label("New tags").fill("Lighthouses, Winter")
    choose(page, "id_bylines-0-author", "Ines Carvalho")
    page.locator("#interview-group .add-row a").click()
    page.locator("#id_interview-0-intro").fill("What follows is a transcript of the interview.")
    editor.screenshots("editor-new-story")
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.wait_for_load_state()
    assert "was added successfully" in page.text_content(".messagelist")

    page.get_by_role("link", name="Edit participants and transcript").click()
    page.locator("#id_participants-0-name").fill("The Harbour Ledger")
    page.locator("#id_participants-0-label").fill("Ledger")
    page.locator("#id_participants-0-is_interviewer").check()
    page.locator("#id_participants-1-name").fill("Sigrid Berg")
    page.locator("#id_participants-1-label").fill("Berg")
    page.locator("#id_participants-1-role").fill("Lighthouse keeper")
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.wait_for_load_state()

    lines = [
        ("Ledger", "How long is the longest night here?"),
        ("Berg", "Almost nineteen hours, if the sky is clear."),
        ("Ledger", "What do you do with them?"),
        ("Berg", "I read, I listen to the ships, I watch the lamp."),
    ]
    for index, (speaker, text) in enumerate(lines):
        if index >= 3:
            page.locator("#turns-group .add-row a").click()
        page.locator(f"#id_turns-{index}-participant").select_option(label=speaker)
        page.locator(f"#id_turns-{index}-text").fill(text)
    # Move the last turn up and back with the reorder buttons.
    page.locator("#turns-3 .reorder-up").click()
    assert page.locator("#id_turns-3-order").input_value() == "3"
    page.locator("#turns-3 .reorder-down").click()
    assert page.locator("#id_turns-3-order").input_value() == "4"
    editor.screenshots("editor-transcript")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_load_state()

    article = Article.objects.get()
    page.goto(f"{editor.base_url}/admin/articles/article/{article.pk}/change/")
    page.get_by_label("Status").select_option(label="Published")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_load_state()

    page.goto(editor.base_url + "/en/")
    page.get_by_role("link", name="A lighthouse keeper on the longest night").first.click()
    page.wait_for_load_state()
    speakers = page.locator(".turn .turn__label").all_text_contents()
    assert speakers == ["Ledger", "Berg", "Ledger", "Berg"]
    assert "I read, I listen to the ships" in page.text_content(".transcript")
    editor.screenshots("editor-published-story")
    assert editor.problems == []


def test_the_story_page_reads_as_an_editor_expects(open_browser):
    """Room for the headline, the name as typed, no clock notes, rows named once."""
    article = make_article(headline="Kirby: the harbour after the storm")
    Byline.objects.create(
        article=article,
        author=make_author(name="Hana Amin"),
        role=Byline.Role.INTERVIEWER,
        position=1,
    )
    make_interview(article, turns=2)
    make_staff("editor", group="Editor")
    editor = open_browser()
    editor.log_in("editor", next_path=f"/admin/articles/article/{article.pk}/change/")
    page = editor.page

    headline = page.get_by_label("Headline").bounding_box()
    dek = page.locator(".field-headline").bounding_box()
    assert headline["width"] > dek["width"] * 0.6
    name = page.locator("#user-tools .user-name")
    assert name.inner_text() == "editor"  # not upper-cased by the admin's styles
    assert [
        warning for warning in page.locator(".timezonewarning").all() if warning.is_visible()
    ] == []
    assert "in the newsroom's time zone" in page.text_content("fieldset:has(#id_status)")
    assert "Interview: Interview" not in page.text_content("#content-main")
    assert "Hana Amin, interviewer" in page.text_content("#bylines-group")
    assert page.locator("#bylines-group").get_by_text("View on site").count() == 0
    editor.screenshots("editor-story-page")
    assert editor.problems == []


def test_an_editor_at_the_moderation_queue_gets_a_page_that_says_why(open_browser):
    make_section(name="Coast", slug="coast")
    make_staff("editor", group="Editor")
    editor = open_browser()
    editor.log_in("editor", next_path="/admin/")
    response = editor.page.goto(editor.base_url + "/moderation/")
    assert response.status == 403
    assert "This page is not open to your account" in editor.page.text_content("h1")
    assert editor.page.get_by_role("link", name="Coast").count() >= 1  # the site's layout
    editor.screenshots("forbidden")
    assert editor.axe_violations() == []
    editor.page.get_by_role("link", name="Go to the newsroom admin").click()
    editor.page.wait_for_load_state()
    assert editor.page.url.endswith("/admin/")
    assert [problem for problem in editor.problems if "status of 403" not in problem] == []
