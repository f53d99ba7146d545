"""
Every way of writing a story leaves what is derived from it consistent: search finds
what the story says now and no longer what it said, the page a reader has cached shows
the change, and a newly uploaded image has its renditions. No caller remembers to
refresh anything: handlers registered per model do it (articles/handlers.py).

Writes run with their on-commit callbacks, as in production, where they commit.
"""

from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, TestCase
from django.utils import timezone
from PIL import Image

from articles.discovery import search
from articles.editorial import corrections, restore, workflow
from articles.editorial.revisions import add_story, story_revision, versions_of
from articles.importing.services import create_imported_story
from articles.importing.story_import import parse_story
from articles.interviews import services as transcripts
from articles.interviews.transcript import ParsedTurn
from articles.media import images
from articles.models import Author, Turn
from articles.stories import services as story_services
from tests.factories import (
    change_data,
    change_url,
    image_upload,
    make_article,
    make_author,
    make_interview,
    make_section,
    participant_rows,
    rows,
)

pytestmark = pytest.mark.django_db

OLD, NEW = "kelp", "eelgrass"
SAMPLES = Path(__file__).parent / "samples"


def found(word, **filters):
    return [article.headline for article in search.search_articles(word, **filters)]


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def cached_page(url):
    """The page as an anonymous reader gets it, once it is in the page cache."""
    reader = Client()
    reader.get(url)
    response = reader.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


@contextmanager
def reader_sees(url, *, shows=(), hides=()):
    """
    Around a write: the cached page at ``url`` shows ``hides`` and not ``shows``
    before; the write commits; then the reader's page shows ``shows`` and not ``hides``.
    """
    before = cached_page(url)
    assert [text for text in shows if text in before] == [], "already on the page"
    assert [text for text in hides if text not in before] == [], "not on the page before"
    with committed():
        yield
    after = Client().get(url).content.decode()
    assert [text for text in shows if text not in after] == [], "the cached page is stale"
    assert [text for text in hides if text in after] == [], "the cached page is stale"


@pytest.fixture
def story():
    """A live interview story whose second turn speaks of OLD; indexed and committed."""
    with committed():
        article = make_article(
            headline="Talking to the harbour master",
            body="The harbour master has run the port for twenty years.",
            section=make_section(name="Coast", slug="coast"),
            authors=[make_author(name="Ines Carvalho", slug="ines-carvalho")],
        )
        interview = make_interview(article, turns=2)
        Turn.objects.filter(interview=interview, position=2).update(
            text=f"The {OLD} beds are gone."
        )
    search.reindex_article(article)
    assert found(OLD) == [article.headline]
    return article


def a_draft():
    """A draft that speaks of NEW, saved as an editor saves it (committed)."""
    with committed():
        return make_article(headline="Seagrass meadows return", body=NEW, published=False)


def new_turns(interview, text=f"Mostly {NEW} now."):
    asker, answerer = interview.participants.order_by("position")
    return [ParsedTurn(speaker=asker, text="What grows there?"), ParsedTurn(answerer, text)]


# The regression first: replacing a transcript once left the old words in search.


def test_replace_transcript_refreshes_search(story):
    with committed():
        transcripts.replace_transcript(interview=story.interview, turns=new_turns(story.interview))

    assert found(NEW) == [story.headline]
    assert found(OLD) == []


# Services ----------------------------------------------------------------------------------


def test_replace_transcript_refreshes_the_cached_story_page(story):
    with reader_sees(story.get_absolute_url(), shows=[NEW], hides=[OLD]):
        transcripts.replace_transcript(interview=story.interview, turns=new_turns(story.interview))


def test_append_transcript_makes_the_new_turns_found_and_shown(story):
    with reader_sees(story.get_absolute_url(), shows=[NEW]):
        transcripts.append_transcript(interview=story.interview, turns=new_turns(story.interview))

    assert found(NEW) == [story.headline]
    assert found(OLD) == [story.headline], "the turns before stay"


def test_publishing_a_draft_puts_it_in_search_and_on_the_cached_front_page(story):
    draft = a_draft()
    with reader_sees("/en/", shows=[draft.headline]):
        workflow.publish_article(article=draft)

    assert found(NEW) == [draft.headline]


