"""The body's rich-text editor, in Chromium: it loads in the admin, bold text is saved."""

import pytest
from django.utils import timezone

from articles.models import Article
from tests.e2e.test_editor import choose
from tests.factories import make_section, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_writes_bold_text_in_the_body_and_readers_see_it(open_browser):
    make_section(name="Coast", slug="coast")
    make_staff("editor", group="Editor")
    editor = open_browser()
    editor.log_in("editor", next_path="/admin/articles/article/add/")
    page = editor.page

    body = page.locator(".prose-editor [contenteditable=true]")
    body.wait_for(state="visible")
    assert page.locator("textarea[name=body]").is_hidden(), "the editor replaces the textarea"
    # Everything the editor needs came from our static files: no inline script.
    assert page.locator("script:not([src])").count() == 0
    assert page.locator('script[type="importmap"]').count() == 0

    page.get_by_label("Headline").fill("The harbour reopens after the storm")
    choose(page, "id_section", "Coast")
    body.click()
    page.keyboard.type("The harbour reopened at dawn. ")
    page.keyboard.press("Control+b")
    page.keyboard.type("Nobody was hurt.")
    page.keyboard.press("Control+b")
    page.keyboard.press("Enter")
    page.keyboard.type("Boats went out by noon.")
    assert body.locator("strong").text_content() == "Nobody was hurt."
    editor.screenshots("rich-text-editor")
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.wait_for_load_state()
    assert "was added successfully" in page.text_content(".messagelist")

    article = Article.objects.get()
    assert article.body == (
        "<p>The harbour reopened at dawn. <strong>Nobody was hurt.</strong></p>"
        "<p>Boats went out by noon.</p>"
    )
    # The saved body opens in the editor again, bold included.
    saved_bold = page.locator(".prose-editor [contenteditable=true] strong")
    saved_bold.wait_for(state="visible")
    assert saved_bold.text_content() == "Nobody was hurt."

    Article.objects.filter(pk=article.pk).update(status="published", published_at=timezone.now())
    reader = open_browser()
    reader.goto(article.get_absolute_url())
    assert reader.page.locator(".story__body strong").text_content() == "Nobody was hurt."
    assert editor.problems == [] and reader.problems == []
