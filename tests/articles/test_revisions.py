"""
Revisions (issue 4): every save records the whole story with who and when;
editors compare any two in a readable diff and restore one, transcript included.
"""

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.models import Tag

from articles.editorial import restore
from articles.editorial.revisions import (
    add_story,
    inline_diff,
    snapshot,
    story_revision,
    versions_of,
)
from articles.interviews import services as transcripts
from articles.interviews.transcript import parse_transcript
from articles.models import Article, Byline, Interview, Participant, Turn
from tests import factories
from tests.factories import (
    change_data,
    change_url,
    logged_in,
    make_article,
    make_author,
    make_interview,
    make_participant,
    rows,
)

pytestmark = pytest.mark.django_db


def record(article, user=None, comment="test"):
    with story_revision(user=user, comment=comment):
        add_story(article)
    return versions_of(article).first()


def story_state(article):
    """Everything a restore must bring back, in a comparable form."""
    article = Article.objects.get(pk=article.pk)
    interview = Interview.objects.filter(article=article).first()
    return {
        "headline": article.headline,
        "body": article.body,
        "bylines": list(article.bylines.values_list("author__name", "role", "position")),
        "tags": sorted(article.tags.names()),
        "intro": interview.intro if interview else None,
        "participants": list(
            Participant.objects.filter(interview__article=article).values_list(
                "position", "label", "name", "is_interviewer"
            )
        ),
        "turns": list(
            Turn.objects.filter(interview__article=article)
            .order_by("position")
            .values_list("position", "participant__label", "text", "timecode")
        ),
    }


@pytest.fixture
def interview_story():
    article = make_article(
        headline="The harbour master on the night of the storm",
        body="<p>First paragraph.</p><p>Second paragraph.</p>",
        authors=[make_author(name="Ines Carvalho")],
        tags=["Storms", "Harbour"],
    )
    make_interview(article, turns=4, interviewer="Ledger", interviewee="Berg")
    return article


# Recording -------------------------------------------------------------------------------------


def test_an_admin_save_records_the_whole_story_with_who_and_when(editor, interview_story):
    before = timezone.now()
    response = logged_in(editor).post(
        change_url(interview_story), change_data(interview_story, headline="New headline")
    )
    assert response.status_code == 302, response.context["adminform"].errors
    version = versions_of(interview_story).get()
    assert version.revision.user == editor
    assert version.revision.date_created >= before
    assert "Headline" in version.revision.get_comment()
    shot = snapshot(version)
    assert shot.article.headline == "New headline"
    assert [b.author_id for b in shot.bylines] == [interview_story.bylines.get().author_id]
    assert sorted(tag.name for tag in shot.tags) == ["Harbour", "Storms"]
    assert shot.interview.intro.startswith("What follows")
    assert [p.label for p in shot.participants] == ["Ledger", "Berg"]
    assert [(t.position, t.text) for t in shot.turns] == [
        (n, f"{'Question' if n % 2 else 'Answer'} number {n}.") for n in range(1, 5)
    ]


def test_a_revision_keeps_final_positions_after_reordering(editor):
    first, second = make_author(name="First Author"), make_author(name="Second Author")
    article = make_article(authors=[first, second])
    data = change_data(article)
    data["bylines-1-order"] = "1"  # second author to the top
    response = logged_in(editor).post(change_url(article), data)
    assert response.status_code == 302
    shot = snapshot(versions_of(article).first())
    assert [(b.author_id, b.position) for b in shot.bylines] == [(second.pk, 1), (first.pk, 2)]


def test_a_transcript_save_is_a_revision_of_the_story(editor, interview_story):
    interview = interview_story.interview
    ledger, berg = interview.participants.order_by("position")
    participant_rows = factories.participant_rows(interview)
    turn_rows = [
        {
            "id": str(t.pk),
            "interview": str(interview.pk),
            "order": str(t.position),
            "participant": str(t.participant_id),
            "text": t.text + (" Edited." if t.position == 2 else ""),
            "timecode": "",
        }
        for t in interview.turns.order_by("position")
    ]
    data = {"article": str(interview_story.pk), "intro": interview.intro, "edited_note": "on"}
    data |= rows("participants", participant_rows, initial=2) | rows("turns", turn_rows, initial=4)
    response = logged_in(editor).post(f"/admin/articles/interview/{interview.pk}/change/", data)
    assert response.status_code == 302
    version = versions_of(interview_story).get()
    assert version.revision.user == editor
    assert snapshot(version).turns[1].text == "Answer number 2. Edited."


def test_a_pasted_transcript_is_a_revision_too(editor, interview_story):
    interview = interview_story.interview
    parsed = parse_transcript("Ledger: Why?\n\nBerg: Because.", list(interview.participants.all()))
    transcripts.replace_transcript(interview=interview, turns=parsed.turns, by=editor)
    version = versions_of(interview_story).get()
    assert version.revision.get_comment() == "Replaced the transcript (2 turns)."
    assert [t.text for t in snapshot(version).turns] == ["Why?", "Because."]


