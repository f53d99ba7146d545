"""Stories saved from text: the importer's and the demo's way into the database."""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.editions import registry as editions
from articles.editions.models import StoryGroup
from articles.editorial.workflow import publish_article
from articles.interviews.models import Interview, Participant
from articles.interviews.services import replace_transcript
from articles.stories.models import Article, Author, Byline, Section


def _unique_slug(model, text, *, fallback, max_length):
    """``text`` slugified, with -2, -3... when another row has that slug already."""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or fallback
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
def create_imported_story(*, story, section, publish: bool = False, at=None):
    """
    Save a story parsed by ``articles.importing.story_import.parse_story`` as a
    draft: the article (in the section its front matter names, else ``section``,
    else the first section of its edition),
    its tags, its bylines (authors matched or created), and the interview with
    participants and turns. With ``publish`` it is published at ``at``, else at
    its date, else now. All or nothing. Returns the article and the authors it
    had to create.

    The story's edition is the one its front matter names, else ``section``'s, else
    the default; a section named by slug is looked up in that edition. A story that
    is a counterpart or a translation of another (by slug) joins that story's group.
    """
    slug = _unique_slug(Article, story.slug or story.headline, fallback="story", max_length=200)
    return _save_story(Article(slug=slug), story=story, section=section, publish=publish, at=at)


@transaction.atomic
def reimport_story(*, article, story, section, publish: bool = False, at=None):
    """
    Rebuild ``article`` from ``story``, as :func:`create_imported_story` would make
    it, keeping its address, comments and images: its text, tags, bylines and
    interview are replaced, and it is a draft again (published with ``publish``).
    Counterpart and translation links the story's text names are set; links it
    does not name (an editor's, made in the admin) are kept.
    """
    return _save_story(article, story=story, section=section, publish=publish, at=at)


def _edition_of(story, section):
    """The code of the edition ``story`` is written for (see create_imported_story)."""
    code = story.edition or (section.edition if section is not None else "")
    code = code or editions.default().code
    try:
        editions.get(code)
    except KeyError:
        raise ValidationError(
            f'There is no edition "{code}" (editions: {", ".join(editions.codes())}).'
        ) from None
    return code


def _story_named(slug, *, key):
    try:
        return Article.objects.get(slug=slug)
    except Article.DoesNotExist:
        raise ValidationError(f'{key}: there is no story with the slug "{slug}".') from None


def _link_counterparts(article, story):
    """
    Put ``article`` in the group of the story its front matter names as its
    counterpart (or as the one it translates), making the group if that story has
    none; set what it translates. A group holds at most one story per edition.
    """
    if story.translation_of:
        original = _story_named(story.translation_of, key="translation_of")
        if original.edition == article.edition:
            raise ValidationError(
                f'translation_of: "{original.slug}" is in the same edition as this story.'
            )
        article.translation_of = original
    other = None
    if story.counterpart_of:
        other = _story_named(story.counterpart_of, key="counterpart_of")
    elif story.translation_of:
        other = article.translation_of
    if other is not None:
        if other.pk == article.pk or other.edition == article.edition:
            raise ValidationError(
                f'counterpart_of: "{other.slug}" is in the same edition as this story.'
            )
        if other.story_group_id is None:
            other.story_group = StoryGroup.objects.create()
            other.save(update_fields=["story_group"])
        taken = (
            Article.objects.filter(story_group=other.story_group_id, edition=article.edition)
            .exclude(pk=article.pk)
            .first()
        )
        if taken is not None:
            raise ValidationError(
                f'counterpart_of: "{other.slug}" already has a counterpart in this '
                f'edition ("{taken.slug}").'
            )
        article.story_group = other.story_group
    if story.translation_of or story.counterpart_of:
        article.save(update_fields=["story_group", "translation_of"])


def _save_story(article, *, story, section, publish, at):
    edition = _edition_of(story, section)
    if story.section:
        try:
            section = Section.objects.get(slug=story.section, edition=edition)
        except Section.DoesNotExist:
            raise ValidationError(
                f'There is no section "{story.section}" in the edition "{edition}".'
            ) from None
    elif section is not None and section.edition != edition:
        raise ValidationError(
            f'The section "{section.slug}" is in the edition "{section.edition}", '
            f'not in "{edition}" as the story is.'
        )
    elif section is None:
        section = Section.objects.filter(edition=edition).first()
        if section is None:
            raise ValidationError(
                f'There is no section in the edition "{edition}" yet: add one in the admin.'
            )
    published_at = story.published_at
    if published_at is not None and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at)
    article.headline = story.headline
    article.dek = story.dek
    article.dateline = story.dateline
    article.body = story.body
    article.section = section
    article.edition = edition
    # A rebuilt story starts again as a draft: publishing it is the workflow's move.
    article.status = Article.Status.DRAFT
    article.published_at = published_at
    article.first_published_at = None
    article.full_clean(exclude=["slug"] if article.pk else None)
    article.save()
    article.tags.set(list(story.tags))
    _link_counterparts(article, story)

    authors, roles, new_authors = [], [], []
    for byline in story.authors:
        author, created = find_or_create_author(
            name=byline.name, handle=byline.handle, role=byline.role
        )
        if created:
            new_authors.append(author)
        if author not in authors:
            authors.append(author)
            roles.append(story.byline_role(byline))
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=author, role=role, position=position)
        for position, (author, role) in enumerate(zip(authors, roles, strict=True), start=1)
    )

    if story.transcript is not None:
        _save_interview(article, story)
    else:
        Interview.objects.filter(article=article).delete()

    if publish:
        publish_article(article=article, at=at or published_at or timezone.now())
    return article, new_authors


def _save_interview(article, story):
    interview, _ = Interview.objects.update_or_create(
        article=article,
        defaults={
            "intro": story.intro,
            "edited_note": story.edited_note,
            "recorded_at": story.recorded_at,
        },
    )
    # Turns protect their participant, so they go first.
    interview.turns.all().delete()
    interview.participants.all().delete()
    participants = {
        speaker: Participant.objects.create(
            interview=interview,
            name=speaker.name,
            label=speaker.label,
            role=story.participant_role(speaker.label),
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