def test_unpublishing_takes_a_story_out_of_search_and_off_the_cached_pages(story):
    url = story.get_absolute_url()
    cached_page(url)
    with reader_sees("/en/", hides=[story.headline]):
        workflow.unpublish_article(article=story)

    assert found(OLD) == []
    assert Client().get(url).status_code == 404


def test_a_scheduled_story_reaches_search_and_the_cached_front_page_when_its_time_comes(
    story, monkeypatch
):
    draft = a_draft()
    soon = timezone.now() + timedelta(minutes=5)
    with reader_sees("/en/", shows=[]):
        workflow.schedule(article=draft, at=soon)
    assert draft.headline not in Client().get("/en/").content.decode()
    assert found(NEW) == []

    later = soon + timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", later.timestamp)
    assert draft.headline in Client().get("/en/").content.decode()
    assert found(NEW) == [draft.headline]


def test_submitting_and_returning_a_draft_never_shows_it_to_readers(story):
    draft = a_draft()
    for move in (workflow.submit_for_review, workflow.return_to_draft):
        cached_page("/en/")
        with committed():
            move(article=draft)
        assert draft.headline not in Client().get("/en/").content.decode()
        assert Client().get(draft.get_absolute_url()).status_code == 404
        assert found(NEW) == []


def test_a_correction_shows_on_the_cached_story_page_and_the_corrections_page(story):
    text = "An earlier version of this story misnamed the harbour."
    cached_page("/en/corrections/")
    with reader_sees(story.get_absolute_url(), shows=[text]):
        corrections.add_correction(article=story, kind="correction", text=text)
    assert text in Client().get("/en/corrections/").content.decode()


def test_restoring_a_revision_brings_its_words_back_to_search_and_the_page(story):
    with story_revision(comment="First version"):
        add_story(story)
    first = versions_of(story).first()
    with committed():
        story.body = f"The {NEW} has crowded out everything else."
        story.save()
    assert found(NEW) == [story.headline]

    with reader_sees(story.get_absolute_url(), shows=["twenty years"], hides=[NEW]):
        restore.restore_revision(article=story, version=first)

    assert found(NEW) == []
    assert found("twenty years") == [story.headline]


def test_renumbering_bylines_reorders_them_on_the_cached_story_page(story):
    second = make_author(name="Tomas Lind", slug="tomas-lind")
    with committed():
        story_services.ensure_byline(article=story, author=second)
    bylines = list(story.bylines.order_by("position"))
    before = cached_page(story.get_absolute_url())
    assert before.index("Ines Carvalho") < before.index("Tomas Lind")

    with committed():
        story_services.renumber(story.bylines.all(), [bylines[1].pk, bylines[0].pk])

    after = Client().get(story.get_absolute_url()).content.decode()
    assert after.index("Tomas Lind") < after.index("Ines Carvalho")
    assert found(OLD, author="tomas-lind") == [story.headline]


def test_renumbering_turns_reorders_the_cached_transcript(story):
    first, second = story.interview.turns.order_by("position")
    before = cached_page(story.get_absolute_url())
    assert before.index(first.text) < before.index(OLD)

    with committed():
        story_services.renumber(story.interview.turns.all(), [second.pk, first.pk])

    after = Client().get(story.get_absolute_url()).content.decode()
    assert after.index(OLD) < after.index(first.text)
    assert found(OLD) == [story.headline]


def test_a_new_byline_shows_on_the_cached_pages_and_in_search_by_author(story):
    author = make_author(name="Tomas Lind", slug="tomas-lind")
    cached_page(author.get_absolute_url())
    with reader_sees(story.get_absolute_url(), shows=["Tomas Lind"]):
        story_services.ensure_byline(article=story, author=author)

    assert story.headline in Client().get(author.get_absolute_url()).content.decode()
    assert found(OLD, author="tomas-lind") == [story.headline]


def test_an_imported_story_published_at_once_is_found_and_on_the_cached_front_page(story):
    parsed = parse_story((SAMPLES / "story_with_comments.txt").read_text(encoding="utf-8"))
    with reader_sees("/en/", shows=[parsed.headline]):
        create_imported_story(story=parsed, section=story.section, publish=True)

    # "deckhand" is said only in the transcript.
    assert found("deckhand") == [parsed.headline]


