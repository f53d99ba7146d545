"""
No lost edits (issue 4): two editors on one story; the later save stops with a
clear conflict message, keeps what was typed and offers a way forward.
"""

import re

import pytest
from django.utils import dateformat, timezone

from articles.discovery import search
from articles.editorial import workflow
from articles.models import Article
from tests.factories import (
    change_data,
    change_url,
    logged_in,
    make_article,
    make_author,
    make_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_article(headline="Ferry timetable changes", authors=[make_author()])


@pytest.fixture
def ana():
    return logged_in(make_staff("ana", group="Editor"))


@pytest.fixture
def ben():
    return logged_in(make_staff("ben", group="Editor"))


def opened(client, article):
    """The change form as an editor opens it: the data it would post, version included."""
    page = client.get(change_url(article))
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    return change_data(article, version=version)


def test_the_later_save_stops_with_a_conflict_and_keeps_what_was_typed(story, ana, ben):
    ana_form, ben_form = opened(ana, story), opened(ben, story)
    response = ana.post(change_url(story), ana_form | {"headline": "Ferry timetable: Ana's"})
    assert response.status_code == 302

    response = ben.post(
        change_url(story), ben_form | {"headline": "Ferry timetable: Ben's", "dek": "Ben's dek"}
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.conflict["who"] == "ana"
    html = response.content.decode()
    assert "ana saved this story while you were editing it" in html
    assert "Your changes are not saved yet" in html
    when = timezone.localtime(Article.objects.get(pk=story.pk).modified_at)
    assert dateformat.format(when, "g:i:s a T, F j") in html
    # Everything Ben typed is still there…
    assert 'value="Ferry timetable: Ben&#x27;s"' in html
    assert "Ben&#x27;s dek" in html
    # …and nothing of it was saved.
    story.refresh_from_db()
    assert story.headline == "Ferry timetable: Ana's"
    # A way forward: the latest version in a new tab, what changed, or save anyway.
    assert f'href="{change_url(story)}" target="_blank"' in html
    assert form.conflict["compare_url"] in html.replace("&amp;", "&")
    assert 'name="overwrite"' in html
    assert "Save anyway, replacing their changes" in html


def test_save_anyway_replaces_their_changes(story, ana, ben):
    ana_form, ben_form = opened(ana, story), opened(ben, story)
    ana.post(change_url(story), ana_form | {"headline": "Ana's headline"})
    ben_data = ben_form | {"headline": "Ben's headline"}
    assert ben.post(change_url(story), ben_data).status_code == 200
    response = ben.post(change_url(story), ben_data | {"overwrite": "on"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Ben's headline"
    assert story.modified_by.username == "ben"
    # The next save from an old form conflicts again: the version moved on.
    assert ana.post(change_url(story), ana_form | {"headline": "Ana again"}).status_code == 200


def test_the_compare_link_shows_what_they_changed(story, ana, ben):
    ana.post(change_url(story), opened(ana, story) | {"headline": "A first save"})
    ana_form, ben_form = opened(ana, story), opened(ben, story)
    ana.post(change_url(story), ana_form | {"headline": "A second save by Ana"})
    response = ben.post(change_url(story), ben_form | {"headline": "Ben's"})
    compare = ben.get(response.context["adminform"].form.conflict["compare_url"])
    assert compare.status_code == 200
    headline = next(row for row in compare.context["comparison"].fields if row.label == "Headline")
    assert (headline.old, headline.new) == ("A first save", "A second save by Ana")


def test_a_publish_by_someone_else_is_a_change_too(ben):
    draft = make_article(published=False, authors=[make_author()])
    ben_form = opened(ben, draft)
    workflow.publish_article(article=draft)  # e.g. from a shell: no user recorded
    response = ben.post(change_url(draft), ben_form | {"headline": "Edited"})
    assert response.status_code == 200
    assert response.context["adminform"].form.conflict["who"] == "Someone"


def test_saves_one_after_another_never_conflict(story, ana):
    for n in range(3):
        response = ana.post(change_url(story), opened(ana, story) | {"headline": f"Take {n}"})
        assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Take 2"


def test_the_version_counts_saves_not_index_updates(story):
    version = Article.objects.get(pk=story.pk).version
    search.reindex_article(story)
    story.save(update_fields=["search_vector"])
    assert Article.objects.get(pk=story.pk).version == version
    story.save()
    assert Article.objects.get(pk=story.pk).version == version + 1
    workflow.unpublish_article(article=story)
    assert Article.objects.get(pk=story.pk).version == version + 2


def test_the_conflict_is_told_once(story, ana, ben):
    ana_form, ben_form = opened(ana, story), opened(ben, story)
    ana.post(change_url(story), ana_form | {"headline": "Ana's"})
    html = ben.post(change_url(story), ben_form | {"headline": "Ben's"}).content.decode()
    assert html.count("saved this story") == 1
    assert "Please correct the error" not in html
    assert 'class="errorlist nonfield"' not in html


def test_other_errors_are_still_listed_beside_the_conflict(story, ana, ben):
    ana_form, ben_form = opened(ana, story), opened(ben, story)
    ana.post(change_url(story), ana_form | {"headline": "Ana's"})
    html = ben.post(change_url(story), ben_form | {"headline": ""}).content.decode()
    assert html.count("saved this story") == 1
    assert "Please correct the error below." in html
    assert "This field is required." in html
