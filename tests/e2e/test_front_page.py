"""
An editor arranges the front page in the admin, previews it, schedules a new lead,
and a reader sees exactly that arrangement, then the new lead at its time.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_author, make_section, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

KURDISH_LEAD = "ئەنجومەنی شار بودجەی نوێ پەسەند دەکات"


def choose(page, select_id, text):
    """Pick ``text`` in one of the admin's autocomplete (select2) widgets."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def lead_headline(page):
    return page.text_content(".front-lead .card__headline").strip()


def all_headlines(page):
    return [text.strip() for text in page.locator(".card__headline").all_text_contents()]


@pytest.fixture
def newsroom():
    news = make_section(name="News", slug="news", position=1)
    author = make_author(name="Ines Carvalho")
    hour = timedelta(hours=1)
    now = timezone.now()
    for n in range(10):
        make_article(
            headline=f"Harbour news number {n}",
            section=news,
            authors=[author],
            published_at=now - hour * (n + 1),
        )
    make_article(
        headline="Lighthouse keeper retires after forty winters",
        dek="The last keeper of Port Elin hands over the keys.",
        section=news,
        authors=[author],
        published_at=now - hour * 30,
    )
    make_article(
        headline=KURDISH_LEAD, section=news, authors=[author], published_at=now - hour * 40
    )
    make_staff("editor", group="Editor")


def test_an_editor_arranges_previews_and_schedules_and_a_reader_sees_it(
    open_browser, newsroom, monkeypatch
):
    editor = open_browser()
    editor.log_in("editor", next_path="/admin/articles/frontpage/add/")
    page = editor.page
    page.get_by_label("Name").fill("Election night")
    # Row 0: the lead now. Row 1: a new lead from a time, in the newsroom's zone.
    choose(page, "id_pins-0-article", "Lighthouse keeper retires")
    starts = (timezone.localtime() + timedelta(hours=2)).replace(second=0, microsecond=0)
    page.locator("#id_pins-1-slot").select_option("lead")
    choose(page, "id_pins-1-article", "ئەنجومەنی شار")
    page.locator("#id_pins-1-starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.wait_for_load_state()
    assert "was added successfully" in page.text_content(".messagelist")
    editor.screenshots("front-page-arrangement")
    assert editor.problems == []
    assert editor.axe_violations() == []
    editor.problems.clear()  # what axe's own injection set off, not the page

    # The preview: the real front page with this draft arrangement, now and later.
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview").click()
    preview = popup.value
    preview.wait_for_load_state()
    assert "PREVIEW" in preview.text_content(".preview-banner")
    assert lead_headline(preview) == "Lighthouse keeper retires after forty winters"
    later = starts + timedelta(minutes=5)
    preview.locator("#preview-at").fill(later.strftime("%Y-%m-%dT%H:%M"))
    preview.get_by_role("button", name="Show").click()
    preview.wait_for_load_state()
    assert lead_headline(preview) == KURDISH_LEAD
    preview.close()

    # Readers still see the newest stories: the arrangement is a draft.
    reader = open_browser()
    reader.goto("/en/")
    assert lead_headline(reader.page) == "Harbour news number 0"

    page.get_by_label("Live").check()
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_load_state()

    reader.goto("/en/")
    assert lead_headline(reader.page) == "Lighthouse keeper retires after forty winters"
    shown = all_headlines(reader.page)
    assert shown.count("Lighthouse keeper retires after forty winters") == 1
    assert len(shown) == len(set(shown))
    assert "Harbour news number 0" in shown
    reader.screenshots("front-page-arranged")
    assert reader.axe_violations() == []

    # The scheduled lead takes the page at its time, with no write at that moment.
    moment = starts + timedelta(seconds=5)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", moment.timestamp)
    monkeypatch.setattr("newsroom.pagecache.pages.time.time", moment.timestamp)
    reader.goto("/en/")
    assert lead_headline(reader.page) == KURDISH_LEAD
    shown = all_headlines(reader.page)
    assert shown.count(KURDISH_LEAD) == 1
    assert "Lighthouse keeper retires after forty winters" in shown
    reader.screenshots("front-page-scheduled-lead")
    assert re.search(r"card--lead-text", reader.page.content())  # no photo: a text lead
    assert editor.problems == [] and reader.problems == []


def test_two_editors_arrange_at_once_and_the_second_is_told_and_keeps_everything(
    open_browser, newsroom
):
    from articles.frontpage import services
    from articles.models import FrontPage

    front_page = services.save_front_page(front_page=FrontPage(name="Morning", is_live=True))
    make_staff("ben", group="Editor")
    change = f"/admin/articles/frontpage/{front_page.pk}/change/"
    ana, ben = open_browser(), open_browser()
    ana.log_in("editor", next_path=change)
    ben.log_in("ben", next_path=change)

    choose(ana.page, "id_pins-0-article", "Lighthouse keeper retires")
    ana.page.get_by_role("button", name="Save and continue editing").first.click()
    ana.page.wait_for_load_state()
    assert "was changed successfully" in ana.page.text_content(".messagelist")

    ben.page.get_by_label("Name").fill("Ben's evening page")
    choose(ben.page, "id_pins-0-article", KURDISH_LEAD)
    ben.page.get_by_role("button", name="Save and continue editing").first.click()
    ben.page.wait_for_load_state()

    box = ben.page.locator(".edit-conflict")
    assert "editor saved this front page while you were editing it" in box.text_content()
    assert ben.page.get_by_text("saved this front page").count() == 1  # said once
    assert ben.page.get_by_label("Name").input_value() == "Ben's evening page"
    assert KURDISH_LEAD in ben.page.text_content("#id_pins-0-article + .select2")
    reader = open_browser()
    reader.goto("/en/")
    assert lead_headline(reader.page) == "Lighthouse keeper retires after forty winters"

    ben.page.get_by_label("Save anyway, replacing their changes").check()
    ben.page.get_by_role("button", name="Save and continue editing").first.click()
    ben.page.wait_for_load_state()
    assert "was changed successfully" in ben.page.text_content(".messagelist")
    reader.goto("/en/")
    assert lead_headline(reader.page) == KURDISH_LEAD
    assert ana.problems == [] and ben.problems == [] and reader.problems == []
