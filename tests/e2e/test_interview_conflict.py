"""Two editors on one interview in real browsers: the second is told and loses nothing."""

import pytest

from articles.models import Turn
from tests.factories import make_article, make_author, make_interview, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_editors_change_turn_3_and_the_second_is_told_and_keeps_everything(open_browser):
    article = make_article(
        headline="Kirby on the harbour after the storm", authors=[make_author(name="Hana Amin")]
    )
    interview = make_interview(article, turns=4)
    ana_user = make_staff("ana", group="Editor")
    ana_user.first_name, ana_user.last_name = "Ana", "Ruiz"
    ana_user.save()
    make_staff("ben", group="Editor")
    change = f"/admin/articles/interview/{interview.pk}/change/"
    ana, ben = open_browser(), open_browser()
    ana.log_in("ana", next_path=change)
    ben.log_in("ben", next_path=change)

    ana.page.locator("#id_turns-2-text").fill("Ana's version of the third question?")
    ana.page.get_by_role("button", name="Save and continue editing").first.click()
    ana.page.wait_for_load_state()
    assert "was changed successfully" in ana.page.text_content(".messagelist")

    ben.page.locator("#id_intro").fill("Ben's new introduction.")
    ben.page.locator("#id_turns-2-text").fill("Ben's version of the third question?")
    ben.page.locator("#id_turns-3-text").fill("Ben's version of the fourth answer.")
    ben.page.get_by_role("button", name="Save and continue editing").first.click()
    ben.page.wait_for_load_state()

    box = ben.page.locator(".edit-conflict")
    assert "Ana Ruiz saved this interview while you were editing it" in box.text_content()
    assert "They saved it at" in box.text_content()
    assert ben.page.get_by_text("saved this interview").count() == 1  # said once
    # Everything Ben typed is still in the form: the interview and every row.
    assert ben.page.locator("#id_intro").input_value() == "Ben's new introduction."
    assert ben.page.locator("#id_turns-2-text").input_value() == (
        "Ben's version of the third question?"
    )
    assert ben.page.locator("#id_turns-3-text").input_value() == (
        "Ben's version of the fourth answer."
    )
    assert ben.page.locator("#id_turns-0-text").input_value() == "Question number 1."
    assert Turn.objects.get(interview=interview, position=3).text == (
        "Ana's version of the third question?"
    )
    ben.screenshots("interview-edit-conflict")

    ben.page.get_by_label("Save anyway, replacing their changes").check()
    ben.page.get_by_role("button", name="Save and continue editing").first.click()
    ben.page.wait_for_load_state()
    assert "was changed successfully" in ben.page.text_content(".messagelist")
    assert Turn.objects.get(interview=interview, position=3).text == (
        "Ben's version of the third question?"
    )
    assert ana.problems == [] and ben.problems == []