def test_import_story_command_leaves_search_and_the_cached_front_page_current(story, tmp_path):
    text = (SAMPLES / "story_with_comments.txt").read_text(encoding="utf-8")
    headline = parse_story(text).headline
    path = tmp_path / "ferry.txt"
    path.write_text(text, encoding="utf-8")

    with reader_sees("/en/", shows=[headline]):
        call_command("import_story", str(path), "--publish", "--section", "coast", verbosity=0)

    assert found("deckhand") == [headline]


# The admin ---------------------------------------------------------------------------------


def test_saving_a_story_in_the_admin_refreshes_search_and_the_cached_page(story, editor_client):
    body = f"The harbour master now tends the {NEW} beds."
    with reader_sees(story.get_absolute_url(), shows=[body], hides=["twenty years"]):
        response = editor_client.post(change_url(story), change_data(story, body=body))
        assert response.status_code == 302, response.context["adminform"].errors

    assert found(NEW) == [story.headline]
    assert found("twenty years") == []


def stored(field_file, name):
    return field_file.storage.exists(name)


def test_a_hero_image_saved_in_the_admin_has_its_renditions_on_the_cached_page(
    story, editor_client
):
    data = change_data(story, hero_alt="Boats in the harbour at dawn")
    data["hero_image"] = image_upload("dawn.jpg", size=(1000, 600))
    with reader_sees(story.get_absolute_url(), shows=["Boats in the harbour at dawn"]):
        response = editor_client.post(change_url(story), data)
        assert response.status_code == 302, response.context["adminform"].errors

    story.refresh_from_db()
    names = images.rendition_names(story.hero_image)
    assert names and [name for name in names if not stored(story.hero_image, name)] == []
    page = Client().get(story.get_absolute_url()).content.decode()
    assert names[0].rsplit("/", 1)[-1] in page


def test_an_author_photo_saved_in_the_admin_has_its_renditions_on_the_cached_page(
    story, editor_client
):
    author = Author.objects.get(slug="ines-carvalho")
    data = {
        "name": author.name,
        "slug": author.slug,
        "handle": author.handle,
        "profile_url": author.profile_url,
        "photo": image_upload("ines.jpg", size=(500, 500)),
    }
    with reader_sees(author.get_absolute_url(), shows=["Portrait of Ines Carvalho"]):
        response = editor_client.post(f"/admin/articles/author/{author.pk}/change/", data)
        assert response.status_code == 302, response.context["adminform"].errors

    author.refresh_from_db()
    for size in (120, 240, 360):
        for extension in ("webp", "jpg"):
            name = images.rendition_name(author.photo.name, size, extension)
            assert Image.open(author.photo.storage.path(name)).size == (size, size)


def test_saving_turns_in_the_interview_admin_refreshes_search_and_the_cached_page(
    story, editor_client
):
    interview = story.interview
    participants = participant_rows(interview)
    turns = [
        {
            "id": str(turn.pk),
            "interview": str(interview.pk),
            "order": str(turn.position),
            "participant": str(turn.participant_id),
            "text": turn.text.replace(OLD, NEW),
            "timecode": "",
        }
        for turn in interview.turns.order_by("position")
    ]
    data = {"article": str(story.pk), "intro": interview.intro, "_continue": "Save"}
    data |= rows("participants", participants, initial=2) | rows("turns", turns, initial=2)

    with reader_sees(story.get_absolute_url(), shows=[NEW], hides=[OLD]):
        response = editor_client.post(f"/admin/articles/interview/{interview.pk}/change/", data)
        assert response.status_code == 302

    assert found(NEW) == [story.headline]
    assert found(OLD) == []


def test_a_transcript_pasted_in_the_admin_refreshes_search_and_the_cached_page(
    story, editor_client
):
    url = f"/admin/articles/interview/{story.interview.pk}/paste/"
    text = f"Ledger: What grows there?\n\nOkafor: Mostly {NEW} now."
    preview = editor_client.post(url, {"text": text, "_preview": "Preview"})
    confirm = {"text": text, "fingerprint": preview.context["fingerprint"], "_replace": "Confirm"}

    with reader_sees(story.get_absolute_url(), shows=[NEW], hides=[OLD]):
        assert editor_client.post(url, confirm).status_code == 302

    assert found(NEW) == [story.headline]
    assert found(OLD) == []
