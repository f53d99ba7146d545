"""
Counterparts: writes that link the editions' stories on one event (a StoryGroup),
unlink them, and start a counterpart in another edition. Keyword-only and atomic,
shared by the admin and anything else that links stories.

A group holds at most one story per edition (a database constraint); a story marked as
a translation translates one of its counterparts, so unlinking a story also clears
the translation marks between it and the group it leaves.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext

from articles.stories.models import Article, Byline, Section
from articles.stories.signals import story_changed

from . import registry
from .models import StoryGroup

# A link changes no text: the story keeps its version and last-modified time, so the
# coverage view's "changed since" flags stay true to the text.
LINK_FIELDS = ["story_group", "translation_of"]


def _edition_name(code):
    try:
        return registry.get(code).english_name
    except KeyError:
        return code


def _group_of(story):
    """
    ``story``'s group, made if it has none yet. Unnamed: a name taken from the story's
    headline would show another desk's unpublished headline in the coverage view.
    """
    if story.story_group_id is None:
        story.story_group = StoryGroup.objects.create()
        story.save(update_fields=["story_group"])
    return story.story_group


def _check_edition_free(group, edition, *, but=None):
    taken = Article.objects.filter(story_group=group, edition=edition)
    if but is not None:
        taken = taken.exclude(pk=but.pk)
    other = taken.first()
    if other is not None:
        raise ValidationError(
            gettext(
                "This event already has a story in %(edition)s (“%(headline)s”): a group "
                "holds one story per edition."
            )
            % {"edition": _edition_name(edition), "headline": other.headline}
        )


@transaction.atomic
def link_counterparts(*, story, counterpart):
    """
    Make ``counterpart`` a counterpart of ``story``: both in one group (``story``'s,
    made if needed). Refused when both are in the same edition, when the group
    already has a story in ``counterpart``'s edition, or when ``counterpart`` is in
    another group already (unlink it there first).
    """
    story = Article.objects.select_for_update().get(pk=story.pk)
    counterpart = Article.objects.select_for_update().get(pk=counterpart.pk)
    if story.pk == counterpart.pk:
        raise ValidationError(gettext("A story cannot be its own counterpart."))
    if story.edition == counterpart.edition:
        raise ValidationError(
            gettext("Both stories are in %(edition)s: counterparts are in different editions.")
            % {"edition": _edition_name(story.edition)}
        )
    if story.story_group_id is None and counterpart.story_group_id is not None:
        story, counterpart = counterpart, story
    if counterpart.story_group_id is not None:
        if counterpart.story_group_id == story.story_group_id:
            return story.story_group
        raise ValidationError(
            gettext("“%(headline)s” is already linked to other stories: unlink it there first.")
            % {"headline": counterpart.headline}
        )
    group = _group_of(story)
    _check_edition_free(group, counterpart.edition)
    counterpart.story_group = group
    counterpart.save(update_fields=["story_group"])
    return group


@transaction.atomic
def unlink_counterpart(*, story):
    """
    Take ``story`` out of its group. Translation marks between it and the group go too;
    a group left with one story is removed (a story alone has no counterparts).
    """
    story = Article.objects.select_for_update().get(pk=story.pk)
    group_id = story.story_group_id
    if group_id is None:
        return
    others = Article.objects.filter(story_group=group_id).exclude(pk=story.pk)
    for other in others.filter(translation_of=story):
        other.translation_of = None
        other.save(update_fields=["translation_of"])
    story.story_group = None
    story.translation_of = None
    story.save(update_fields=LINK_FIELDS)
    remaining = list(others)
    if len(remaining) <= 1:
        for other in remaining:
            other.story_group = None
            other.translation_of = None
            other.save(update_fields=LINK_FIELDS)
        StoryGroup.objects.filter(pk=group_id).delete()


@transaction.atomic
def mark_translation(*, story, original):
    """``story`` is a translation of ``original`` (a counterpart), or of nothing (None)."""
    story = Article.objects.select_for_update().get(pk=story.pk)
    if original is not None:
        original = Article.objects.get(pk=original.pk)
    if original is not None and (
        original.pk == story.pk
        or story.story_group_id is None
        or original.story_group_id != story.story_group_id
    ):
        raise ValidationError(
            gettext("A story can only be a translation of one of its counterparts.")
        )
    story.translation_of = original
    story.save(update_fields=["translation_of"])
    return story


def matching_section(section, edition):
    """
    ``section``'s counterpart in ``edition``: the same address (slug) or name, else the
    section at the same place in the menu; None when there is none to go by.
    """
    if section is None:
        return None
    if section.edition == edition:
        return section
    theirs = Section.objects.filter(edition=edition)
    match = theirs.filter(Q(slug=section.slug) | Q(name=section.name)).first()
    if match is None:
        placed = theirs.filter(position=section.position)
        if placed.count() == 1:
            match = placed.get()
    return match


def _free_slug(base):
    base = slugify(base, allow_unicode=True)[:180] or "story"
    slug, number = base, 1
    while Article.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_counterpart(*, source, edition, by=None, section=None):
    """
    A new draft in ``edition`` on the same event as ``source``: its bylines, tags,
    section (``section``, else the matching one of that edition: matching_section) and
    hero image with its alt text, caption and credit, but none of its text, which the
    desk writes in its own language. Both are linked in one group. Raise
    ValidationError when ``edition`` is unknown, is ``source``'s own, or already has a
    story on the event, or when no section of that edition can be found.
    """
    try:
        target = registry.get(edition)
    except KeyError:
        raise ValidationError(
            gettext("“%(edition)s” is not an edition.") % {"edition": edition}
        ) from None
    source = Article.objects.select_for_update().get(pk=source.pk)
    if source.edition == target.code:
        raise ValidationError(
            gettext("The story is already in %(edition)s.") % {"edition": target.english_name}
        )
    if source.story_group_id is not None:
        _check_edition_free(source.story_group_id, target.code)
    if section is not None and section.edition != target.code:
        raise ValidationError(
            gettext("“%(section)s” is a section of another edition than %(edition)s.")
            % {"section": section, "edition": target.english_name}
        )
    section = section or matching_section(source.section, target.code)
    if section is None:
        raise ValidationError(
            gettext(
                "%(edition)s has no section matching “%(section)s”: choose one of its "
                "sections for the new story."
            )
            % {"edition": target.english_name, "section": source.section}
        )
    group = _group_of(source)
    with target.activate():
        # Translators: the working headline of a new counterpart, until its desk writes one.
        headline = gettext("Counterpart of story %(number)s") % {"number": source.pk}
    story = Article(
        edition=target.code,
        story_group=group,
        headline=headline[:200],
        slug=_free_slug(f"counterpart-{source.pk}-{target.code}"),
        section=section,
        status=Article.Status.DRAFT,
        hero_image=source.hero_image.name if source.hero_image else "",
        hero_alt=source.hero_alt,
        hero_caption=source.hero_caption,
        hero_credit=source.hero_credit,
        comments_enabled=source.comments_enabled,
    )
    if by is not None and by.is_authenticated:
        story.modified_by = by
    story.save()
    Byline.objects.bulk_create(
        Byline(article=story, author_id=b.author_id, role=b.role, position=b.position)
        for b in source.bylines.all()
    )
    # The bulk write sends no post_save: say the story changed (articles/handlers.py).
    story_changed.send(sender=Byline, article_id=story.pk)
    tags = list(source.tags.all())
    if tags:
        story.tags.add(*tags)
    return story
