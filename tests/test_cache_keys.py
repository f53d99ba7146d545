"""
What a stored page is keyed on: its address and only the query parameters the page
reads. Marketing tags and made-up parameters neither split nor fill the page cache,
and a session cookie that names no session does not make a reader look like staff.
"""

import secrets

import pytest
from django.core.cache import cache
from django.test import Client

from articles.stories import views
from tests.factories import make_article, make_author, make_section, make_staff

pytestmark = pytest.mark.django_db

NOISE = ["utm_source", "utm_medium", "utm_campaign", "fbclid", "gclid", "mc_eid", "ref", "x"]


@pytest.fixture
def story():
    return make_article(
        headline="Harbour dredging to begin",
        section=make_section(name="Coast", slug="coast"),
        authors=[make_author(name="Ines Carvalho", slug="ines-carvalho")],
        tags=["Harbour"],
    )


def pages_for(story):
    # "/" chooses an edition; the rest are the English edition's pages.
    return [
        "/",
        "/en/",
        "/en/section/coast/",
        "/en/tag/harbour/",
        "/en/author/ines-carvalho/",
        story.get_absolute_url(),
    ]


def stored_pages():
    return sum(":page:" in key for key in cache._cache)


def noise():
    return f"{secrets.choice(NOISE)}={secrets.token_hex(6)}&{secrets.token_hex(3)}=1"


def test_marketing_and_unknown_parameters_add_no_page_to_the_cache(client, story):
    pages = pages_for(story)
    for n in range(200):
        url = pages[n % len(pages)]
        response = client.get(f"{url}?{noise()}")
        assert response.status_code == 200, url
    assert stored_pages() <= len(pages)
    assert client.get(f"/?{noise()}")["X-Page-Cache"] == "hit"
    assert client.get(f"/en/?{noise()}")["X-Page-Cache"] == "hit"


def test_a_page_with_marketing_tags_is_the_plain_page_byte_for_byte(client, story):
    for url in pages_for(story):
        tagged = client.get(f"{url}?utm_source=newsletter&fbclid=abc&page_ref=%3Cb%3E")
        assert tagged["X-Page-Cache"] == "miss", url
        assert b"newsletter" not in tagged.content and b"fbclid" not in tagged.content
        plain = client.get(url)
        assert plain["X-Page-Cache"] == "hit", url
        assert tagged.content == plain.content, url
    # Rendered afresh, the plain listing is the same bytes (a story page's comment form
    # carries a fresh stamp on every render).
    for url in pages_for(story)[:-1]:
        cache.clear()
        assert client.get(url).content == tagged_again(client, url), url


def tagged_again(client, url):
    cache.clear()
    return client.get(f"{url}?utm_campaign=spring").content


def test_parameters_a_page_reads_still_make_pages_of_their_own(client, story, monkeypatch):
    monkeypatch.setattr(views.SectionView, "paginate_by", 1)
    make_article(headline="Second story on the coast", section=story.section)
    first = client.get("/en/section/coast/")
    second = client.get("/en/section/coast/?page=2&utm_source=x")
    assert second["X-Page-Cache"] == "miss"
    assert second.content != first.content
    assert client.get("/en/section/coast/?page=2")["X-Page-Cache"] == "hit"
    assert client.get("/en/section/coast/?utm_source=x")["X-Page-Cache"] == "hit"
    assert b"Second story on the coast" in first.content
    assert b"Harbour dredging" in second.content
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(f"{url}?comments=2")["X-Page-Cache"] == "miss"
    assert client.get(f"{url}?comments=2&fbclid=1")["X-Page-Cache"] == "hit"


def test_the_comment_received_state_stays_private(client, story):
    url = story.get_absolute_url()
    client.get(url)
    for query in ("comment=received", "comment=received&utm_source=x"):
        received = client.get(f"{url}?{query}")
        assert "no-store" in received["Cache-Control"] and "X-Page-Cache" not in received
    assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "cookie", ["x", "0" * 32, "0123456789abcdefghijklmnopqrstuv", "A" * 32, "a" * 33, "../.."]
)
def test_a_session_cookie_naming_no_session_gets_the_public_page(client, story, cookie):
    for url in pages_for(story):
        client.get(url)
        reader = Client()
        reader.cookies["sessionid"] = cookie
        for response in (reader.get(url), reader.get(url)):
            assert response["X-Page-Cache"] == "hit", url
            assert not response.cookies, url
            assert "Cookie" not in response.get("Vary", ""), url
            assert "public" in response["Cache-Control"], url


def test_a_staff_session_still_bypasses_the_cache_and_sees_previews(story):
    staff = Client()
    staff.force_login(make_staff("editor", group="Editor"))
    draft = make_article(headline="Secret draft", published=False)
    preview = staff.get(draft.get_absolute_url())
    assert preview.status_code == 200 and b"Secret draft" in preview.content
    assert preview["X-Page-Cache"] == "bypass" and "private" in preview["Cache-Control"]
    for url in pages_for(story):
        assert staff.get(url)["X-Page-Cache"] == "bypass", url
