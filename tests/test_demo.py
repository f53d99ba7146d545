"""The demo newsroom that `make run` loads."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count

from articles.models import Article, Author, Byline, Interview, Section, Turn

pytestmark = pytest.mark.django_db


def load(**options):
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out, **options)
    return out.getvalue()


def snapshot():
    return {
        "sections": Section.objects.count(),
        "authors": Author.objects.count(),
        "stories": Article.objects.count(),
        "bylines": Byline.objects.count(),
        "turns": list(Turn.objects.values_list("interview__article__slug", "position", "text")),
        "tags": sorted(Article.tags.through.objects.values_list("object_id", "tag__name")),
    }


def test_demo_is_a_whole_newsroom_and_loading_it_twice_changes_nothing(client):
    output = load()
    first = snapshot()
    assert first["sections"] >= 3
    assert Author.objects.exclude(handle="").count() >= 5
    assert Article.objects.published().count() >= 15
    interviews = Interview.objects.annotate(turn_total=Count("turns"))
    assert len([i for i in interviews if 15 <= i.turn_total <= 30]) >= 2

    assert "Demo logins (for this demo only):" in output
    for username in ("editor", "reporter", "moderator"):
        assert username in output
    assert load(verbosity=0).count("Demo logins") == 1
    assert snapshot() == first

    # The printed passwords work, and each login is in its group.
    checked = 0
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] in {"editor", "reporter", "moderator"} and parts[1] == "/":
            user = authenticate(username=parts[0], password=parts[2])
            assert user is not None and user.is_staff and not user.is_superuser
            assert user.groups.filter(name=parts[0].capitalize()).exists()
            checked += 1
    assert checked == 3

    # Every demo story a reader may see renders, and the others do not.
    for article in Article.objects.all():
        expected = 200 if article.is_public else 404
        assert client.get(article.get_absolute_url()).status_code == expected, article.slug


def test_demo_refuses_to_load_in_production_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses"):
        call_command("load_demo", stdout=io.StringIO())


def test_demo_comments_fill_the_story_and_the_queue_once(client):
    from comments.models import Comment, Decision

    load()
    first = (Comment.objects.count(), Decision.objects.count())
    assert Comment.objects.filter(status="approved").exists()
    assert Comment.objects.filter(status="pending", flags="links").exists()
    load(verbosity=0)
    assert (Comment.objects.count(), Decision.objects.count()) == first
    approved = Comment.objects.filter(status="approved").select_related("article").first()
    assert (
        approved.body.split("\n")[0]
        in client.get(approved.article.get_absolute_url()).content.decode()
    )
