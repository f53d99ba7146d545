"""The search page in a browser: highlighted results, clear messages, no axe violation."""

import pytest

from articles.discovery.search import reindex_article
from tests.factories import make_article, make_author, make_interview, make_section

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive():
    section = make_section(name="Coast", slug="coast")
    author = make_author(name="Ines Carvalho", slug="ines-carvalho")
    story = make_article(
        headline="The harbour master on a hard winter", section=section, authors=[author]
    )
    interview = make_interview(story, turns=4)
    interview.turns.filter(position=2).update(text="We need salt marsh restoration now.")
    for article in (story, make_article(headline="Salt prices climb", section=section)):
        reindex_article(article)
    return story


def test_a_reader_searches_from_the_masthead(open_browser, archive):
    reader = open_browser(width=375)
    reader.goto("/en/")
    page = reader.page
    page.get_by_role("searchbox", name="Search stories").fill('"salt marsh"')
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/search/?q=*")
    results = page.locator(".search-result")
    assert results.count() == 1
    assert "The harbour master on a hard winter" in results.first.inner_text()
    assert page.locator(".search-result__snippet mark").count() >= 1
    reader.screenshots("search-results")
    assert reader.axe_violations() == []

    page.get_by_label("Search for").fill("a")
    page.get_by_role("button", name="Search", exact=True).click()
    assert "at least two letters" in page.get_by_role("alert").inner_text()
    assert reader.axe_violations() == []
    reader.goto("/en/search/?q=zzzqx&section=coast")
    assert "No stories match" in page.locator(".search-empty").inner_text()
    reader.screenshots("search-empty")
    assert reader.problems == []
