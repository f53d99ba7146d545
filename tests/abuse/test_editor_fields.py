"""
Every field an editor fills, sent through the admin forms (the editors' real path)
with each hostile string, then read back on every surface that renders it: the
story page (its text, JSON-LD and Open Graph tags), the listings, search, feeds,
sitemaps and the admin. One story per hostile string carries it in every field,
each copy marked with its field's name, so a leak names the field and the surface.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Interview, Participant, Section, Turn
from articles.stories.signals import story_changed
from newsroom.text import clean_typed_text
from tests.articles.test_hostile_text import seen_by_reader
from tests.factories import article_form, image_upload, management, rows, split

from .checks import html_problems, news_article, read_page, shows_text, squash, xml_problems
from .conftest import checked
from .payloads import HOSTILE, marked

pytestmark = pytest.mark.django_db

SECTION_FIELDS = ["name", "description"]
AUTHOR_FIELDS = ["name", "role", "bio", "handle", "profile_url", "website"]
ARTICLE_FIELDS = [
    "headline", "dek", "dateline", "body", "hero_alt", "hero_caption", "hero_credit", "new_tags",
]  # fmt: skip
INTERVIEW_FIELDS = ["intro", "recorded_at", "participant_name", "participant_label", "turn"]
# Every field an editor fills, by the name a failure reports.
EDITOR_FIELDS = [
    *(f"section_{f}" for f in SECTION_FIELDS),
    *(f"author_{f}" for f in AUTHOR_FIELDS),
    *ARTICLE_FIELDS,
    "correction",
    *(f"interview_{f}" for f in INTERVIEW_FIELDS),
]
SEARCH_WORD = "lighthousekeeper"


class Findings:
    """Problems by input and surface, reported together when the test ends."""

    def __init__(self, payload):
        self.payload = payload
        self.lines = []
        self.surfaces = 0

    def check(self, surface, problems):
        self.surfaces += 1
        self.lines += [f"[{self.payload}] on {surface}: {problem}" for problem in problems]

    def page(self, client, surface, url, *, status=200, texts=()):
        """GET ``url``: its status, no live payload markup, and ``texts`` shown as text."""
        response = client.get(url)
        if response.status_code != status:
            self.check(surface, [f"GET {url} answered {response.status_code}, not {status}"])
            return response
        response.reader = read_page(response.content)
        problems = html_problems(response.content, response.reader)
        for text in texts:
            problems += shows_text(response.content, text, response.reader)
        self.check(surface, problems)
        return response

    def feed(self, client, surface, url):
        response = client.get(url)
        if response.status_code != 200:
            self.check(surface, [f"GET {url} answered {response.status_code}"])
            return None
        self.check(surface, xml_problems(response.content))
        return response


def typed(field):
    """What an editor types in ``field`` for this story's hostile string."""
    return lambda payload: marked(payload, field)


def admin_post(editor_client, findings, surface, url, data, fallbacks):
    """
    POST an admin form. A refused field must come back with a message and the form
    kept (no 500, no leak); it is then sent again with a plain value so the rest of
    the story can be checked on every surface.
    """
    response = editor_client.post(url, data)
    if response.status_code == 200 and response.context and "adminform" in response.context:
        errors = dict(response.context["adminform"].form.errors)
        for formset in response.context.get("inline_admin_formsets", []):
            for index, form_errors in enumerate(formset.formset.errors):
                prefix = formset.formset.prefix
                errors.update({f"{prefix}-{index}-{k}": v for k, v in form_errors.items()})
            if formset.formset.non_form_errors():
                errors[f"{formset.formset.prefix} rows"] = formset.formset.non_form_errors()
        unexpected = [field for field in errors if field not in fallbacks]
        findings.check(
            f"{surface} (refused)",
            html_problems(response.content)
            + [f"refused {field} without reason: {errors[field]}" for field in unexpected]
            + ([] if errors else ["answered 200 without saving or saying why"]),
        )
        if unexpected or not errors:
            return None, set()
        data = {**data, **{field: fallbacks[field] for field in errors}}
        if "hero_image" in data:
            data["hero_image"] = image_upload()
        response = editor_client.post(url, data)
        refused = set(errors)
    else:
        refused = set()
    if response.status_code != 302:
        findings.check(surface, [f"POST {url} answered {response.status_code}, not 302"])
        return None, refused
    return response, refused


