"""
What the API may show, each listing starting from the rule its model defines:
``Article.objects.published()`` (and ``for_listing()``, built on it) for stories,
``Comment.objects.approved()`` for comments. A part of a story (interview,
correction, tag) is shown only through a published story.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from taggit.models import Tag

from articles.models import Article, Author, Byline, Correction, Interview, Section, Turn
from comments.models import Comment


def published_stories():
    return Article.objects.published()


def story_listing(*, body=False):
    """Published stories, newest first, with their section and bylines; ``has_transcript``."""
    stories = Article.objects.for_listing().defer("body", *([] if body else ["body_html"]))
    return with_has_transcript(stories)


def with_has_transcript(stories):
    """``has_transcript`` on each story, asked in the stories' own query."""
    return stories.annotate(
        has_transcript=Exists(Turn.objects.filter(interview__article=OuterRef("pk")))
    )


def with_parts(stories, includes):
    """``stories`` with what ``includes`` embeds fetched: one query per part, whatever the count."""
    if "tags" in includes:
        stories = stories.prefetch_related("tags")
    if "interview" in includes:
        stories = stories.select_related("interview").prefetch_related(
            "interview__participants",
            Prefetch("interview__turns", queryset=Turn.objects.select_related("participant")),
        )
    if "corrections" in includes:
        stories = stories.prefetch_related("corrections")
    return stories


def filter_stories(
    stories,
    *,
    edition=None,
    section=None,
    tag=None,
    author=None,
    since=None,
    until=None,
    has_transcript=None,
    bounds=None,
):
    """Stories narrowed by the list's filters; ``bounds`` is the (start, end) of since/until."""
    if edition:
        stories = stories.filter(edition=edition)
    if section:
        stories = stories.filter(section__slug=section)
    if tag:
        stories = stories.filter(tags__slug=tag)
    if author:
        stories = stories.filter(
            Exists(Byline.objects.filter(article=OuterRef("pk"), author__slug=author))
        )
    start, end = bounds or (None, None)
    if start:
        stories = stories.filter(published_at__gte=start)
    if end:
        stories = stories.filter(published_at__lt=end)
    if has_transcript is not None:
        stories = stories.filter(has_transcript=has_transcript)
    return stories


def in_edition(stories, edition):
    """``stories`` of the edition ``edition`` (a code), or all of them when None."""
    return stories.filter(edition=edition) if edition else stories


def interviews(*, edition=None):
    """Interviews of published stories, newest story first, with their participants."""
    return (
        Interview.objects.filter(article__in=in_edition(published_stories(), edition))
        .select_related("article")
        .only(
            "article__id",
            "article__slug",
            "article__edition",
            "article__headline",
            "article__published_at",
            "intro",
            "recorded_on",
            "recorded_at",
            "edited_note",
        )
        .prefetch_related("participants")
        .order_by("-article__published_at", "-article_id")
    )


def sections(*, edition=None):
    found = Section.objects.order_by("position", "name")
    return found.filter(edition=edition) if edition else found


def tags(*, edition=None):
    """
    Tags of at least one published story (a draft's tags could tell what it is about);
    with ``edition``, of one of that edition's.
    """
    used = in_edition(published_stories(), edition).filter(tags=OuterRef("pk"))
    return Tag.objects.filter(Exists(used)).order_by("slug", "pk")


def authors(*, edition=None):
    """
    Every author: each has a public page. Their e-mail and account never leave here.
    With ``edition``: the authors of a published story of that edition.
    """
    found = Author.objects.only("slug", "name", "role", "bio", "handle", "profile_url", "website")
    if edition:
        stories = in_edition(published_stories(), edition)
        found = found.filter(
            Exists(Byline.objects.filter(author=OuterRef("pk"), article__in=stories))
        )
    return found.order_by("name", "pk")


def corrections(*, edition=None):
    return (
        Correction.objects.filter(article__in=in_edition(published_stories(), edition))
        .select_related("article")
        .only(
            "kind",
            "text",
            "created_at",
            "article__id",
            "article__slug",
            "article__edition",
            "article__headline",
        )
        .order_by("-created_at", "-pk")
    )


def approved_comments(story):
    return (
        Comment.objects.approved()
        .filter(article=story)
        .only("name", "body_html", "submitted_at")
        .order_by("submitted_at", "pk")
    )


def keyset_after(order, values):
    """
    The rows strictly after the one with ``values`` in ``order`` (two fields, each
    "name" or "-name"): e.g. for ("-published_at", "-pk"), older, or as old and lower id.
    """
    (first, second), (v1, v2) = order, values

    def beyond(field):
        name = field.lstrip("-")
        return name, "lt" if field.startswith("-") else "gt"

    name1, op1 = beyond(first)
    name2, op2 = beyond(second)
    return Q(**{f"{name1}__{op1}": v1}) | Q(**{name1: v1, f"{name2}__{op2}": v2})