def test_a_revision_made_for_several_stories_is_read_per_story(editor):
    one, two = make_article(published=False), make_article(published=False)
    make_interview(two, turns=3)
    with story_revision(user=editor, comment="both"):
        add_story(one)
        add_story(two)
    assert snapshot(versions_of(one).get()).interview is None
    assert len(snapshot(versions_of(two).get()).turns) == 3


# Comparing ---------------------------------------------------------------------------------------


def test_the_comparison_is_field_by_field_and_turn_by_turn(editor, interview_story):
    old = record(interview_story, editor)
    interview_story.headline = "The harbour master on the longest night"
    interview_story.body = "<p>First paragraph.</p><p>Second paragraph, rewritten.</p>"
    interview_story.save()
    interview_story.tags.add("Ferries")
    turn = interview_story.interview.turns.get(position=4)
    turn.text = "Answer number four, corrected."
    turn.save()
    new = record(interview_story, editor)

    page = logged_in(editor).get(
        f"/admin/articles/article/{interview_story.pk}/history/compare/",
        {"from": old.pk, "to": new.pk},
    )
    assert page.status_code == 200
    comparison = page.context["comparison"]
    changed = {row.label: str(row.html) for row in comparison.fields}
    assert changed["Headline"] == (
        "The harbour master on the <ins>longest</ins> night <del>of the storm</del>"
    )
    assert changed["Tags"] == "<ins>Ferries,</ins> Harbour, Storms"
    assert "Dek" in comparison.unchanged
    assert [change.kind for change in comparison.body] == ["same", "changed"]
    assert "<ins>, rewritten</ins>" in str(comparison.body[1].html)
    assert [change.kind for change in comparison.turns] == ["same", "changed"]
    assert comparison.turns[0].count == 3
    assert comparison.turns[1].label == "Berg"
    assert "<del>4</del> <ins>four, corrected</ins>" in str(comparison.turns[1].html)
    html = page.content.decode()
    assert "Transcript, turn by turn" in html and "3 unchanged turns" in html


def compare_page(editor, article, old, new):
    return logged_in(editor).get(
        f"/admin/articles/article/{article.pk}/history/compare/", {"from": old.pk, "to": new.pk}
    )


def test_struck_and_added_words_are_a_space_apart(editor):
    article = make_article(headline="The White House says no")
    old = record(article, editor)
    article.headline = "EDIT TWO: House says no"
    article.save()
    new = record(article, editor)
    comparison = compare_page(editor, article, old, new).context["comparison"]
    headline = next(row for row in comparison.fields if row.label == "Headline")
    assert str(headline.html) == "<del>The White</del> <ins>EDIT TWO:</ins> House says no"
    # As a reader of the page sees it, marks aside: no words run together.
    assert strip_tags(str(headline.html)) == "The White EDIT TWO: House says no"


def test_a_word_diff_keeps_every_space_and_line_break():
    html = str(inline_diff("Hard.  Three storms\nin a month.", "Hard.  Four storms\nin a month."))
    assert html == "Hard.  <del>Three</del> <ins>Four</ins> storms\nin a month."


def test_a_paragraph_that_gained_a_prefix_is_that_paragraph_changed(editor):
    article = make_article(
        body="<p>The council met on Tuesday.</p><p>Ferries ran late all week.</p>"
        "<p>The harbour reopens on Monday.</p>"
    )
    old = record(article, editor)
    article.body = (
        "<p>UPDATE: The council met on Tuesday.</p><p>A new paragraph about the storm.</p>"
        "<p>Ferries ran late all week.</p><p>The harbour reopens on Monday &amp; Tuesday.</p>"
    )
    article.save()
    new = record(article, editor)
    page = compare_page(editor, article, old, new)
    body = page.context["comparison"].body
    assert [change.kind for change in body] == ["changed", "added", "same", "changed"]
    assert str(body[0].html) == "<ins>UPDATE:</ins> The council met on Tuesday."
    assert str(body[1].html) == "A new paragraph about the storm."
    assert str(body[3].html) == "The harbour reopens on Monday <ins>&amp; Tuesday</ins>."
    html = page.content.decode()
    assert "1 unchanged paragraph" in html
    assert "&amp;amp;" not in html


def test_a_rewritten_paragraph_is_removed_and_another_added(editor):
    article = make_article(body="<p>Storm warnings for the coast.</p><p>Second.</p>")
    old = record(article, editor)
    article.body = "<p>Ticket prices rise in spring.</p><p>Second.</p>"
    article.save()
    new = record(article, editor)
    body = compare_page(editor, article, old, new).context["comparison"].body
    assert [change.kind for change in body] == ["removed", "added", "same"]


def test_the_compare_page_has_no_inline_style_and_marks_every_change(editor, interview_story):
    old = record(interview_story, editor)
    turn = interview_story.interview.turns.get(position=2)
    turn.text = "Answer number two, longer."
    turn.save()
    new = record(interview_story, editor)
    html = compare_page(editor, interview_story, old, new).content.decode()
    assert "style=" not in html and "<style" not in html
    assert "css/admin.css" in html
    assert "<del>2</del> <ins>two, longer</ins>" in html


