"""
Share-draft links (issue 4): an editor lets someone without an account read a
draft until the link expires or is revoked; anything else says so plainly.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from articles.editorial import share_links, workflow
from articles.models import ShareLink
from tests.factories import (
    change_data,
    change_url,
    logged_in,
    make_article,
    make_author,
    make_share_link,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_article(
        headline="Port authority weighs night dredging",
        published=False,
        authors=[make_author(name="Ines Carvalho")],
    )


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies


def test_a_valid_link_shows_the_draft_without_login(draft, editor):
    link = share_links.create_share_link(article=draft, by=editor, label="Dr. Okafor")
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Port authority weighs night dredging" in html
    assert "Ines Carvalho" in html
    assert '<div class="preview-banner" role="note">' in html and "<strong>DRAFT</strong>" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "/admin/" not in html  # no "edit in the admin" for a reader without an account
    assert 'class="comments' not in html
    assert_private(response)


def test_the_link_carries_a_signed_id_not_the_story(draft, editor):
    link = share_links.create_share_link(article=draft, by=editor, label="Source")
    token = link.get_absolute_url().split("/")[-2]
    assert token.startswith(f"{link.pk}:")
    assert draft.slug not in token
    assert ShareLink.id_from_token(token) == link.pk


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "9999" + token[token.index(":") :],  # another id, same signature
        lambda token: token.split(":")[0],  # signature missing
        lambda token: "not-a-token",
    ],
    ids=["signature", "id", "unsigned", "garbage"],
)
def test_a_tampered_link_is_refused_plainly(draft, editor, tamper):
    link = share_links.create_share_link(article=draft, by=editor, label="Source")
    token = link.get_absolute_url().split("/")[-2]
    response = Client().get(f"/en/preview/{tamper(token)}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This preview link does not work" in html
    assert "Port authority" not in html
    assert 'class="masthead' in html  # the site's own design
    assert_private(response)


def test_an_expired_link_says_it_expired(draft, editor, monkeypatch):
    link = share_links.create_share_link(
        article=draft, by=editor, label="Source", expires_at=timezone.now() + timedelta(hours=1)
    )
    assert Client().get(link.get_absolute_url()).status_code == 200
    later = link.expires_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "This preview link has expired" in html and "Port authority" not in html
    assert_private(response)


def test_the_link_expires_at_its_exact_time(draft, editor, monkeypatch):
    link = share_links.create_share_link(article=draft, by=editor, label="Source")
    monkeypatch.setattr(timezone, "now", lambda: link.expires_at - timedelta(microseconds=1))
    assert Client().get(link.get_absolute_url()).status_code == 200
    monkeypatch.setattr(timezone, "now", lambda: link.expires_at)
    assert Client().get(link.get_absolute_url()).status_code == 410


def test_a_revoked_link_says_it_was_withdrawn(draft, editor):
    link = share_links.create_share_link(article=draft, by=editor, label="Source")
    share_links.revoke_share_link(link=link)
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 410
    assert "This preview link was withdrawn" in response.content.decode()
    first = link.revoked_at
    share_links.revoke_share_link(link=link)
    assert link.revoked_at == first


def test_a_link_to_a_story_published_since_goes_to_the_story(draft, editor):
    link = share_links.create_share_link(article=draft, by=editor, label="Source")
    workflow.publish_article(article=draft, at=timezone.now())
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_a_link_must_expire_in_the_future_and_within_ninety_days(draft, editor):
    with pytest.raises(ValidationError, match="future"):
        share_links.create_share_link(
            article=draft, by=editor, label="x", expires_at=timezone.now() - timedelta(minutes=1)
        )
    with pytest.raises(ValidationError, match="90 days"):
        share_links.create_share_link(
            article=draft, by=editor, label="x", expires_at=timezone.now() + timedelta(days=91)
        )
    assert ShareLink.objects.count() == 0


def test_the_preview_is_never_served_from_the_page_cache(draft, editor):
    link = share_links.create_share_link(article=draft, by=editor, label="Source")
    reader = Client()
    assert reader.get(link.get_absolute_url()).status_code == 200
    share_links.revoke_share_link(link=link)
    assert reader.get(link.get_absolute_url()).status_code == 410


# In the admin ----------------------------------------------------------------------------------


def test_an_editor_creates_a_link_in_the_admin_and_copies_its_address(draft, editor):
    client = logged_in(editor)
    data = change_data(draft)
    data |= {
        "share_links-TOTAL_FORMS": "1",
        "share_links-0-label": "Harbour master, quote check",
        "share_links-0-expires_at_0": "",
        "share_links-0-expires_at_1": "",
    }
    expires = timezone.localtime(timezone.now() + timedelta(days=3))
    data["share_links-0-expires_at_0"] = expires.strftime("%Y-%m-%d")
    data["share_links-0-expires_at_1"] = expires.strftime("%H:%M:%S")
    response = client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    link = ShareLink.objects.get()
    assert (link.article, link.created_by, link.label) == (
        draft,
        editor,
        "Harbour master, quote check",
    )
    page = client.get(change_url(draft)).content.decode()
    assert f"http://testserver{link.get_absolute_url()}" in page
    assert Client().get(link.get_absolute_url()).status_code == 200


def test_an_editor_revokes_a_link_in_the_admin(draft, editor):
    link = make_share_link(draft, by=editor)
    data = change_data(draft) | {"share_links-0-revoke": "on"}
    response = logged_in(editor).post(change_url(draft), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(link.get_absolute_url()).status_code == 410
    page = logged_in(editor).get(change_url(draft)).content.decode()
    assert "Revoked: the link no longer works." in page


def test_reporters_cannot_make_share_links(editor, reporter):
    user, author = reporter
    draft = make_article(published=False, authors=[author])
    data = change_data(draft) | {
        "share_links-TOTAL_FORMS": "1",
        "share_links-0-label": "Sneaky",
        "share_links-0-expires_at_0": "2099-01-01",
        "share_links-0-expires_at_1": "10:00:00",
    }
    response = logged_in(user).post(change_url(draft), data)
    assert response.status_code == 302
    assert ShareLink.objects.count() == 0
