"""A story's facts in the API equal what its page and its JSON-LD say."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_author, make_correction

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page_json_ld(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    (found,) = JSON_LD.findall(response.content.decode())
    return json.loads(found), response.content.decode()


def stories():
    zone = timezone.get_current_timezone()
    updated = make_article(
        authors=[make_author(role="Courts reporter"), make_author()],
        dateline="PORT ELIN",
        edition="ckb",
        headline="دەنگدانی ئەنجومەنی بەندەر",
        published_at=timezone.now() - timedelta(days=2),
        updated_at=timezone.now() - timedelta(hours=3),
    )
    make_correction(updated, text="An earlier version named the wrong ferry.")
    make_correction(updated, kind="update", text="The council has since met again.")
    # Known only by its day (an imported story): a date, not an invented midnight.
    day_only = make_article(published_at=datetime(2023, 10, 12, tzinfo=zone))
    plain = make_article(authors=[make_author()])
    return [updated, day_only, plain]


def test_headline_dates_authors_dateline_corrections_and_language_agree(client):
    for article in stories():
        ld, html = page_json_ld(client, article)
        api = client.get(f"/api/v1/stories/{article.pk}", {"include": "corrections"}).json()
        listed = client.get("/api/v1/stories", {"include": "corrections", "limit": 100}).json()
        (item,) = [i for i in listed["items"] if i["id"] == article.pk]

        for data in (api, item):
            assert data["headline"] == ld["headline"]
            assert data["date_published"] == ld["datePublished"]
            assert data["date_modified"] == ld["dateModified"]
            assert [a["name"] for a in data["authors"]] == [p["name"] for p in ld.get("author", [])]
            assert [a["url"] for a in data["authors"]] == [p["url"] for p in ld.get("author", [])]
            assert data["dateline"] == ld.get("dateline", "")
            assert data["language"] == ld["inLanguage"]
            assert data["url"] == ld["url"]
            corrections = [c for c in data["corrections"] if c["kind"] == "correction"]
            assert [(c["text"], c["date_published"]) for c in corrections] == [
                (c["text"], c["datePublished"]) for c in ld.get("correction", [])
            ]
            # The page shows every note the API lists, updates included.
            for note in data["corrections"]:
                assert note["text"] in html.replace("&#x27;", "'")
        assert api["headline"] in html


def test_a_day_only_story_gives_a_date_everywhere(client):
    zone = timezone.get_current_timezone()
    article = make_article(published_at=datetime(2023, 10, 12, tzinfo=zone))
    ld, _ = page_json_ld(client, article)
    api = client.get(f"/api/v1/stories/{article.pk}").json()
    assert api["date_published"] == ld["datePublished"] == "2023-10-12"