def test_the_comparison_escapes_everything(editor):
    article = make_article(headline="Plain headline")
    old = record(article, editor)
    article.headline = 'Mayor says <script>alert("x")</script> & more'
    article.save()
    new = record(article, editor)
    html = (
        logged_in(editor)
        .get(
            f"/admin/articles/article/{article.pk}/history/compare/",
            {"from": old.pk, "to": new.pk},
        )
        .content.decode()
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_the_history_page_lists_revisions_to_compare(editor, interview_story):
    record(interview_story, editor, comment="First")
    record(interview_story, editor, comment="Second")
    html = (
        logged_in(editor)
        .get(f"/admin/articles/article/{interview_story.pk}/history/")
        .content.decode()
    )
    assert "First" in html and "Second" in html
    assert "Compare the two versions" in html


# Restoring ---------------------------------------------------------------------------------------


def test_restoring_brings_back_fields_bylines_tags_and_the_whole_transcript(
    editor, interview_story
):
    old = record(interview_story, editor)
    expected = story_state(interview_story)

    # Everything changes: text, bylines, tags, a new speaker, turns deleted and reordered.
    interview_story.headline = "Rewritten"
    interview_story.body = "<p>Only one paragraph now.</p>"
    interview_story.save()
    interview_story.bylines.all().delete()
    Byline.objects.create(article=interview_story, author=make_author(), position=1)
    interview_story.tags.set(["Other"])
    interview = interview_story.interview
    interview.intro = "A new intro."
    interview.save()
    guest = make_participant(interview, "Guest")
    parsed = parse_transcript(
        "Guest: I was there too.\n\nBerg: Answer number 4.", list(interview.participants.all())
    )
    transcripts.replace_transcript(interview=interview, turns=parsed.turns)
    assert story_state(interview_story) != expected
    status_before = Article.objects.values_list("status", "published_at").get(pk=interview_story.pk)

    client = logged_in(editor)
    response = client.post(
        f"/admin/articles/article/{interview_story.pk}/history/{old.pk}/restore/"
    )
    assert response.status_code == 302
    assert story_state(interview_story) == expected
    assert not Participant.objects.filter(pk=guest.pk).exists()
    # Restoring text never publishes, unpublishes or moves a story.
    assert (
        Article.objects.values_list("status", "published_at").get(pk=interview_story.pk)
        == status_before
    )
    # The restore is a revision itself, by the editor who restored.
    latest = versions_of(interview_story).first()
    assert latest.revision.user == editor
    assert latest.revision.get_comment().startswith("Restored the version of")
    assert snapshot(latest).article.headline == expected["headline"]
    # And readers see the restored transcript.
    story = Client().get(interview_story.get_absolute_url()).content.decode()
    assert "Question number 1." in story and "I was there too" not in story


def test_restoring_a_revision_without_an_interview_removes_it(editor):
    article = make_article(authors=[make_author()])
    old = record(article, editor)
    make_interview(article, turns=3)
    restore.restore_revision(article=article, version=old, by=editor)
    assert not Interview.objects.filter(article=article).exists()
    assert Turn.objects.filter(interview__article=article).count() == 0


def test_restoring_a_transcript_into_a_story_whose_interview_was_deleted(editor, interview_story):
    old = record(interview_story, editor)
    expected = story_state(interview_story)
    interview_story.interview.turns.all().delete()
    interview_story.interview.delete()
    restore.restore_revision(article=interview_story, version=old, by=editor)
    assert story_state(interview_story) == expected


def test_restoring_notes_what_cannot_come_back(editor):
    gone = make_author(name="Departed Author")
    kept = make_author(name="Staying Author")
    article = make_article(authors=[gone, kept], tags=["Vanished tag"])
    old = record(article, editor)
    article.bylines.filter(author=gone).delete()
    gone.delete()
    Tag.objects.filter(name="Vanished tag").delete()
    notes = restore.restore_revision(article=article, version=old, by=editor)
    assert notes == ["1 byline(s) name authors deleted since."]
    assert list(article.bylines.values_list("author__name", "position")) == [("Staying Author", 1)]
    assert article.tags.names()[0] == "Vanished tag"  # made again


def test_only_editors_restore(interview_story, reporter):
    user, author = reporter
    draft = make_article(published=False, authors=[author])
    old = record(draft, user)
    client = logged_in(user)
    assert (
        client.post(f"/admin/articles/article/{draft.pk}/history/{old.pk}/restore/").status_code
        == 403
    )
    assert (
        client.get(f"/admin/articles/article/{draft.pk}/history/{old.pk}/restore/").status_code
        == 405
    )


def test_a_version_of_another_story_cannot_be_restored_here(editor):
    one, two = make_article(), make_article()
    other = record(two, editor)
    response = logged_in(editor).post(
        f"/admin/articles/article/{one.pk}/history/{other.pk}/restore/"
    )
    assert response.status_code == 404
