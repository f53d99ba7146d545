"""Restoring a revision: a story made again what one of its revisions recorded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext
from taggit.models import Tag

from articles.interviews.models import Interview, Participant, Turn
from articles.stories.models import Article, Author, Byline, Section

from .revisions import add_story, local_label, snapshot, story_revision

# What a restore brings back. The status, publish times, address (slug) and
# corrections stay as they are: restoring text never publishes, unpublishes or
# moves a story, and a correction readers saw is never taken back.
RESTORED_FIELDS = [
    "headline",
    "dek",
    "dateline",
    "body",
    "section_id",
    "hero_image",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "comments_enabled",
]


@transaction.atomic
def restore_revision(*, article: Article, version, by=None) -> list[str]:
    """
    Make ``article`` what ``version`` (a reversion Version of it) recorded: its
    fields, bylines, tags and interview with participants and turns, renumbered
    1..n. Returns notes on what could not come back (an author deleted since).
    The restore is itself a new revision, so it can be undone the same way.
    """
    shot = snapshot(version)
    if str(shot.article.pk) != str(article.pk):
        raise ValidationError(gettext("That revision belongs to another story."))
    list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
    article.refresh_from_db()
    notes = []
    when = local_label(version.revision.date_created)
    who = version.revision.user
    comment = (
        gettext("Restored the version of %(when)s by %(who)s.") % {"when": when, "who": who}
        if who
        else gettext("Restored the version of %(when)s.") % {"when": when}
    )
    with story_revision(user=by, comment=comment):
        for name in RESTORED_FIELDS:
            setattr(article, name, getattr(shot.article, name))
        if not Section.objects.filter(pk=article.section_id).exists():
            article.section_id = Article.objects.values_list("section_id").get(pk=article.pk)[0]
            notes.append(
                gettext("Its section was deleted since: the story keeps its current section.")
            )
        elif not Section.objects.filter(pk=article.section_id, edition=article.edition).exists():
            # The story has moved to another edition since: a restore never moves it back
            # (that is the edition field's job, with its desk checks), nor gives it a
            # section of another edition.
            article.section_id = Article.objects.values_list("section_id").get(pk=article.pk)[0]
            notes.append(
                gettext(
                    "Its section then belongs to another edition: the story keeps its "
                    "current section."
                )
            )
        saved_edition = Article.objects.values_list("edition", flat=True).get(pk=article.pk)
        if article.edition != saved_edition and (
            article.story_group_id
            and Article.objects.filter(story_group=article.story_group_id, edition=article.edition)
            .exclude(pk=article.pk)
            .exists()
        ):
            # Its event has another story in that edition since: a group has one per edition.
            article.edition = saved_edition
            notes.append(
                gettext(
                    "Its event has a story in that edition since: the story keeps its "
                    "current edition."
                )
            )
        if by is not None and by.is_authenticated:
            article.modified_by = by
        article.save()

        authors = set(
            Author.objects.filter(pk__in=[b.author_id for b in shot.bylines]).values_list(
                "pk", flat=True
            )
        )
        kept = [b for b in shot.bylines if b.author_id in authors]
        if len(kept) < len(shot.bylines):
            gone = len(shot.bylines) - len(kept)
            notes.append(
                # Translators: the English keeps "(s)" in both forms; use your plural forms.
                ngettext(
                    "%(count)s byline(s) name authors deleted since.",
                    "%(count)s byline(s) name authors deleted since.",
                    gone,
                )
                % {"count": gone}
            )
        article.bylines.all().delete()
        Byline.objects.bulk_create(
            Byline(article=article, author_id=b.author_id, role=b.role, position=position)
            for position, b in enumerate(kept, start=1)
        )

        tags = []
        for old in shot.tags:
            tag = Tag.objects.filter(pk=old.pk).first() or Tag.objects.filter(name=old.name).first()
            tags.append(tag or Tag.objects.create(name=old.name))
        article.tags.set(tags)

        _restore_interview(article=article, shot=shot)
        add_story(article)
    return notes


def _restore_interview(*, article, shot):
    current = Interview.objects.filter(article=article).first()
    if current is not None:
        # Turns first: a participant cannot go while turns name it (PROTECT).
        current.turns.all().delete()
        current.participants.all().delete()
    if shot.interview is None:
        if current is not None:
            current.delete()
        return
    interview = current or Interview(article=article)
    for name in ("intro", "recorded_on", "recorded_at", "edited_note"):
        setattr(interview, name, getattr(shot.interview, name))
    interview.save()
    # Participants before turns, each turn pointing at the new row of its speaker: the
    # database checks that a turn's speaker belongs to the turn's own interview.
    speakers = {}
    for position, old in enumerate(shot.participants, start=1):
        speakers[old.pk] = Participant.objects.create(
            interview=interview,
            name=old.name,
            label=old.label,
            role=old.role,
            is_interviewer=old.is_interviewer,
            position=position,
        )
    turns = [t for t in shot.turns if t.participant_id in speakers]
    Turn.objects.bulk_create(
        Turn(
            interview=interview,
            participant=speakers[old.participant_id],
            position=position,
            text=old.text,
            timecode=old.timecode,
        )
        for position, old in enumerate(turns, start=1)
    )
