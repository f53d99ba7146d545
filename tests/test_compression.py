"""
Pages travel compressed to browsers that accept gzip: a stored page is compressed
once when it is stored, other responses by Django's GZipMiddleware; 304s still work
and a public page carries no per-reader secret beside what a reader typed.
"""

import gzip

import pytest

from tests.factories import make_article, make_comment, make_interview

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def story():
    article = make_article(headline="Harbour dredging to begin", tags=["Harbour"])
    make_interview(article, turns=6)
    make_comment(article, status="approved", body="Quieter boats, at last.")
    return article


def test_a_story_reaches_a_gzip_browser_compressed_and_whole(client, story):
    url = story.get_absolute_url()
    plain = client.get(url)  # stores the page (a miss)

    for expected in ("hit", "hit"):
        response = client.get(url, headers=GZIP)
        assert response["X-Page-Cache"] == expected
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain.content
        assert len(response.content) < len(plain.content) / 3


def test_a_browser_without_gzip_gets_the_page_as_it_is(client, story):
    response = client.get(story.get_absolute_url())
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
    assert b"Harbour dredging to begin" in response.content


def test_the_first_reader_gets_the_compressed_page_too(client, story):
    response = client.get(story.get_absolute_url(), headers=GZIP)
    assert response["X-Page-Cache"] == "miss"
    assert response["Content-Encoding"] == "gzip"
    assert b"Harbour dredging to begin" in gzip.decompress(response.content)


@pytest.mark.parametrize("headers", [GZIP, {}], ids=["gzip", "plain"])
def test_a_browser_with_the_page_gets_a_304_for_either_representation(client, story, headers):
    url = story.get_absolute_url()
    first = client.get(url, headers=headers)
    etag = first["ETag"]

    again = client.get(url, headers={**headers, "If-None-Match": etag})

    assert again.status_code == 304
    assert again.content == b""


def test_pages_outside_the_page_cache_are_compressed_by_the_middleware(client, story):
    response = client.get("/en/search/?q=harbour", headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b'value="harbour"' in gzip.decompress(response.content)


def test_a_public_page_carries_no_per_reader_secret(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in client.cookies
