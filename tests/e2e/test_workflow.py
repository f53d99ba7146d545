"""The editorial workflow in a real browser: share links, corrections, an edit conflict."""

import pytest
from django.utils import timezone

from articles.editorial import corrections, share_links, workflow
from articles.models import Article
from tests.factories import make_article, make_author, make_interview, make_section, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft():
    article = make_article(
        headline="Harbour board to vote on night dredging",
        section=make_section(name="Coast", slug="coast"),
        authors=[make_author(name="Ines Carvalho")],
        body="The board meets on Tuesday.\n\nThe vote is expected to be close.",
        published=False,
    )
    make_interview(article, turns=4)
    return article


def test_a_source_reads_a_draft_through_a_share_link_until_it_is_revoked(open_browser, draft):
    link = share_links.create_share_link(
        article=draft, by=make_staff("editor", group="Editor"), label="Source"
    )
    source = open_browser()
    source.goto(link.get_absolute_url())
    page = source.page
    assert "DRAFT" in page.text_content(".preview-banner")
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
    assert page.locator(".turn").count() == 4
    source.screenshots("share-link-draft")
    assert source.axe_violations() == []

    share_links.revoke_share_link(link=link)
    response = page.goto(source.base_url + link.get_absolute_url())
    assert response.status == 410
    assert "This preview link was withdrawn" in page.text_content("h1")
    source.screenshots("share-link-revoked")
    # The browser logs the page's own 410; nothing else may fail (CSP included).
    assert [problem for problem in source.problems if "status of 410" not in problem] == []


def test_a_reader_sees_corrections_on_the_story_and_the_corrections_page(open_browser, draft):
    workflow.publish_article(article=draft, at=timezone.now())
    corrections.add_correction(
        article=draft, kind="correction", text="An earlier version gave the wrong meeting day."
    )
    corrections.add_correction(article=draft, kind="update", text="The vote was postponed.")
    reader = open_browser()
    reader.goto(draft.get_absolute_url())
    assert "wrong meeting day" in reader.page.text_content(".story-notes--corrections")
    assert "Updated" in reader.page.text_content(".story__times")
    reader.screenshots("story-with-corrections")
    reader.page.get_by_role("link", name="Corrections").click()
    reader.page.wait_for_load_state()
    assert reader.page.locator(".corrections__item").count() == 2
    reader.screenshots("corrections-page")
    assert reader.axe_violations() == []
    assert reader.problems == []


def test_two_editors_on_one_story_the_second_is_stopped_then_saves_anyway(open_browser, draft):
    make_staff("ana", group="Editor")
    make_staff("ben", group="Editor")
    change = f"/admin/articles/article/{draft.pk}/change/"
    ana, ben = open_browser(), open_browser()
    ana.log_in("ana", next_path=change)
    ben.log_in("ben", next_path=change)

    ana.page.get_by_label("Headline").fill("Board vote on dredging delayed")
    ana.page.get_by_role("button", name="Save", exact=True).first.click()
    ana.page.wait_for_load_state()

    ben.page.get_by_label("Dek").fill("Ben's summary of the vote.")
    ben.page.get_by_role("button", name="Save and continue editing").first.click()
    ben.page.wait_for_load_state()
    assert "ana saved this story while you were editing it" in ben.page.text_content(
        ".edit-conflict"
    )
    assert ben.page.get_by_label("Dek").input_value() == "Ben's summary of the vote."
    ben.screenshots("edit-conflict")

    ben.page.get_by_label("Save anyway, replacing their changes").check()
    ben.page.get_by_role("button", name="Save and continue editing").first.click()
    ben.page.wait_for_load_state()
    assert "was changed successfully" in ben.page.text_content(".messagelist")
    article = Article.objects.get(pk=draft.pk)
    assert article.dek == "Ben's summary of the vote."

    ben.goto(f"/admin/articles/article/{draft.pk}/history/")
    ben.page.get_by_role("button", name="Compare the two versions").click()
    ben.page.wait_for_load_state()
    assert ben.page.locator(".revision-diff").count() == 1
    ben.screenshots("revision-compare")
