"""
Editions in the admin: counterparts on the story page (add, link, unlink, translation
of), the coverage view, the admin in the staff member's language (right to left in
Sorani and Arabic), and a story's text fields in its edition's language and direction.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.editions import services
from articles.models import Article, StoryGroup
from tests.factories import (
    article_form,
    change_url,
    image_upload,
    logged_in,
    make_article,
    make_author,
    make_section,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
COVERAGE_URL = "/admin/articles/storygroup/coverage/"


@pytest.fixture
def sections():
    """The same desk's section in each edition: "News" and its own-language names."""
    return {
        "en": make_section(name="News", slug="news", position=1),
        "ckb": make_section(name="هەواڵ", slug="hewal", edition="ckb", position=1),
        "ar": make_section(name="أخبار", slug="news", edition="ar", position=1),
    }


@pytest.fixture
def source(sections):
    author = make_author(name="Lena Hart")
    photographer = make_author(name="Omar Said")
    story = make_article(
        headline="Ferry service returns after the storm",
        section=sections["en"],
        authors=[author, photographer],
        tags=["Ferries", "Weather"],
        hero_image=image_upload(),
        hero_alt="A ferry at the quay in grey light",
        hero_caption="The first crossing since Tuesday",
        hero_credit="Photo: Omar Said",
    )
    story.bylines.filter(author=photographer).update(role="photographer")
    return story


def add_counterpart(client, story, edition):
    return client.post(
        f"/admin/articles/article/{story.pk}/counterparts/add/", {"edition": edition}
    )


