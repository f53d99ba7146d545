"""
Every public page is valid HTML as the W3C Nu Html Checker reads it: each page type,
rendered with a story that carries everything a page can show (an interview with
timecodes, a hero image, bylines, tags in Kurdish and Arabic script, corrections,
updates, comments), written to a folder and checked in one run of the checker.

The checker is vnu.jar from the vnu-jar npm package; VNU_JAR names it (.ci/run
installs it; README.md says how to get it). Without it, or without Java, the check
is skipped with one line saying why, unless E2E_REQUIRED=1 (as in CI), where a
missing checker fails the run.
"""

import json
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error

from articles.discovery import search
from articles.discovery.views import SearchView
from articles.editorial import share_links
from articles.models import Article, Interview, Participant, Turn
from articles.stories import views as story_views
from comments import moderation
from comments.models import Comment
from tests.factories import (
    image_upload,
    logged_in,
    make_article,
    make_author,
    make_comment,
    make_correction,
    make_section,
    make_share_link,
    make_staff,
)

pytestmark = pytest.mark.django_db

VNU_JAR = os.environ.get("VNU_JAR", "")
JAVA = shutil.which("java")
REQUIRED = os.environ.get("E2E_REQUIRED") == "1"
HOW_TO_GET_IT = (
    "npm install --prefix ~/.cache/newsroom-vnu vnu-jar, then "
    "VNU_JAR=~/.cache/newsroom-vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
# One short run: the quick compiler alone starts the checker in a few seconds instead
# of over ten (its deep schema recursion then needs a larger thread stack).
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss4m"]
CHECKER_TIMEOUT = 120

SORANI = "ڕۆژنامەنووسان لە هەولێر باسی بەندەر دەکەن"
ARABIC = "الصيادون في الميناء ينتظرون الربيع"


def missing_checker():
    """Why the checker cannot run here, or "" when it can."""
    if not VNU_JAR:
        return f"no VNU_JAR ({HOW_TO_GET_IT})"
    if not Path(VNU_JAR).is_file():
        return f"VNU_JAR={VNU_JAR} is not a file ({HOW_TO_GET_IT})"
    if JAVA is None:
        return "no java on PATH (apt-get install default-jre-headless)"
    return ""


class _SkipNote:
    """The one line at the end of the run that says the HTML check did not run."""

    def __init__(self, line):
        self.line = line

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_line(self.line, yellow=True)


@pytest.fixture
def vnu(request):
    problem = missing_checker()
    if problem and REQUIRED:
        pytest.fail(f"E2E_REQUIRED=1 but the HTML checker cannot run: {problem}")
    if problem:
        line = f"HTML validity check skipped: {problem}"
        plugins = request.config.pluginmanager
        if not plugins.has_plugin("newsroom-html-check-skipped"):
            plugins.register(_SkipNote(line), "newsroom-html-check-skipped")
        pytest.skip(line)
    return VNU_JAR


def check(jar, folder):
    """The checker's error messages for every .html file in ``folder``, in one run."""
    files = sorted(folder.glob("*.html"))
    result = subprocess.run(
        [JAVA, *JAVA_OPTIONS, "-jar", jar, "--errors-only", "--format", "json", "--stdout"]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        timeout=CHECKER_TIMEOUT,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the checker gave no report (exit {result.returncode}): {result.stderr}")
    return [m for m in messages if m["type"] in ("error", "non-document-error")]


def describe(message):
    page = Path(message.get("url", "")).name.removesuffix(".html")
    line = message.get("lastLine", message.get("firstLine", "?"))
    extract = " ".join(message.get("extract", "").split())
    return f"{page} line {line}: {message['message']}\n    {extract}"


# The newsroom ------------------------------------------------------------------------


@pytest.fixture
def newsroom(moderator):
    """One story with everything a page can show, and enough around it to list."""
    now = timezone.now()
    harbour = make_section(name="Harbour", slug="harbour", description="Ships & ferries.")
    world = make_section(name="World", slug="world")
    # The Sorani desk's own section, its address in Arabic script.
    ckb_world = make_section(name="جیهان", slug="جیهان", edition="ckb")
    mara = make_author(
        name="Mara Lindqvist",
        slug="mara-lindqvist",
        handle="@mara",
        profile_url="https://social.example/@mara",
        website="https://mara.example/",
        bio="Covers the port, the fishing fleet and the city council. Zürich-born.",
        photo=image_upload("mara.jpg", size=(200, 200)),
    )
    shilan = make_author(
        name="شیلان ئەحمەد",
        slug="shilan-ahmed",
        handle="@shilan",
        profile_url="https://social.example/@shilan",
    )
    story = make_article(
        headline="Harbour master: “We need salt-marsh restoration” — مەرسیە",
        slug="harbour-master-interview",
        dek=f"A long talk about the coming winter. {SORANI}.",
        dateline="PORT ELIN, Norway",
        body=(
            "<p>The harbour master has run the port for <b>eight</b> years.</p>\n"
            "<h2>The north shore</h2>\n"
            f"<p>{ARABIC}.</p>\n"
            "<blockquote><p>“The marsh is our sea wall.”</p></blockquote>\n"
            '<ul><li>Ferries: <a href="https://ferry.example/">timetable</a></li>'
            "<li>Fishing &amp; freight</li></ul>"
        ),
        section=harbour,
        authors=[mara, shilan],
        tags=["Harbour", "هەولێر", "الميناء", "Zürich"],
        hero_image=image_upload("hero.jpg", size=(640, 360)),
        hero_alt="The harbour at dawn, with two ferries at the quay",
        hero_caption="Port Elin at dawn. بەندەر",
        hero_credit="Photo: Ana Ruiz",
        published_at=now - timedelta(days=2, microseconds=123_456),
        updated_at=now - timedelta(hours=3, microseconds=654_321),
    )
    interview = Interview.objects.create(
        article=story,
        intro="What follows is an edited transcript of the interview.",
        recorded_on=(now - timedelta(days=3)).date(),
        recorded_at="at the harbour office",
        edited_note=True,
    )
    ledger = Participant.objects.create(
        interview=interview,
        name="The Harbour Ledger",
        label="Ledger",
        is_interviewer=True,
        position=1,
    )
    okafor = Participant.objects.create(
        interview=interview, name="Ada Okafor", label="Okafor", role="Harbour master", position=2
    )
    kawa = Participant.objects.create(
        interview=interview, name="کاوە ڕەسوڵ", label="کاوە", role="Fisherman", position=3
    )
    Turn.objects.bulk_create(
        Turn(interview=interview, participant=speaker, position=n, text=text, timecode=code)
        for n, (speaker, text, code) in enumerate(
            [
                (ledger, "How was the winter?", "00:12"),
                (okafor, "Hard. Three storms in a month.\n\nThe quay flooded twice.", "01:05"),
                (ledger, "And the marsh?", ""),
                (kawa, f"{SORANI}. {ARABIC}.", "1:02:03"),
            ],
            start=1,
        )
    )
    make_correction(story, text="An earlier version misspelt Ms Okafor’s name.")
    make_correction(story, kind="update", text=f"The council voted on Tuesday. {ARABIC}.")
    make_correction(story, kind="note", text="This interview was edited for length.")
    Article.objects.filter(pk=story.pk).update(updated_at=now - timedelta(hours=1, microseconds=1))
    for n, (name, body) in enumerate(
        [
            ("Rosa Vidal", "I take the 6:40 ferry every day.\nIt is always late."),
            ("ڕێژنە", SORANI),
            ("<b>Ben</b>", "See https://example.org/page & more"),
        ]
    ):
        make_comment(
            story,
            status="approved",
            moderator=moderator,
            name=name,
            body=body,
            submitted_at=now - timedelta(hours=5 - n, microseconds=111_111 * (n + 1)),
        )
    for n, flags in enumerate(["links watch_word", "rejected_sender", ""]):
        make_comment(
            story,
            name=f"Pending reader {n} — قارئ",
            body=f"Pending words number {n}. https://spam.example/ {ARABIC}",
            flags=flags,
        )
    make_comment(story, status="rejected", moderator=moderator, body="Buy now")

    others = [
        make_article(
            headline=f"Harbour story number {n} — {ARABIC}" if n % 2 else f"Ferry fares {n}",
            section=harbour if n % 2 else world,
            authors=[mara],
            tags=["Harbour", "هەولێر"],
            hero_image=image_upload(f"other{n}.jpg") if n == 1 else "",
            hero_alt="A ferry" if n == 1 else "",
            published_at=now - timedelta(days=3 + n, microseconds=7),
        )
        for n in range(1, 5)
    ]
    sorani = make_article(
        headline=SORANI,
        slug="sorani-harbour",
        dek=f"{SORANI}.",
        body=f"<p>{SORANI}.</p>\n\n<p>{ARABIC}.</p>",
        section=ckb_world,
        authors=[shilan],
        tags=["هەولێر"],
        edition="ckb",
    )
    for article in [story, sorani, *others]:
        search.reindex_article(article)
    draft = make_article(
        headline="Port authority weighs night dredging",
        published=False,
        section=harbour,
        authors=[shilan],
        tags=["هەولێر"],
        hero_image=image_upload("draft.jpg"),
        hero_alt="A dredger",
    )
    add_short_interview(draft)
    return {
        "story": story,
        "sorani": sorani,
        "draft": draft,
        "section": harbour,
        "ckb_section": ckb_world,
        "author": mara,
    }


def add_short_interview(article):
    interview = Interview.objects.create(article=article, intro="A short talk.")
    speaker = Participant.objects.create(
        interview=interview, name="Ines Carvalho", label="Carvalho", position=1
    )
    Turn.objects.create(
        interview=interview, participant=speaker, position=1, text="Soon.", timecode="00:01"
    )


# The pages ---------------------------------------------------------------------------


def get(client, path, expect=200, **params):
    response = client.get(path, params)
    assert response.status_code == expect, f"{path} answered {response.status_code}"
    return response.content.decode()


def post_comment(client, article, **fields):
    data = {
        "name": "Rosa Vidal",
        "email": "rosa@example.org",
        "body": "The new timetable suits early workers.",
        "website": "",
        "stamp": moderation.make_stamp(article.pk),
    } | fields
    return client.post(
        f"/stories/{article.pk}/comments/",
        data,
        REMOTE_ADDR="203.0.113.7",
        HTTP_ORIGIN="http://testserver",
    )


def public_pages(client, moderator_client, newsroom, settings, monkeypatch):
    """Every public page type, by name, as HTML."""
    settings.COMMENTS_FORM_MIN_SECONDS = 0
    settings.COMMENTS_PER_PAGE = 2  # the comment list's "older"/"newer" links
    for view in (story_views.TagView, story_views.SectionView, SearchView):
        monkeypatch.setattr(view, "paginate_by", 2, raising=False)
    story, draft = newsroom["story"], newsroom["draft"]
    url = story.get_absolute_url()

    refused = post_comment(client, story, name="", email="not-an-email", body=f"{SORANI} <b>")
    assert refused.status_code == 400
    closed_story = make_article(headline="Closed story", comments_enabled=False)
    closed = post_comment(client, closed_story, body=f"My words. {ARABIC}")
    assert closed.status_code == 403

    link = share_links.create_share_link(article=draft, by=None, label="Dr. Okafor")
    expired = make_share_link(draft, label="Old source")
    type(expired).objects.filter(pk=expired.pk).update(expires_at=timezone.now())

    reported = Comment.objects.approved().filter(article=story).first()
    report = f"/comments/{reported.pk}/report/"

    return {
        "editions": get(client, "/"),
        "front": get(client, "/en/"),
        "front-ckb": get(client, "/ckb/"),
        "story": get(client, url),
        "story-comments-page-2": get(client, url, comments=2),
        "story-comment-received": get(client, url, comment="received"),
        "story-sorani": get(client, newsroom["sorani"].get_absolute_url()),
        "comment-refused": refused.content.decode(),
        "comment-refused-closed": closed.content.decode(),
        "report": get(client, report),
        "report-sent": get(client, report, sent=1),
        "section": get(client, newsroom["section"].get_absolute_url()),
        "section-ckb": get(client, newsroom["ckb_section"].get_absolute_url()),
        "tag": get(client, "/en/tag/هەولێر/"),
        "tag-page-2": get(client, "/en/tag/هەولێر/", page=2),
        "tag-ckb": get(client, "/ckb/tag/هەولێر/"),
        "author": get(client, newsroom["author"].get_absolute_url()),
        "author-rtl": get(client, "/en/author/shilan-ahmed/"),
        "author-ckb": get(client, "/ckb/author/shilan-ahmed/"),
        "search-empty": get(client, "/en/search/"),
        "search-results": get(client, "/en/search/", q="harbour"),
        "search-filtered": get(client, "/en/search/", q="harbour", section="harbour", tag="هەولێر"),
        "search-no-results": get(client, "/en/search/", q="zxqvwpt"),
        "search-error": get(client, "/en/search/", q="x" * 300, since="2024-13-45"),
        "search-date-error": get(client, "/en/search/", since="10/25/2006", until="2001-01-01"),
        "corrections": get(client, "/en/corrections/"),
        "share-preview": get(client, link.get_absolute_url()),
        "share-invalid": get(client, "/en/preview/not-a-token/", expect=404),
        "share-expired": get(client, expired.get_absolute_url(), expect=410),
        "not-found": get(client, "/en/no-such-page/", expect=404),
        "not-found-unprefixed": get(client, "/no-such-page/", expect=404),
        "server-error": server_error(RequestFactory().get("/")).content.decode(),
        "forbidden": get(logged_in(make_staff("editor", group="Editor")), "/moderation/", 403),
        "moderation": get(moderator_client, "/moderation/"),
        "moderation-decided": get(moderator_client, "/moderation/", status="approved"),
    }


def test_every_public_page_is_valid_html(
    vnu, tmp_path, client, moderator_client, newsroom, settings, monkeypatch
):
    pages = public_pages(client, moderator_client, newsroom, settings, monkeypatch)
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    errors = check(vnu, tmp_path)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(map(describe, errors))


def test_the_pages_carry_what_the_check_is_meant_to_cover(
    client, moderator_client, newsroom, settings, monkeypatch
):
    """The check is only worth as much as what the pages show; this part needs no Java."""
    pages = public_pages(client, moderator_client, newsroom, settings, monkeypatch)
    story = pages["story"]
    for part in ("interview", "Okafor", "01:05", "هەولێر", "Rosa Vidal", "<picture", "@mara"):
        assert part in story, part
    assert "An earlier version misspelt" in story and "The council voted" in story
    assert "awaits moderation" in pages["story-comment-received"]
    assert "Your comment was not posted" in pages["comment-refused"]
    assert 'name="reason"' in pages["report"] and "Thank you" in pages["report-sent"]
    assert 'class="comment__report-link"' in story
    assert "200 characters" in pages["search-error"]
    assert "Pending reader 0" in pages["moderation"]
    assert "This page is not open to your account" in pages["forbidden"]
    assert '<html lang="ckb" dir="rtl"' in pages["story-sorani"]
    assert '<html lang="ckb" dir="rtl"' in pages["front-ckb"]
    assert '<html lang="en" dir="ltr"' in pages["front"]
    assert SORANI in pages["front-ckb"] and SORANI in pages["tag-ckb"]
    assert SORANI in pages["section-ckb"] and SORANI in pages["author-ckb"]
    for name, html in pages.items():
        # HTML allows at most three digits of a second; saved times carry six.
        assert not re.search(r'datetime="[^"]*\.\d', html), name
