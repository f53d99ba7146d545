"""Stories saved from text: the importer's and the demo's way into the database."""

from dataclasses import replace
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.editorial.workflow import publish_article
from articles.interviews.models import Interview, Participant
from articles.interviews.services import replace_transcript
from articles.stories.models import Article, Author, Byline


def _unique_slug(model, text, *, fallback, max_length):
    """``text`` slugified, with -2, -3... when another row has that slug already."""
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
    return article, new_authors
