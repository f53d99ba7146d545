"""A reader on the story page, in a real browser."""

import pytest

from tests.factories import make_article, make_author, make_interview, make_section

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "\n\n".join(
    f"Paragraph {n}: the harbour board met again on Tuesday evening to weigh the plan."
    for n in range(1, 6)
)


@pytest.fixture
def stories():
    section = make_section(name="Coast", slug="coast")
    author = make_author(name="Ines Carvalho", slug="ines-carvalho", handle="@ines_c")
    first = make_article(
        headline="The harbour master on a hard winter",
        section=section,
        authors=[author],
        body=BODY,
        dateline="WASHINGTON DC, United States",
        tags=["Harbour"],
    )
    make_interview(first, turns=8)
    second = make_article(headline="Ferry timetable changes", section=section, body=BODY)
    return first, second


def body_font_size(page):
    return page.eval_on_selector(
        ".story__body p", "element => parseFloat(getComputedStyle(element).fontSize)"
    )


def test_text_size_buttons_grow_and_shrink_the_story_and_remember(open_browser, stories):
    first, second = stories
    reader = open_browser()
    page = reader.page
    reader.goto(first.get_absolute_url())
    larger = page.get_by_role("button", name="A+ larger text")
    smaller = page.get_by_role("button", name="A- smaller text")
    assert larger.is_visible() and smaller.is_visible()
    default = body_font_size(page)

    larger.click()
    larger.click()
    grown = body_font_size(page)
    assert grown > default * 1.2
    assert larger.get_attribute("aria-pressed") == "true"
    assert page.get_by_role("status").inner_text() == "Text size 127%"
    # The transcript grows with the body.
    turn_size = page.eval_on_selector(
        ".turn__text p", "element => parseFloat(getComputedStyle(element).fontSize)"
    )
    assert turn_size > default * 1.2

    page.reload()
    assert body_font_size(page) == grown
    reader.goto(second.get_absolute_url())
    assert body_font_size(page) == grown
    reader.screenshot("story-larger-text-1280")

    smaller = page.get_by_role("button", name="A- smaller text")
    smaller.click()
    smaller.click()
    assert body_font_size(page) == default
    assert (
        page.get_by_role("button", name="A+ larger text").get_attribute("aria-pressed") == "false"
    )

    # Bounds: the buttons say so and stop.
    for _ in range(10):
        # force: Playwright will not click an aria-disabled button; a reader can.
        smaller.click(force=True)
    assert smaller.get_attribute("aria-disabled") == "true"
    smallest = body_font_size(page)
    smaller.click(force=True)
    assert body_font_size(page) == smallest
    assert smallest < default
    assert reader.problems == []


def test_without_javascript_the_story_reads_fully_and_the_buttons_stay_hidden(
    open_browser, stories
):
    first, _ = stories
    reader = open_browser(javascript=False)
    page = reader.page
    reader.goto(first.get_absolute_url())
    assert not page.get_by_role("button", name="A+ larger text").is_visible()
    assert page.locator(".turn").count() == 8
    assert "WASHINGTON DC, United States -" in page.text_content(".story__body")
    assert "Paragraph 5" in page.inner_text(".story__body")


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_story_page_fits_the_screen_without_sideways_scrolling(open_browser, stories, width):
    first, _ = stories
    reader = open_browser(width=width)
    reader.goto(first.get_absolute_url())
    page = reader.page
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert page.get_by_role("heading", level=1).count() == 1
    # Every turn shows its speaker.
    labels = page.locator(".turn .turn__label").all_text_contents()
    assert labels == ["Ledger", "Okafor"] * 4
    reader.screenshot(f"story-{width}")
    reader.goto("/en/")
    reader.screenshot(f"front-{width}")
    assert reader.problems == []


def test_skip_link_is_the_first_stop_and_focus_is_visible(open_browser, stories):
    first, _ = stories
    reader = open_browser()
    reader.goto(first.get_absolute_url())
    page = reader.page
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }"
    )
    assert outline


def test_the_policy_blocks_inline_code_and_the_watch_reports_it(open_browser, stories):
    """Guards the CSP checks of every journey: an inline script is refused and reported."""
    first, _ = stories
    reader = open_browser()
    reader.goto(first.get_absolute_url())
    reader.page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); }"""
    )
    reader.page.wait_for_timeout(200)
    assert reader.page.evaluate("window.inlineRan") is None
    assert any("CSP violation: script-src" in problem for problem in reader.problems)
