"""The moderation queue on a phone: every control stays inside its panel."""

import pytest

from tests.factories import make_article, make_comment, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = 375


def box_inside(page, inner, outer):
    """How far ``inner`` sticks out of ``outer``, side by side (0 everywhere when inside)."""
    return page.evaluate(
        """([inner, outer]) => {
            const a = document.querySelector(inner).getBoundingClientRect();
            const b = document.querySelector(outer).getBoundingClientRect();
            return {left: Math.max(0, b.left - a.left), right: Math.max(0, a.right - b.right)};
        }""",
        [inner, outer],
    )


def test_at_375px_the_reject_selected_control_stays_inside_its_panel(open_browser):
    article = make_article(headline="وەزیری ئاو: بەنداوی دووکان پڕ دەبێتەوە")
    make_comment(article, name="ئاراس", body="سوپاس بۆ ئەم ڕاپۆرتە.")
    make_staff("moderator", group="Moderator")
    mod = open_browser(width=PHONE)
    mod.log_in("moderator")
    page = mod.page
    page.wait_for_selector("#bulk-reason")
    assert page.evaluate("document.documentElement.clientWidth") == PHONE
    for control in (
        "label[for=bulk-reason]",
        "#bulk-reason",
        ".queue__bulk button[value=reject]",
        ".queue__bulk button[value=approve]",
    ):
        assert box_inside(page, control, ".queue__bulk") == {"left": 0, "right": 0}, control
    # Nothing on the page is wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    # The longest reason can still be chosen and read.
    page.select_option("#bulk-reason", "abuse")
    assert page.input_value("#bulk-reason") == "abuse"
    mod.screenshot("queue-bulk-375")
