"""
An author's profile address and website become links on the author page, in story
bylines and in the story's JSON-LD. Only http and https addresses are ever kept by
the model's validation or rendered, whatever reached the database another way (the
shell, an import, a bulk update).
"""

import json
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from articles.stories.models import Author
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    " javascript:alert(1)",
    "\x01\tjavascript:alert(1)",
    "\njavascript:alert(1)",
    "java\tscript:alert(1)",
    # Protocol-relative: it takes the page's scheme and goes to any host; a profile
    # address must say which scheme it uses, as JSON-LD's sameAs must be absolute.
    "//evil.example/@me",
    "ftp://files.example/me",
    "https:evil.example",
]
GOOD = "https://social.example/@ines"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.json_ld, self._in_ld = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = Links()
    page.feed(response.content.decode())
    return page


def stored(author, **fields):
    """As the shell or an import would leave it: no form, no validation."""
    Author.objects.filter(pk=author.pk).update(**fields)
    author.refresh_from_db()
    return author


def same_as(page):
    (data,) = (json.loads(block) for block in page.json_ld)
    return [url for person in data["author"] for url in person.get("sameAs", [])]


@pytest.mark.parametrize("bad", HOSTILE)
def test_the_model_refuses_addresses_that_are_not_http(bad):
    author = Author(name="Ines", slug="ines", handle="@ines", profile_url=bad, website=bad)
    with pytest.raises(ValidationError) as refused:
        author.full_clean()
    assert {"profile_url", "website"} <= set(refused.value.message_dict)


@pytest.mark.parametrize("bad", HOSTILE)
def test_a_stored_hostile_address_is_never_rendered(client, bad):
    author = stored(make_author(slug="ines", handle="@ines"), profile_url=bad, website=bad)
    story = make_article(authors=[author])
    author_page = read(client, author.get_absolute_url())
    story_page = read(client, story.get_absolute_url())
    for page in (author_page, story_page):
        for href in page.hrefs:
            # The site's own links, the share links (mailto: among them) and nothing else.
            assert href.startswith(("/", "http://", "https://", "#", "?", "mailto:?")), href
        assert not any(bad.strip() in href for href in page.hrefs)
    assert same_as(story_page) == []
    assert author.same_as == []


def test_a_good_address_is_rendered_everywhere(client):
    author = make_author(
        slug="ines", handle="@ines", profile_url=GOOD, website="http://ines.example/"
    )
    author.full_clean()
    story = make_article(authors=[author])
    author_page = read(client, author.get_absolute_url())
    story_page = read(client, story.get_absolute_url())
    assert {GOOD, "http://ines.example/"} <= set(author_page.hrefs)
    assert GOOD in story_page.hrefs
    assert same_as(story_page) == [GOOD, "http://ines.example/"]