def select_options(html, name):
    """The option values of the select called ``name``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def input_tag(html, field_id):
    match = re.search(rf"<(?:input|textarea)[^>]*\bid=\"{field_id}\"[^>]*>", html)
    assert match, f"no field {field_id}"
    return match.group(0)


# Counterparts --------------------------------------------------------------------------------


def test_adding_a_counterpart_copies_bylines_tags_section_and_hero_but_not_the_text(
    editor_client, source, sections
):
    response = add_counterpart(editor_client, source, "ckb")
    story = Article.objects.get(edition="ckb")
    assert response.status_code == 302
    assert response["Location"] == change_url(story)
    assert story.status == Article.Status.DRAFT
    assert [(b.author.name, b.role) for b in story.bylines.order_by("position")] == [
        ("Lena Hart", "reporter"),
        ("Omar Said", "photographer"),
    ]
    assert sorted(story.tags.names()) == ["Ferries", "Weather"]
    assert story.section == sections["ckb"]  # the Sorani desk's section at the same place
    assert story.hero_image.name == source.hero_image.name
    assert (story.hero_alt, story.hero_caption, story.hero_credit) == (
        source.hero_alt,
        source.hero_caption,
        source.hero_credit,
    )
    assert story.headline != source.headline
    assert story.body == "" and story.dek == "" and story.dateline == ""
    source.refresh_from_db()
    assert source.story_group_id is not None
    assert story.story_group_id == source.story_group_id
    assert list(source.counterparts()) == [story]


def test_the_counterpart_takes_the_section_of_the_same_address_first(editor_client, source):
    make_section(name="Sport", slug="sport", edition="ar", position=1)
    add_counterpart(editor_client, source, "ar")
    assert Article.objects.get(edition="ar").section.slug == "news"


def test_without_a_matching_section_the_editor_is_told_and_nothing_is_made(editor_client, source):
    response = add_counterpart(editor_client, source, "kmr")
    assert response.status_code == 302
    page = editor_client.get(response["Location"]).content.decode()
    assert "has no section matching" in page
    assert not Article.objects.filter(edition="kmr").exists()


def test_an_edition_that_has_its_story_is_not_offered_again(editor_client, source):
    add_counterpart(editor_client, source, "ckb")
    html = editor_client.get(change_url(source)).content.decode()
    assert "Add a counterpart in Arabic" in html
    assert "Add a counterpart in Sorani Kurdish" not in html
    assert add_counterpart(editor_client, source, "ckb").status_code == 302
    assert Article.objects.filter(edition="ckb").count() == 1


def test_the_story_page_lists_its_counterparts(editor_client, source):
    add_counterpart(editor_client, source, "ckb")
    sorani = Article.objects.get(edition="ckb")
    html = editor_client.get(change_url(source)).content.decode()
    assert "Counterparts in other editions" in html
    assert f'href="{change_url(sorani)}"' in html
    assert sorani.headline in html
    assert "Draft" in html


def test_a_story_is_linked_and_unlinked_as_a_counterpart(editor_client, source, sections):
    arabic = make_article(headline="عودة العبّارة", section=sections["ar"], edition="ar")
    html = editor_client.get(change_url(source)).content.decode()
    assert str(arabic.pk) in select_options(html, "story")
    editor_client.post(
        f"/admin/articles/article/{source.pk}/counterparts/link/", {"story": arabic.pk}
    )
    source.refresh_from_db()
    arabic.refresh_from_db()
    assert arabic.story_group_id == source.story_group_id is not None
    editor_client.post(f"/admin/articles/article/{arabic.pk}/counterparts/unlink/")
    arabic.refresh_from_db()
    source.refresh_from_db()
    assert arabic.story_group_id is None
    assert source.story_group_id is None  # alone, it has no counterparts
    assert not StoryGroup.objects.exists()


def test_two_stories_of_one_edition_cannot_be_counterparts(editor_client, source, sections):
    other = make_article(headline="Another English story", section=sections["en"])
    response = editor_client.post(
        f"/admin/articles/article/{source.pk}/counterparts/link/", {"story": other.pk}, follow=True
    )
    assert "counterparts are in different editions" in response.content.decode()
    other.refresh_from_db()
    assert other.story_group_id is None


def test_translation_of_offers_only_the_counterparts(editor_client, source, sections):
    services.create_counterpart(source=source, edition="ckb")
    sorani = Article.objects.get(edition="ckb")
    stranger = make_article(headline="Not on this event", section=sections["ar"], edition="ar")
    html = editor_client.get(change_url(sorani)).content.decode()
    assert select_options(html, "translation_of") == ["", str(source.pk)]
    data = article_form(
        sections["ckb"],
        headline="گەڕانەوەی کەشتی",
        slug=sorani.slug,
        edition="ckb",
        version=str(sorani.version),
        translation_of=str(stranger.pk),
        new_tags="",
        hero_alt=sorani.hero_alt,
    )
    data |= bylines_of(sorani)
    response = editor_client.post(change_url(sorani), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    data["translation_of"] = str(source.pk)
    response = editor_client.post(change_url(sorani), data)
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.content.decode())
    sorani.refresh_from_db()
    assert sorani.translation_of == source


def bylines_of(article):
    from tests.factories import rows

    return rows(
        "bylines",
        [
            {
                "id": str(b.pk),
                "article": str(article.pk),
                "order": str(b.position),
                "author": str(b.author_id),
                "role": b.role,
            }
            for b in article.bylines.order_by("position")
        ],
        initial=article.bylines.count(),
    ) | rows("interview", [])


def test_a_section_of_another_edition_is_refused_with_a_clear_message(editor_client, sections):
    data = article_form(sections["en"], edition="ckb") | rows_empty()
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "is a section of another edition" in response.content.decode()
    assert not Article.objects.exists()


def rows_empty():
    from tests.factories import management

    return management("bylines", 0) | management("interview", 0)


# Coverage -------------------------------------------------------------------------------------


def coverage_cells(html):
    """{event: [cell text per edition]} from the coverage table."""
    table = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\"[^>]*>(.*?)</tr>", html, re.S):
        name, rest = row.split("</th>", 1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S)
        table[name.strip()] = [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in cells]
    return table


def test_the_coverage_view_shows_each_events_stories_by_edition(editor_client, source):
    services.create_counterpart(source=source, edition="ckb")
    html = editor_client.get(COVERAGE_URL).content.decode()
    cells = coverage_cells(html)
    row = cells[source.headline]
    # English, Sorani, Arabic, Kurmanji: the columns in the settings' order.
    assert "Live" in row[0] and "original" in row[0]
    assert "Draft" in row[1]
    assert "Not covered" in row[2] and "Add in Arabic" in row[2]
    assert "Not covered" in row[3]


def test_a_translation_saved_before_its_source_changed_is_flagged(editor_client, source):
    sorani = services.create_counterpart(source=source, edition="ckb")
    services.mark_translation(story=sorani, original=source)
    html = editor_client.get(COVERAGE_URL).content.decode()
    assert "coverage-flag" not in html
    earlier = timezone.now() - timedelta(hours=2)
    Article.objects.filter(pk=sorani.pk).update(modified_at=earlier)
    html = editor_client.get(COVERAGE_URL).content.decode()
    row = coverage_cells(html)[source.headline]
    assert "Behind its source" in row[1] and "translation" in row[1]
    assert "Behind its source" not in row[0]


def test_the_coverage_view_costs_the_same_queries_for_two_events_or_ten(editor_client, sections):
    def event(number):
        story = make_article(headline=f"Event number {number}", section=sections["en"])
        services.create_counterpart(source=story, edition="ckb")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(COVERAGE_URL).status_code == 200
        return len(captured)

    for number in range(2):
        event(number)
    few = queries()
    for number in range(2, 10):
        event(number)
    assert queries() == few


def test_reporters_do_not_see_the_coverage_view(reporter_client):
    assert reporter_client.get(COVERAGE_URL).status_code == 403


# The admin's language and the story's ----------------------------------------------------------


def test_the_admin_speaks_sorani_right_to_left_from_the_language_cookie(editor_client, source):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ckb"
    for url in ("/admin/", "/admin/articles/article/", change_url(source), COVERAGE_URL):
        html = editor_client.get(url).content.decode()
        assert re.search(r'<html lang="ckb" dir="rtl"', html), url


def test_the_admin_speaks_arabic_right_to_left(editor_client):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = editor_client.get(ADD_URL).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_the_language_menu_posts_to_set_language_with_next(editor_client):
    html = editor_client.get("/admin/articles/article/").content.decode()
    form = re.search(
        r'<form class="admin-language" method="post" action="([^"]+)">(.*?)</form>', html, re.S
    )
    assert form and form.group(1) == "/i18n/setlang/"
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert 'name="next" value="/admin/articles/article/"' in form.group(2)
    assert select_options(form.group(0), "language") == ["en", "ckb", "ar", "kmr"]
    assert "<script" not in form.group(2)
    response = editor_client.post(
        "/i18n/setlang/", {"language": "ckb", "next": "/admin/articles/article/"}
    )
    assert response.status_code == 302
    assert 'dir="rtl"' in editor_client.get("/admin/articles/article/").content.decode()


def test_a_sorani_storys_text_fields_are_right_to_left_in_an_english_admin(editor_client, sections):
    story = make_article(headline="کەشتییەکە گەڕایەوە", section=sections["ckb"], edition="ckb")
    html = editor_client.get(change_url(story)).content.decode()
    assert '<html lang="en" dir="ltr"' in html
    for field in (
        "id_headline",
        "id_dek",
        "id_dateline",
        "id_body",
        "id_hero_caption",
        "id_hero_alt",
        "id_hero_credit",
    ):
        tag = input_tag(html, field)
        assert 'dir="rtl"' in tag and 'lang="ckb"' in tag, field
    assert "js/admin-edition-fields.js" in html


def test_an_english_storys_fields_stay_left_to_right_in_a_sorani_admin(editor_client, source):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ckb"
    html = editor_client.get(change_url(source)).content.decode()
    tag = input_tag(html, "id_headline")
    assert 'dir="ltr"' in tag and 'lang="en"' in tag


def test_a_new_story_form_says_each_editions_direction_for_the_script(editor_client):
    html = editor_client.get(ADD_URL).content.decode()
    select = re.search(r'<select name="edition"[^>]*>', html).group(0)
    assert "data-edition-text-attrs" in select
    assert "&quot;ckb&quot;: {&quot;dir&quot;: &quot;rtl&quot;" in select


def test_a_reporter_adds_a_counterpart_they_can_open(reporter, sections, source):
    user, author = reporter
    client = logged_in(user)
    add_counterpart(client, source, "ckb")
    story = Article.objects.get(edition="ckb")
    assert story.bylines.filter(author=author).exists()
    assert client.get(change_url(story)).status_code == 200


@pytest.mark.parametrize("language", ["ckb", "ar"])
def test_every_editors_page_renders_right_to_left(editor_client, source, language):
    from articles.frontpage.services import save_front_page
    from articles.models import FrontPage
    from tests.factories import make_interview

    sorani = services.create_counterpart(source=source, edition="ckb")
    interview = make_interview(sorani)
    front = save_front_page(front_page=FrontPage(name="Today", edition="ckb", is_live=True))
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = [
        "/admin/",
        "/admin/articles/article/",
        ADD_URL,
        change_url(source),
        change_url(sorani),
        f"/admin/articles/article/{source.pk}/history/",
        f"/admin/articles/article/{source.pk}/history/compare/",
        f"/admin/articles/interview/{interview.pk}/change/",
        f"/admin/articles/interview/{interview.pk}/paste/",
        "/admin/articles/section/",
        "/admin/articles/frontpage/",
        f"/admin/articles/frontpage/{front.pk}/change/",
        COVERAGE_URL,
        "/admin/articles/deskmember/",
    ]
    for url in pages:
        response = editor_client.get(url)
        assert response.status_code in (200, 403), url  # desks: superusers only
        if response.status_code == 200:
            assert f'<html lang="{language}" dir="rtl"' in response.content.decode(), url


def test_without_a_matching_section_the_editor_picks_one_of_that_edition(editor_client, source):
    html = editor_client.get(change_url(source)).content.decode()
    assert "Kurmanji Kurdish has no sections yet" in html
    make_section(name="Siyaset", slug="siyaset", edition="kmr", position=4)
    culture = make_section(name="Çand", slug="cand", edition="kmr", position=5)
    html = editor_client.get(change_url(source)).content.decode()
    assert select_options(html, "section") == ["", str(culture.pk - 1), str(culture.pk)]
    response = editor_client.post(
        f"/admin/articles/article/{source.pk}/counterparts/add/",
        {"edition": "kmr", "section": str(culture.pk)},
    )
    assert response.status_code == 302
    assert Article.objects.get(edition="kmr").section == culture


def test_a_section_of_another_edition_is_not_taken_for_a_counterpart(
    editor_client, source, sections
):
    response = editor_client.post(
        f"/admin/articles/article/{source.pk}/counterparts/add/",
        {"edition": "ckb", "section": str(sections["ar"].pk)},
        follow=True,
    )
    assert "is a section of another edition" in response.content.decode()
    assert not Article.objects.filter(edition="ckb").exists()
