"""The demo newsroom that `make run` loads, from the text files in articles/importing/demo/."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from articles.media import images
from articles.models import Article, Author, Byline, Section, Turn
from comments.models import Comment

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "articles" / "importing" / "demo"
SOLBERG = "interview-ingrid-solberg-harbour-master"
CALLOWAY = "interview-calloway-marr-forgotten-fishing-songs"


@pytest.fixture
def load(django_capture_on_commit_callbacks, settings):
    """Run load_demo as `make run` does: what it leaves to after-commit handlers runs too."""
    # One rendition size each: the same work, a quarter of the encoding time.
    settings.NEWSROOM_IMAGE_WIDTHS = (480,)
    settings.NEWSROOM_PORTRAIT_SIZES = (120,)

    def load(**options):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", force=True, stdout=out, **options)
        return out.getvalue()

    return load


def snapshot():
    return {
        "sections": list(Section.objects.values_list("slug", "name", "position")),
        "authors": list(Author.objects.values_list("pk", "slug", "handle", "photo")),
        "stories": list(
            Article.objects.order_by("pk").values_list(
                "pk", "slug", "status", "headline", "dek", "body_html", "hero_image"
            )
        ),
        "bylines": list(Byline.objects.values_list("article__slug", "author__slug", "role")),
        "turns": list(
            Turn.objects.values_list(
                "interview__article__slug", "position", "participant__label", "text"
            )
        ),
        "tags": sorted(Article.tags.through.objects.values_list("object_id", "tag__name")),
        "comments": sorted(
            Comment.objects.values_list("article__slug", "name", "status", "decisions__action")
        ),
    }


def test_demo_stories_show_what_their_files_say(load, client):
    load()
    for slug, turns, speakers in [
        (SOLBERG, 28, {"Ledger", "Solberg"}),
        (CALLOWAY, 26, {"Ledger", "Calloway", "Marr"}),
    ]:
        interview = Article.objects.get(slug=slug).interview
        assert interview.turns.count() == turns
        assert not interview.turns.filter(participant__isnull=True).exists()
        assert {p.label for p in interview.participants.all()} == speakers
        assert interview.participants.get(label="Ledger").is_interviewer
        assert interview.edited_note and interview.recorded_on and interview.recorded_at

    story = Article.objects.get(slug=SOLBERG)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Ingrid Solberg" in page and "Harbour master of Port Elin" in page
    last = story.interview.turns.order_by("position").last()
    assert last.text[:40] in page

    story = Article.objects.get(slug="why-carrow-bay-is-warmer-than-ever")
    page = client.get(story.get_absolute_url()).content.decode()
    # Its body is HTML: subheadings and a quote are shown, not escaped.
    assert "<h2>How much warmer is it?</h2>" in page and "&lt;h2&gt;" not in page
    assert story.dek in page and "PORT ELIN, Carrow Coast" in page
    assert story.hero_caption in page and story.hero_credit in page
    assert f'alt="{story.hero_alt}"' in page
    assert [(b.author.name, b.role) for b in story.bylines.order_by("position")] == [
        ("Mara Lindqvist", "reporter"),
        ("Samir Haddad", "contributor"),
    ]
    assert "climate" in story.tags.names()
    assert not Article.objects.get(
        slug="court-harbour-pilot-fog-warning-trawler-collision"
    ).comments_enabled

    # The files are ones editors' import_story reads, bylines matching the demo's authors.
    files = sorted(str(path) for path in (DEMO / "stories").glob("*.txt"))
    assert len(files) == Article.objects.filter(edition="en").count() == 18
    out = io.StringIO()
    call_command("import_story", "--dry-run", "--json", *files, stdout=out, stderr=io.StringIO())
    summary = json.loads(out.getvalue())
    assert summary["failed"] == 0
    # Demo stories carry no date: load_demo gives them one relative to now.
    warnings = {w.split(": ", 1)[1] for result in summary["files"] for w in result["warnings"]}
    assert warnings == {"no date line under the headline."}
    assert all(not author["new"] for result in summary["files"] for author in result["authors"])


def test_demo_is_a_whole_newsroom_and_loading_it_twice_changes_nothing(load, client):
    output = load()
    first = snapshot()
    # The English desk's; tests/test_demo_editions.py checks the other three.
    english = Article.objects.filter(edition="en")
    assert Section.objects.filter(edition="en").count() == 4
    assert Author.objects.exclude(handle="").count() == 6 + 9
    assert english.published().count() == 16
    assert Article.objects.scheduled().count() == 1
    assert Article.objects.filter(status="draft").count() == 1
    assert english.exclude(hero_image="").count() == 18
    assert not Article.objects.filter(hero_image="").exists()
    assert not Article.objects.filter(dek="").exists()
    assert Article.objects.get(slug="storm-surge-floods-lower-port-elin").show_updated

    assert load(verbosity=0).count("Demo logins") == 1
    assert snapshot() == first

    # The printed passwords work, and each login is in its group.
    checked = 0
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] in {"editor", "reporter", "moderator"} and parts[1] == "/":
            # With a request, as the admin's login form asks (login throttling needs it).
            login = RequestFactory().post("/admin/login/")
            user = authenticate(login, username=parts[0], password=parts[2])
            assert user is not None and user.is_staff and not user.is_superuser
            assert user.groups.filter(name=parts[0].capitalize()).exists()
            checked += 1
    assert checked == 3
    assert Author.objects.get(user__username="reporter").name == "Mara Lindqvist"

    # Every demo story a reader may see renders, and the others do not.
    for article in Article.objects.all():
        expected = 200 if article.is_public else 404
        assert client.get(article.get_absolute_url()).status_code == expected, article.slug

    # The handlers that run on commit indexed the stories and made the renditions.
    page = client.get(reverse("articles:search"), {"q": "harbour master"}).content.decode()
    assert "Port Elin&#x27;s harbour master" in page
    page = client.get(reverse("articles:search"), {"q": "Calloway"}).content.decode()
    assert "Ruairi Calloway and Elsa Marr" in page
    storage = Article._meta.get_field("hero_image").storage
    for field_file in [a.hero_image for a in Article.objects.all()] + [
        a.photo for a in Author.objects.all()
    ]:
        assert field_file and all(storage.exists(n) for n in images.rendition_names(field_file))

    # Reader comments in every state, each once; rejected ones never show.
    assert {"approved", "pending", "rejected"} == set(
        Comment.objects.values_list("status", flat=True)
    )
    assert Comment.objects.filter(status="pending", flags="links").exists()
    approved = Comment.objects.filter(status="approved").select_related("article").first()
    page = client.get(approved.article.get_absolute_url()).content.decode()
    assert approved.body.split("\n")[0] in page
    rejected = Comment.objects.get(status="rejected")
    assert rejected.body not in client.get(rejected.article.get_absolute_url()).content.decode()


def test_demo_refuses_to_load_in_production_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses"):
        call_command("load_demo", stdout=io.StringIO())


def test_nothing_but_load_demo_reads_the_demo_files():
    assert not list(DEMO.rglob("*.py")), "the demo is text files, not a module"
    readers = [
        str(path.relative_to(ROOT))
        for folder in ("articles", "comments", "newsroom")
        for path in (ROOT / folder).rglob("*.py")
        if "importing/demo" in path.read_text() or '"demo"' in path.read_text()
    ]
    assert readers == ["articles/management/commands/load_demo.py"]
