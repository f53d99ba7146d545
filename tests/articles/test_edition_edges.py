"""
Editions at their edges: a desk's limits hold through restores, the coverage view and
the counterpart buttons; an edition removed from settings, a story moved after it was
pinned and an old share-draft link all end somewhere sensible, never in a 500 or a loop.
"""

import pytest
from django.utils import timezone

from articles.editions.models import DeskMember, StoryGroup
from articles.editorial import restore
from articles.editorial.revisions import add_story, story_revision, versions_of
from articles.frontpage.models import FrontPage, FrontPagePin
from articles.models import Article
from tests.factories import (
    change_data,
    logged_in,
    make_article,
    make_comment,
    make_section,
    make_share_link,
    make_staff,
)

pytestmark = pytest.mark.django_db


def desk_editor(username, *editions):
    user = make_staff(username, group="Editor")
    for code in editions:
        DeskMember.objects.create(user=user, edition=code)
    return user


def record(article, user=None):
    with story_revision(user=user, comment="test"):
        add_story(article)
    return versions_of(article).first()


def test_restoring_an_old_revision_never_moves_the_story_to_another_edition(editor):
    sorani = make_section(edition="ckb", name="هەواڵ", slug="hewal")
    english = make_section(name="News", slug="news")
    story = make_article(edition="ckb", section=sorani, published=False)
    old = record(story, editor)
    Article.objects.filter(pk=story.pk).update(edition="en", section=english)
    story.refresh_from_db()
    record(story, editor)

    notes = restore.restore_revision(article=story, version=old, by=editor)

    story.refresh_from_db()
    assert (story.edition, story.section) == ("en", english)
    assert any("another edition" in note for note in notes)


def test_the_coverage_view_shows_no_other_desk_s_draft_headline():
    english = make_article(headline="Ferry returns")
    secret = make_article(
        edition="ckb",
        section=make_section(edition="ckb", name="هەواڵ", slug="hewal"),
        headline="SECRET SCOOP DRAFT",
        published=False,
    )
    group = StoryGroup.objects.create()
    Article.objects.filter(pk__in=[english.pk, secret.pk]).update(story_group=group)
    client = logged_in(desk_editor("arabic-desk", "ar"))

    html = client.get("/admin/articles/storygroup/coverage/").content.decode()

    assert "SECRET SCOOP DRAFT" not in html
    assert "Ferry returns" in html  # the row is named after what the viewer may read
    assert f"/admin/articles/article/{english.pk}/counterparts/add/" in html
    assert f"/admin/articles/article/{secret.pk}/counterparts/add/" not in html


def test_a_far_page_of_the_coverage_view_is_not_found(editor_client):
    response = editor_client.get("/admin/articles/storygroup/coverage/?page=99999999999999999999")
    assert response.status_code == 404


def test_linking_a_counterpart_by_a_garbled_id_is_refused_with_a_message(editor_client):
    story = make_article()
    response = editor_client.post(
        f"/admin/articles/article/{story.pk}/counterparts/link/", {"story": "abc"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a story to link." in response.content.decode()


@pytest.fixture
def gone_edition(settings):
    """A Kurmanji story, then Kurmanji removed from the settings."""
    story = make_article(
        edition="kmr", section=make_section(edition="kmr", name="Nûçe", slug="nuce")
    )
    settings.NEWSROOM_EDITIONS = [e for e in settings.NEWSROOM_EDITIONS if e["code"] != "kmr"]
    return story


def test_a_story_of_a_removed_edition_is_read_in_the_default_one(client, gone_edition):
    response = client.get(gone_edition.get_absolute_url())
    assert response.status_code == 200
    assert gone_edition.get_absolute_url().startswith("/en/")
    old = client.get(f"/stories/{gone_edition.pk}/{gone_edition.slug}/", follow=True)
    assert old.status_code == 200
    assert len(old.redirect_chain) == 1


def test_saving_a_story_of_a_removed_edition_asks_for_another(editor_client, gone_edition):
    response = editor_client.post(
        f"/admin/articles/article/{gone_edition.pk}/change/", change_data(gone_edition)
    )
    assert response.status_code == 200
    assert "no longer exists" in response.content.decode()


def test_a_moderator_of_a_removed_edition_still_gets_the_comment_list(settings):
    moderator = make_staff("kmr-moderator", group="Moderator", superuser=True)
    DeskMember.objects.create(user=moderator, edition="kmr")
    make_comment(make_article())
    settings.NEWSROOM_EDITIONS = [e for e in settings.NEWSROOM_EDITIONS if e["code"] != "kmr"]
    assert logged_in(moderator).get("/admin/comments/comment/").status_code == 200


def test_a_pinned_story_moved_to_another_edition_leaves_the_old_front_page(client):
    pinned = make_article(headline="Pinned then moved")
    newest = make_article(headline="The newest English story")
    front = FrontPage.objects.create(name="Today", is_live=True)
    FrontPagePin.objects.create(front_page=front, article=pinned, slot="lead", position=1)
    Article.objects.filter(pk=pinned.pk).update(
        edition="ckb", section=make_section(edition="ckb", name="هەواڵ", slug="hewal")
    )

    html = client.get("/en/").content.decode()

    assert "Pinned then moved" not in html
    assert newest.headline in html


def test_an_old_share_link_opens_the_draft_in_its_own_edition(client):
    draft = make_article(
        edition="ar",
        section=make_section(edition="ar", name="أخبار", slug="news"),
        published=False,
    )
    link = make_share_link(draft, expires_at=timezone.now() + timezone.timedelta(days=1))

    response = client.get(f"/en/preview/{link.token}/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == link.get_absolute_url()
    assert '<html lang="ar" dir="rtl"' in response.content.decode()


def test_a_misconfigured_edition_is_caught_by_the_system_checks(settings):
    from articles.editions.registry import check_editions

    assert check_editions() == []
    turkish = {**settings.NEWSROOM_EDITIONS[0], "code": "tr", "language": "en"}
    settings.NEWSROOM_EDITIONS = [*settings.NEWSROOM_EDITIONS, turkish]
    settings.NEWSROOM_DEFAULT_EDITION = "fa"
    ids = {error.id for error in check_editions()}
    assert ids == {"newsroom.E101", "newsroom.E103", "newsroom.E104"}
