"""
The editions in a real browser: a Sorani editor, with the admin in Sorani, writes and
publishes a Sorani interview from nothing, and a reader reads it right to left at /ckb/;
every public page type of every edition passes axe under the strict CSP.
"""

import pytest
from django.conf import settings
from django.utils import translation

from articles.editions.models import DeskMember, StoryGroup
from articles.editions.registry import all_editions
from articles.models import Article
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_correction,
    make_interview,
    make_section,
    make_staff,
)

pytestmark = pytest.mark.django_db(transaction=True)


def in_sorani(text):
    with translation.override("ckb"):
        return translation.gettext(text)


def choose(page, select_id, text):
    """Pick ``text`` in one of the admin's autocomplete (select2) widgets."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def sorani_login(browser_page, username, next_path):
    """Log in with the admin in Sorani: the language cookie is set before the first page."""
    browser_page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ckb", "url": browser_page.base_url}]
    )
    browser_page.goto(f"/admin/login/?next={next_path}")
    page = browser_page.page
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("a-long-test-password")
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()


def save(page, name="_continue"):
    page.locator(f"input[name={name}]").first.click()
    page.wait_for_load_state()


TURNS = [
    ("لێدجەر", "بەندەرەکە دوای زریانەکە چەند ڕۆژ داخرابوو؟"),
    ("ئەحمەد", "چوار ڕۆژ. ڕۆژی پێنجەم یەکەم کەشتی هاتە ژوورەوە."),
    ("لێدجەر", "زیانەکە چەندە گەورە بوو؟"),
    ("ئەحمەد", "دیوارە دەریاییەکە لە دوو شوێن شکا، بەڵام ڕێگای بارهەڵگرتن سەلامەت ما."),
]


def test_a_sorani_editor_publishes_an_interview_and_a_reader_reads_it_right_to_left(
    open_browser, settings
):
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    make_section(edition="ckb", name="هەواڵ", slug="هەواڵ")
    make_author(name="ژیان ئەحمەد", slug="jiyan-ahmed", handle="@jiyan_ahmed")
    english = make_article(
        headline="The harbour reopens after four days",
        section=make_section(name="Coast", slug="coast"),
    )
    editor_user = make_staff("sorani", group="Editor")
    DeskMember.objects.create(user=editor_user, edition="ckb")

    editor = open_browser()
    sorani_login(editor, "sorani", "/admin/articles/article/add/")
    page = editor.page
    assert page.locator("html").get_attribute("lang") == "ckb"
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The story's text fields follow its edition, whatever the admin's language.
    assert page.locator("#id_headline").get_attribute("dir") == "rtl"
    assert page.locator("#id_headline").get_attribute("lang") == "ckb"

    headline = "بەندەری پۆرت ئێلین دوای چوار ڕۆژ دەکرێتەوە"
    page.locator("#id_headline").fill(headline)
    page.locator("#id_dek").fill("بەڕێوەبەری بەندەر باسی ئەو ڕۆژانە دەکات کە زریان دەریای داخست.")
    choose(page, "id_section", "هەواڵ")
    page.locator("#id_dateline").fill("پۆرت ئێلین، نەرویج -")
    page.locator(".prose-editor [contenteditable=true]").click()
    page.keyboard.type("بەندەرەکە بەیانی زوو کرایەوە.")
    choose(page, "id_bylines-0-author", "ژیان ئەحمەد")
    page.locator("#interview-group .add-row a").click()
    page.locator("#id_interview-0-intro").fill(
        "ئەوەی خوارەوە دەقی چاوپێکەوتنەکەیە، بۆ ڕوونی کەمێک کورت کراوەتەوە."
    )
    editor.screenshots("sorani-editor-new-story")
    save(page)
    article = Article.objects.get(headline=headline)
    assert article.edition == "ckb"
    assert article.slug == "بەندەری-پۆرت-ئێلین-دوای-چوار-ڕۆژ-دەکرێتەوە"

    page.goto(f"{editor.base_url}/admin/articles/interview/{article.interview.pk}/change/")
    page.locator("#id_participants-0-name").fill("لێدجەری بەندەر")
    page.locator("#id_participants-0-label").fill("لێدجەر")
    page.locator("#id_participants-0-is_interviewer").check()
    page.locator("#id_participants-1-name").fill("کاروان ئەحمەد")
    page.locator("#id_participants-1-label").fill("ئەحمەد")
    save(page)
    for index, (speaker, text) in enumerate(TURNS):
        if index >= 3:
            page.locator("#turns-group .add-row a").click()
        page.locator(f"#id_turns-{index}-participant").select_option(label=speaker)
        page.locator(f"#id_turns-{index}-text").fill(text)
        assert page.locator(f"#id_turns-{index}-text").get_attribute("dir") == "rtl"
    editor.screenshots("sorani-editor-transcript")
    save(page, "_save")

    page.goto(f"{editor.base_url}/admin/articles/article/{article.pk}/change/")
    page.locator("#id_status").select_option("published")
    save(page, "_save")
    article.refresh_from_db()
    assert article.is_public
    # The desk links it to the English desk's story on the same event.
    group = StoryGroup.objects.create(name="Port Elin harbour reopens")
    Article.objects.filter(pk__in=[article.pk, english.pk]).update(story_group=group)

    reader = open_browser(width=375)
    reader.goto(article.get_absolute_url())
    page = reader.page
    assert page.locator("html").get_attribute("lang") == "ckb"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == headline
    speakers = page.locator(".turn .turn__label").all_text_contents()
    assert speakers == [speaker for speaker, _ in TURNS]
    # Text size, the comment form and the guidelines speak Sorani.
    larger = page.locator("[data-text-size-step='1']")
    larger.click()
    assert page.locator("html").get_attribute("data-text-size") == "1"
    form = page.locator("#comment-form")
    assert in_sorani("Name") in form.inner_text()
    assert in_sorani("Post comment") in form.inner_text()
    assert in_sorani("Community guidelines") in page.inner_text("body")
    assert in_sorani("Name") != "Name"
    reader.screenshots("sorani-reader-interview")
    assert reader.axe_violations() == []

    # hreflang leads to the English counterpart, and back.
    english_link = page.locator("link[rel=alternate][hreflang=en]")
    reader.goto(english_link.get_attribute("href").removeprefix(reader.base_url))
    assert page.locator("h1").inner_text() == english.headline
    back = page.locator("link[rel=alternate][hreflang=ckb]").get_attribute("href")
    assert back.endswith(article.get_absolute_url())
    assert reader.problems == []
    assert editor.problems == []


def edition_site(edition):
    """A section, an author, an interview with comments and a corrected story."""
    names = {
        "en": ("Coast", "A harbour master on a hard winter", "Harbour"),
        "ckb": ("کەنار", "بەڕێوەبەری بەندەر و زستانێکی سەخت", "بەندەر"),
        "ar": ("الساحل", "مدير الميناء وشتاء قاسٍ", "الميناء"),
        "kmr": ("Perav", "Rêvebirê benderê û zivistaneke dijwar", "Bender"),
    }
    section_name, headline, tag = names[edition.code]
    section = make_section(edition=edition.code, name=section_name, slug=section_name.lower())
    author = make_author(name=f"{section_name} Reporter", slug=f"reporter-{edition.code}")
    story = make_article(
        edition=edition.code,
        headline=headline,
        slug=f"{edition.code}-{tag.lower()}",
        section=section,
        authors=[author],
        tags=[tag],
    )
    make_interview(story, turns=4)
    comment = make_comment(story, status="approved", body=f"{tag} 1")
    make_correction(story)
    return {
        "front": f"/{edition.code}/",
        "section": section.get_absolute_url(),
        "tag": f"/{edition.code}/tag/{story.tags.get().slug}/",
        "author": f"/{edition.code}/author/{author.slug}/",
        "story": story.get_absolute_url(),
        "search": f"/{edition.code}/search/?q={tag}",
        "corrections": f"/{edition.code}/corrections/",
        # Each comment's "Report" leads here; it speaks the story's edition.
        "report": f"/comments/{comment.pk}/report/",
    }


def test_every_public_page_type_in_every_edition_passes_axe_under_the_csp(open_browser):
    pages = {edition.code: edition_site(edition) for edition in all_editions()}
    reader = open_browser()
    reader.goto("/")
    assert reader.axe_violations() == [], "/"
    for code, paths in pages.items():
        for name, path in paths.items():
            reader.goto(path)
            html = reader.page.locator("html")
            edition = next(e for e in all_editions() if e.code == code)
            assert html.get_attribute("dir") == edition.direction, path
            assert reader.axe_violations() == [], f"{code} {name}: {path}"
        reader.page.goto(f"{reader.base_url}/{code}/no-such-page/")
        assert reader.axe_violations() == [], f"{code} 404"
        reader.screenshots(f"edition-{code}-story")
    assert [problem for problem in reader.problems if "404" not in problem] == []
