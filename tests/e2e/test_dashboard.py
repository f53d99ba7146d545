"""The moderation dashboard in a real browser: accessible, inside the CSP, on a phone too."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_comment, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = 375


@pytest.fixture
def moderated():
    moderator = make_staff("moderator", group="Moderator")
    dam = make_article(headline="وەزیری ئاو: بەنداوی دووکان پڕ دەبێتەوە")
    port = make_article(headline="الميناء يفتح رصيفا جديدا")
    for n in range(6):
        make_comment(dam, name=f"ئاراس {n}", status="approved", moderator=moderator)
    make_comment(port, name="=cmd|' /C calc'!A0", status="rejected", moderator=moderator)
    make_comment(port, name="ليلى", submitted_at=timezone.now() - timedelta(hours=5))
    return moderator


def test_the_dashboard_passes_axe_and_keeps_the_csp(open_browser, moderated):
    mod = open_browser()
    mod.log_in("moderator", next_path="/moderation/dashboard/")
    page = mod.page
    assert page.locator("h1").text_content() == "Moderation dashboard"
    assert page.locator("[data-figure=pending]").text_content().strip() == "1"
    assert page.locator("[data-figure=oldest]").text_content().startswith("5 h")
    assert page.locator("svg[role=img]").count() == 6
    # The charts are drawn with the stylesheet's colours: no inline style was needed.
    fill = page.evaluate("getComputedStyle(document.querySelector('.chart__column')).fill")
    assert fill == "rgb(11, 92, 171)"
    # A chart's numbers open beside it.
    page.get_by_text("The numbers: stories with the most comments").click()
    stories = page.locator("#chart-stories-caption ~ details table")
    assert "وەزیری ئاو" in stories.text_content()
    assert mod.axe_violations() == []
    assert [p for p in mod.problems if "CSP" in p] == []
    assert mod.problems == []
    mod.screenshots("moderation-dashboard")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert len(rows) == 1 + 7
    assert "'=cmd|' /C calc'!A0" in {row[8] for row in rows}


def test_on_a_phone_nothing_is_wider_than_the_screen(open_browser, moderated):
    mod = open_browser(width=PHONE)
    mod.log_in("moderator", next_path="/moderation/dashboard/")
    page = mod.page
    page.wait_for_selector(".charts")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    assert mod.axe_violations() == []
    mod.screenshot("moderation-dashboard-375")