@pytest.mark.parametrize("payload", list(HOSTILE), ids=str)
def test_hostile_editor_input_is_text_on_every_surface(
    payload, editor_client, client, django_capture_on_commit_callbacks
):
    value = HOSTILE[payload]
    findings = Findings(payload)
    ok = f"Plain {payload}"  # what a refused field is sent again with

    # The section and the author, through their admin forms.
    section_data = {
        "name": marked(value, "section_name"),
        "slug": "abuse-section",
        "edition": "en",
        "description": marked(value, "section_description"),
        "position": "1",
    }
    admin_post(
        editor_client,
        findings,
        "admin section form",
        "/admin/articles/section/add/",
        section_data,
        {"name": ok[:80], "description": ok},
    )
    section = Section.objects.get(edition="en", slug="abuse-section")
    author_data = {"slug": "abuse-author", "email": ""} | {
        field: marked(value, f"author_{field}") for field in AUTHOR_FIELDS
    }
    admin_post(
        editor_client,
        findings,
        "admin author form",
        "/admin/articles/author/add/",
        author_data,
        {"name": ok[:120], "role": ok[:120], "bio": ok, "handle": "", "profile_url": "",
         "website": ""},
    )  # fmt: skip
    author = Author.objects.get(slug="abuse-author")

    # The story, published, with a hero image, a byline, tags and a correction.
    day, time = split(timezone.now() - timedelta(hours=1))
    data = article_form(
        section,
        slug="abuse-story",
        status="published",
        published_at_0=day,
        published_at_1=time,
        hero_image=image_upload(),
        **{field: marked(value, field) for field in ARTICLE_FIELDS},
    )
    # The word search finds the story by, ahead of the payload (an unclosed <style>
    # in HTML swallows what follows it, as in a browser).
    data["body"] = f"The {SEARCH_WORD} speaks.\n\n{data['body']}"
    data |= management("interview", 0)
    data |= rows("bylines", [{"order": "", "author": str(author.pk), "role": "reporter"}])
    data |= rows(
        "corrections",
        [{"kind": "correction", "text": marked(value, "correction"), "created_at_0": day,
          "created_at_1": time}],
    )  # fmt: skip
    fallbacks = {
        "headline": ok,
        "dek": ok,
        "dateline": ok[:120],
        "body": ok,
        "hero_alt": ok,
        "hero_caption": ok,
        "hero_credit": ok[:120],
        "new_tags": ok,
        "corrections-0-text": ok,
    }
    response, refused = admin_post(
        editor_client, findings, "admin story form", "/admin/articles/article/add/", data, fallbacks
    )
    if response is None:
        pytest.fail("\n".join(findings.lines) or "the story could not be saved")
    article = Article.objects.get(slug="abuse-story")

    # The interview, through the models as the transcript services write it.
    with django_capture_on_commit_callbacks(execute=True):
        interview = Interview.objects.create(
            article=article,
            intro=marked(value, "interview_intro"),
            recorded_at=marked(value, "interview_recorded_at")[:120],
        )
        speaker = Participant.objects.create(
            interview=interview,
            name=marked(value, "interview_participant_name")[:120] or "Ada",
            label=marked(value, "interview_participant_label")[:40] or "Ada",
            position=1,
        )
        Turn.objects.create(
            interview=interview,
            participant=speaker,
            position=1,
            text=marked(value, "interview_turn") or "Yes.",
        )
        story_changed.send(sender=Turn, article_id=article.pk)

    check_stored_as_typed(findings, article, section, author, value, refused)
    check_surfaces(findings, client, editor_client, article, section, author, interview)

    for field in EDITOR_FIELDS:
        checked(f"{field}={payload}", findings.surfaces)
    assert not findings.lines, "\n".join(findings.lines)


def check_stored_as_typed(findings, article, section, author, value, refused):
    """Plain-text fields keep what the editor typed, cleaned by the input rule only."""
    problems = []
    for field in ["headline", "dek", "dateline", "hero_alt", "hero_caption", "hero_credit"]:
        if field in refused:
            continue
        expected = clean_typed_text(marked(value, field), multiline=field == "dek")
        if squash(getattr(article, field)) != squash(expected):
            problems.append(f"{field} stored as {getattr(article, field)[:80]!r}")
    findings.check("stored story", problems)


