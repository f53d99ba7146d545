"""
Desks: an editor or reporter limited to some editions sees, opens and changes only
their editions' stories, sections, interviews and front pages, and is offered only
their editions; staff with no desk work on every edition.
"""

import re

import pytest

from articles.frontpage import services as front_pages
from articles.models import Article, DeskMember, FrontPage, FrontPagePin
from tests.factories import (
    article_form,
    change_url,
    logged_in,
    make_article,
    make_interview,
    make_reporter,
    make_section,
    make_staff,
    management,
    rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sorani_editor():
    user = make_staff("sorani-editor", group="Editor")
    DeskMember.objects.create(user=user, edition="ckb")
    return user


@pytest.fixture
def sorani_client(sorani_editor):
    return logged_in(sorani_editor)


@pytest.fixture
def stories():
    english = make_section(name="News", slug="news", position=1)
    sorani = make_section(name="هەواڵ", slug="hewal", edition="ckb", position=1)
    return {
        "en": make_article(headline="Harbour bridge reopens", section=english),
        "ckb": make_article(headline="پردی بەندەر کرایەوە", section=sorani, edition="ckb"),
    }


def select_options(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def selected_option(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return chosen and chosen.group(1)


# Stories ---------------------------------------------------------------------------------------


def test_a_sorani_desk_editor_sees_only_sorani_stories(sorani_client, stories):
    html = sorani_client.get("/admin/articles/article/").content.decode()
    assert stories["ckb"].headline in html
    assert stories["en"].headline not in html


def test_a_sorani_desk_editor_cannot_open_an_english_story(sorani_client, stories):
    english = stories["en"]
    assert sorani_client.get(change_url(english)).status_code == 403
    assert sorani_client.post(change_url(english), {"headline": "x"}).status_code == 403
    history = f"/admin/articles/article/{english.pk}/history/"
    assert sorani_client.get(history).status_code in (403, 404)
    assert sorani_client.get(change_url(stories["ckb"])).status_code == 200


def test_the_edition_field_offers_only_the_desks_editions(sorani_client, stories):
    html = sorani_client.get("/admin/articles/article/add/").content.decode()
    assert select_options(html, "edition") == ["ckb"]
    assert selected_option(html, "edition") == "ckb"


def test_an_editor_with_no_desk_is_offered_every_edition(editor_client):
    html = editor_client.get("/admin/articles/article/add/").content.decode()
    assert select_options(html, "edition") == ["en", "ckb", "ar", "kmr"]
    assert selected_option(html, "edition") == "en"


def test_a_story_posted_for_another_desks_edition_is_refused(sorani_client, stories):
    section = stories["ckb"].section
    data = article_form(section, edition="en") | management("bylines", 0)
    data |= management("interview", 0)
    response = sorani_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    data["edition"] = "ckb"
    response = sorani_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    assert Article.objects.get(slug="quiet-winter-lighthouse").edition == "ckb"


def test_the_edition_filter_lists_the_desks_editions(editor_client, sorani_client, stories):
    html = editor_client.get("/admin/articles/article/?edition=ckb").content.decode()
    assert stories["ckb"].headline in html and stories["en"].headline not in html
    desk = sorani_client.get("/admin/articles/article/").content.decode()
    assert "?edition=ckb" in desk and "?edition=en" not in desk


def test_a_desk_reporter_sees_their_own_stories_of_their_edition_only(stories):
    user, author = make_reporter("sorani-reporter", name="Shilan Aziz")
    DeskMember.objects.create(user=user, edition="ckb")
    theirs = make_article(
        headline="ڕاپۆرتی نوێ", section=stories["ckb"].section, edition="ckb", authors=[author]
    )
    stories["en"].bylines.create(author=author, position=1)
    client = logged_in(user)
    html = client.get("/admin/articles/article/").content.decode()
    assert theirs.headline in html
    assert stories["en"].headline not in html
    assert client.get(change_url(stories["en"])).status_code == 403


def test_the_section_box_offers_the_desks_sections(sorani_client, stories):
    response = sorani_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "section", "term": ""},
    )
    names = [result["text"] for result in response.json()["results"]]
    assert names == ["هەواڵ"]


def test_an_interview_of_another_desk_cannot_be_opened(sorani_client, stories):
    english = make_interview(stories["en"])
    sorani = make_interview(stories["ckb"])
    assert sorani_client.get(f"/admin/articles/interview/{english.pk}/change/").status_code in (
        302,
        403,
        404,
    )
    html = sorani_client.get(f"/admin/articles/interview/{sorani.pk}/change/").content.decode()
    turn = re.search(r'<textarea[^>]*name="turns-0-text"[^>]*>', html).group(0)
    assert 'dir="rtl"' in turn and 'lang="ckb"' in turn
    paste = sorani_client.get(f"/admin/articles/interview/{sorani.pk}/paste/").content.decode()
    box = re.search(r'<textarea[^>]*name="text"[^>]*>', paste).group(0)
    assert 'dir="rtl"' in box and 'lang="ckb"' in box


def test_desks_are_set_on_the_users_page(db):
    admin = make_staff("chief", superuser=True)
    reporter = make_staff("writer")
    client = logged_in(admin)
    html = client.get(f"/admin/auth/user/{reporter.pk}/change/").content.decode()
    assert "Desks (the editions this person works on" in html
    assert select_options(html, "desks-0-edition")[1:] == ["en", "ckb", "ar", "kmr"]


# Front pages -----------------------------------------------------------------------------------


def front_page(name, edition, *, live=True):
    return front_pages.save_front_page(
        front_page=FrontPage(name=name, edition=edition, is_live=live)
    )


def test_each_edition_has_its_own_live_front_page(db):
    english = front_page("English today", "en")
    sorani = front_page("Sorani today", "ckb")
    newer = front_page("Sorani tonight", "ckb")
    live = dict(FrontPage.objects.filter(is_live=True).values_list("edition", "name"))
    assert live == {"en": "English today", "ckb": "Sorani tonight"}
    english.refresh_from_db()
    sorani.refresh_from_db()
    assert english.is_live and not sorani.is_live
    assert newer.is_live


def test_a_desk_editor_arranges_only_their_editions_front_page(sorani_client, stories):
    english = front_page("English today", "en")
    sorani = front_page("Sorani today", "ckb", live=False)
    listing = sorani_client.get("/admin/articles/frontpage/").content.decode()
    assert "Sorani today" in listing and "English today" not in listing
    assert sorani_client.get(f"/admin/articles/frontpage/{english.pk}/change/").status_code == 403
    assert sorani_client.get(f"/admin/articles/frontpage/{english.pk}/preview/").status_code == 403
    html = sorani_client.get("/admin/articles/frontpage/add/").content.decode()
    assert select_options(html, "edition") == ["ckb"]
    sorani_client.post(
        "/admin/articles/frontpage/",
        {"action": "make_live", "_selected_action": [str(sorani.pk)]},
    )
    sorani.refresh_from_db()
    english.refresh_from_db()
    assert sorani.is_live and english.is_live


def test_a_pin_of_another_editions_story_is_refused(editor_client, stories):
    sorani = front_page("Sorani today", "ckb")
    data = {
        "edition": "ckb",
        "name": "Sorani today",
        "is_live": "on",
        "version": str(sorani.version),
    } | rows(
        "pins",
        [{"slot": "lead", "position": "1", "article": str(stories["en"].pk)}],
    )
    response = editor_client.post(f"/admin/articles/frontpage/{sorani.pk}/change/", data)
    assert response.status_code == 200
    assert "is a story of another edition" in response.content.decode()
    assert not FrontPagePin.objects.exists()
    data["pins-0-article"] = str(stories["ckb"].pk)
    response = editor_client.post(f"/admin/articles/frontpage/{sorani.pk}/change/", data)
    assert response.status_code == 302
    assert FrontPagePin.objects.get().article == stories["ckb"]


def test_the_preview_shows_the_arrangement_in_its_editions_language(editor_client, stories):
    sorani = front_page("Sorani today", "ckb")
    html = editor_client.get(f"/admin/articles/frontpage/{sorani.pk}/preview/").content.decode()
    assert re.search(r'<html lang="ckb" dir="rtl"', html)
    assert stories["ckb"].headline in html
    assert stories["en"].headline not in html


def test_a_desk_is_given_on_the_users_page_and_an_empty_row_gives_none(db):
    admin = make_staff("chief", superuser=True)
    writer = make_staff("writer")
    client = logged_in(admin)
    page = client.get(f"/admin/auth/user/{writer.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in ("groups", "user_permissions")
    }
    data |= {"username": "writer", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"}
    data |= {"is_active": "on", "is_staff": "on"}
    data.pop("last_login", None)
    data.pop("password", None)
    data |= rows("desks", [{"user": str(writer.pk), "edition": ""}])
    response = client.post(f"/admin/auth/user/{writer.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not DeskMember.objects.filter(user=writer).exists()
    data |= rows("desks", [{"user": str(writer.pk), "edition": "ar"}])
    client.post(f"/admin/auth/user/{writer.pk}/change/", data)
    assert list(DeskMember.objects.filter(user=writer).values_list("edition", flat=True)) == ["ar"]


def test_a_desk_starts_its_story_on_another_desks_event_from_the_coverage_view(
    sorani_client, stories
):
    english = stories["en"]
    html = sorani_client.get("/admin/articles/storygroup/coverage/").content.decode()
    assert "No stories are linked" in html  # no event yet
    stories["ckb"].delete()
    response = sorani_client.post(
        f"/admin/articles/article/{english.pk}/counterparts/add/", {"edition": "ckb"}
    )
    sorani = Article.objects.get(edition="ckb")
    assert response["Location"] == change_url(sorani)
    assert sorani.story_group_id == Article.objects.get(pk=english.pk).story_group_id
    refused = sorani_client.post(
        f"/admin/articles/article/{english.pk}/counterparts/add/", {"edition": "ar"}
    )
    assert refused.status_code == 403  # not their desk
    html = sorani_client.get("/admin/articles/storygroup/coverage/").content.decode()
    assert sorani.headline in html  # their story, linked
    assert f'href="{change_url(english)}"' not in html  # the English desk's, not a link


def test_another_desks_draft_counterpart_shows_its_state_not_its_words(sorani_client, stories):
    english_draft = make_article(
        headline="Unpublished English draft", section=stories["en"].section, published=False
    )
    from articles.editions.services import link_counterparts

    link_counterparts(story=english_draft, counterpart=stories["ckb"])
    html = sorani_client.get(change_url(stories["ckb"])).content.decode()
    assert "Counterparts in other editions" in html
    assert "Another desk’s draft" in html
    assert "Unpublished English draft" not in html
