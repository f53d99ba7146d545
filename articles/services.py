"""
Writes that change what readers see. Admin actions and forms call these, so the
rules live in one place.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsroom.cache import invalidate_site

from .models import Article


@transaction.atomic
def publish_article(*, article: Article, at=None) -> Article:
    """Publish now, or at a future time (scheduled: it goes live by itself)."""
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.full_clean(exclude=["slug"])
    article.save()
    return article


@transaction.atomic
def unpublish_article(*, article: Article) -> Article:
    """Take a story off the site; its address answers 404 until it is published again."""
    article.status = Article.Status.UNPUBLISHED
    article.save(update_fields=["status", "modified_at"])
    return article


def renumber(queryset, ordered_pks):
    """
    Give the rows of ``queryset`` the positions 1..n in the order of ``ordered_pks``.

    Positions are unique per parent, so rows first move out of the way (past the
    largest position in use) and then take their places: no intermediate state
    breaks the constraint, on any database.
    """
    if not ordered_pks:
        return
    with transaction.atomic():
        offset = len(ordered_pks) + (max(queryset.values_list("position", flat=True)) or 0)
        queryset.update(position=F("position") + offset)
        model = queryset.model
        rows = [model(pk=pk, position=index) for index, pk in enumerate(ordered_pks, start=1)]
        model._default_manager.bulk_update(rows, ["position"])
        # bulk_update sends no signals: the new order is visible on the story page.
        invalidate_site()


# Transcripts pasted in the admin and stories imported from text (issue 5). The
# models are imported inside the functions so this block only adds to the module.


def _transcript_rows(*, interview, turns, start):
    """
    Unsaved Turn rows for parsed turns (``articles.transcript.ParsedTurn``, or anything
    with ``speaker``, ``text`` and ``timecode``), numbered from ``start``. Refuses,
    naming the turn, a turn with no speaker or a speaker of another interview, an
    empty turn and a malformed timecode: nothing is saved then.
    """
    from django.core.exceptions import ValidationError

    from .models import Turn

    timecode_field = Turn._meta.get_field("timecode")
    rows = []
    for number, turn in enumerate(turns, start=1):
        where = f"Turn {number}"
        if getattr(turn, "line", 0):
            where += f" (paragraph {turn.paragraph}, line {turn.line})"
        speaker, text = turn.speaker, turn.text.strip()
        if speaker is None:
            raise ValidationError(f"{where} has no speaker.")
        if speaker.pk is None or speaker.interview_id != interview.pk:
            raise ValidationError(f"{where}: {speaker} is not a participant of this interview.")
        if not text:
            raise ValidationError(f"{where} is empty.")
        if turn.timecode:
            try:
                timecode_field.run_validators(turn.timecode)
            except ValidationError as error:
                raise ValidationError(f"{where}: {' '.join(error.messages)}") from None
        rows.append(
            Turn(
                interview=interview,
                participant=speaker,
                position=start + number - 1,
                text=text,
                timecode=turn.timecode,
            )
        )
    if not rows:
        raise ValidationError("There are no turns to save.")
    return rows


def _lock_interview(interview):
    # Two editors saving a transcript at once take turns here; positions stay unique.
    type(interview).objects.select_for_update().filter(pk=interview.pk).first()


@transaction.atomic
def replace_transcript(*, interview, turns) -> list:
    """
    Make ``turns`` (parsed turns whose speakers are this interview's participants)
    the whole transcript of ``interview``, numbered 1..n. All or nothing.
    """
    from .models import Turn

    rows = _transcript_rows(interview=interview, turns=turns, start=1)
    _lock_interview(interview)
    interview.turns.all().delete()
    created = Turn.objects.bulk_create(rows)
    invalidate_site()  # bulk_create sends no signals
    return created


@transaction.atomic
def append_transcript(*, interview, turns) -> list:
    """Add ``turns`` after the last turn of ``interview``, numbered on from it."""
    from django.db.models import Max

    from .models import Turn

    _lock_interview(interview)
    last = interview.turns.aggregate(last=Max("position"))["last"] or 0
    rows = _transcript_rows(interview=interview, turns=turns, start=last + 1)
    created = Turn.objects.bulk_create(rows)
    invalidate_site()  # bulk_create sends no signals
    return created


def _unique_slug(model, text, *, fallback, max_length):
    """``text`` slugified, with -2, -3... when another row has that slug already."""
    from django.utils.text import slugify

    base = slugify(text)[:max_length].strip("-") or fallback
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 1
    while slug in taken:
        suffix += 1
        tail = f"-{suffix}"
        slug = base[: max_length - len(tail)].rstrip("-") + tail
    return slug


def find_or_create_author(*, name: str, handle: str = "", role: str = ""):
    """
    The author a byline names: the one with this handle, else the one with this
    name (the oldest, if several share it), else a new author with a unique slug.
    Returns ``(author, created)``; existing authors are not changed.
    """
    from .models import Author

    authors = Author.objects.order_by("pk")
    author = authors.filter(handle__iexact=handle).first() if handle else None
    author = author or authors.filter(name__iexact=name).first()
    if author:
        return author, False
    author = Author(
        name=name,
        handle=handle,
        role=role,
        slug=_unique_slug(Author, name, fallback="author", max_length=120),
    )
    author.full_clean()
    author.save()
    return author, True


@transaction.atomic
def create_imported_story(*, story, section, publish: bool = False):
    """
    Save a story parsed by ``articles.story_import.parse_story`` as a draft in
    ``section`` (published at its date with ``publish``): the article, its bylines
    (authors matched or created), and the interview with participants and turns.
    All or nothing. Returns the article and the authors it had to create.
    """
    from dataclasses import replace
    from datetime import datetime, time

    from .models import Byline, Interview, Participant

    published_at = None
    if story.date:
        published_at = timezone.make_aware(datetime.combine(story.date, time.min))
    article = Article(
        headline=story.headline,
        slug=_unique_slug(Article, story.headline, fallback="story", max_length=200),
        dateline=story.dateline,
        body=story.body,
        section=section,
        status=Article.Status.DRAFT,
        published_at=published_at,
    )
    article.full_clean()
    article.save()

    authors, new_authors = [], []
    for byline in story.authors:
        author, created = find_or_create_author(
            name=byline.name, handle=byline.handle, role=byline.role
        )
        if created:
            new_authors.append(author)
        if author not in authors:
            authors.append(author)
    Byline.objects.bulk_create(
        Byline(article=article, author=author, position=position)
        for position, author in enumerate(authors, start=1)
    )

    if story.transcript is not None:
        interview = Interview.objects.create(
            article=article, intro=story.intro, edited_note=story.edited_note
        )
        participants = {
            speaker: Participant.objects.create(
                interview=interview,
                name=speaker.name,
                label=speaker.label,
                is_interviewer=speaker.is_interviewer,
                position=position,
            )
            for position, speaker in enumerate(story.speakers, start=1)
        }
        replace_transcript(
            interview=interview,
            turns=[
                replace(turn, speaker=participants[turn.speaker]) for turn in story.transcript.turns
            ],
        )

    if publish:
        publish_article(article=article, at=published_at or timezone.now())
    # Searchable text written outside the admin: index it (articles/search.py's rule).
    from . import search

    search.reindex_article(article)
    return article, new_authors