def check_surfaces(findings, client, editor_client, article, section, author, interview):
    article.refresh_from_db()
    section.refresh_from_db()
    author.refresh_from_db()
    participant = interview.participants.get()
    correction = article.corrections.first()
    tags = list(article.tags.all())
    story_texts = [
        article.headline,
        article.dek,
        article.dateline,
        article.hero_caption,
        article.hero_credit,
        author.name,
        participant.label,
        interview.turns.get().text,
        *(tag.name for tag in tags),
        *([correction.text] if correction else []),
    ]

    # The story page: its text, JSON-LD and Open Graph.
    story = findings.page(client, "story page", article.get_absolute_url(), texts=story_texts)
    if story.status_code == 200:
        data, problems = news_article(story.content, story.reader)
        if data is not None:
            if squash(data.get("headline")) != squash(article.headline):
                problems.append(f"JSON-LD headline is {data.get('headline')!r}")
            if squash(data.get("description")) != squash(article.dek or article.headline):
                problems.append(f"JSON-LD description is {data.get('description')!r}")
        findings.check("story JSON-LD", problems)
        meta = story.reader.meta
        problems = []
        for key, expected in [
            ("og:title", article.headline),
            ("og:description", article.dek or article.headline),
            ("og:image:alt", article.hero_alt),
            ("twitter:title", article.headline),
            ("article:section", section.name),
        ]:
            if [squash(v) for v in meta.get(key, [])] != [squash(expected)]:
                problems.append(f"{key} is {meta.get(key)!r}, not {expected[:80]!r}")
        findings.check("story Open Graph", problems)

    # Listings.
    findings.page(client, "front page", "/en/", texts=[article.headline])
    findings.page(client, "section page", section.get_absolute_url(), texts=[section.description])
    findings.page(client, "author page", author.get_absolute_url(), texts=[author.name, author.bio])
    for tag in tags:
        findings.page(client, f"tag page {tag.slug}", f"/en/tag/{tag.slug}/", texts=[tag.name])
    findings.page(client, "corrections page", "/en/corrections/")
    findings.page(
        client, "search results", f"/en/search/?q={SEARCH_WORD}", texts=[article.headline]
    )

    # Feeds and sitemaps: well-formed, and what feed readers show is the text typed.
    for url in [
        "/en/feed/",
        "/en/feed/atom/",
        f"/en/section/{section.slug}/feed/",
        f"/en/author/{author.slug}/feed/atom/",
        *(f"/en/tag/{tag.slug}/feed/" for tag in tags[:1]),
    ]:
        response = findings.feed(client, f"feed {url}", url)
        if response is not None and url in {"/en/feed/", "/en/feed/atom/"}:
            entries = feedparser.parse(response.content).entries
            titles = [squash(seen_by_reader(entry.title_detail)) for entry in entries]
            findings.check(
                f"feed {url} entry title",
                [] if titles == [squash(article.headline)] else [f"feed readers see {titles!r}"],
            )
    index = findings.feed(client, "sitemap index", "/en/sitemap.xml")
    if index is not None and not xml_problems(index.content):
        for node in read_sitemap_locations(index.content):
            if not node.endswith(("-stories.xml", "-sections.xml")):  # the tags' and authors'
                findings.feed(client, f"sitemap {node}", node)

    # The admin: lists and change forms show it escaped.
    for surface, url in [
        ("admin story search", f"/admin/articles/article/?q={SEARCH_WORD}"),
        ("admin story form", f"/admin/articles/article/{article.pk}/change/"),
        ("admin interview form", f"/admin/articles/interview/{interview.pk}/change/"),
        ("admin author form", f"/admin/articles/author/{author.pk}/change/"),
        ("admin tag list", "/admin/taggit/tag/"),
    ]:
        findings.page(editor_client, surface, url)
    del participant


def read_sitemap_locations(content):
    from xml.dom import minidom

    return [
        urlsplit(node.firstChild.data).path
        for node in minidom.parseString(content).getElementsByTagName("loc")
    ]


def test_every_editor_field_gets_every_hostile_string():
    assert len(EDITOR_FIELDS) * len(HOSTILE) >= 150
    assert len(HOSTILE) >= 60
    assert Tag  # taggit's tags are what the tag pages and the tag admin list
