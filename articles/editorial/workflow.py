"""
The status flow: draft, in review, scheduled, live, unpublished. A story's state
is Article.state; these services move it, each checking the move is allowed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.stories.models import Article

from .revisions import add_story, local_label, story_revision

# From each state, the states it may move to; the admin form checks the same table
# (check_transition).
TRANSITIONS = {
    "draft": {"in_review", "live", "scheduled"},
    "in_review": {"draft", "live", "scheduled"},
    "scheduled": {"live", "scheduled", "draft", "unpublished"},
    "live": {"unpublished"},
    "unpublished": {"draft", "live", "scheduled"},
}
# Each refusal said whole, so that every language can word it its own way.
ALREADY = {
    "draft": _("The story is a draft already."),
    "in_review": _("The story is in review already."),
    "scheduled": _("The story is scheduled already."),
    "live": _("The story is live already."),
    "unpublished": _("The story is unpublished already."),
}
REFUSALS = {
    ("draft", "unpublished"): _(
        "A story that is a draft cannot become unpublished. Submit it for review, or publish it."
    ),
    ("in_review", "unpublished"): _("A story that is in review cannot become unpublished."),
    ("scheduled", "in_review"): _("A story that is scheduled cannot become in review."),
    ("live", "draft"): _("A story that is live cannot become a draft. Unpublish it first."),
    ("live", "in_review"): _("A story that is live cannot become in review. Unpublish it first."),
    ("live", "scheduled"): _("A story that is live cannot become scheduled. Unpublish it first."),
    ("unpublished", "in_review"): _("A story that is unpublished cannot become in review."),
}


def _refuse(current, target):
    if current == target:
        raise ValidationError(ALREADY[current], code="transition")
    message = REFUSALS.get((current, target), _("The story cannot make that move."))
    raise ValidationError(message, code="transition")


def check_transition(*, article: Article, status, published_at=None) -> str:
    """
    For a form that sets the status and publish time directly: refuse what the
    services would refuse. Staying in the same state (editing a draft, moving a
    scheduled time, correcting a live story's time) is always allowed. Returns the
    target state. ``article`` holds the saved status (a new story is a draft).
    """
    current = article.state if article.pk else "draft"
    target = Article.state_for(status, published_at)
    if target != current and target not in TRANSITIONS[current]:
        _refuse(current, target)
    return target


def _locked(article):
    """
    Lock the story's row and take its saved status and times: a status change never
    works on a stale copy, nor overwrites what someone else saved in between.
    """
    current = (
        Article.objects.select_for_update()
        .only("status", "published_at", "first_published_at", "version")
        .get(pk=article.pk)
    )
    article.status, article.published_at = current.status, current.published_at
    article.first_published_at, article.version = current.first_published_at, current.version
    return article


def _move(*, article, target, by, comment, published_at=None):
    current = _locked(article).state
    if target not in TRANSITIONS[current]:
        _refuse(current, target)
    if target in ("live", "scheduled"):
        article.status = Article.Status.PUBLISHED
        article.published_at = published_at
        article.full_clean(exclude=["slug"])
    else:
        article.status = target
    if by is not None and by.is_authenticated:
        article.modified_by = by
    article.save(
        update_fields=["status", "published_at", "first_published_at", "modified_at", "modified_by"]
    )
    with story_revision(user=by, comment=comment):
        add_story(article)
    return article


@transaction.atomic
def submit_for_review(*, article: Article, by=None) -> Article:
    """A draft goes to the editors (Reporters do this; they cannot publish)."""
    comment = gettext("Submitted for review.")
    return _move(article=article, target="in_review", by=by, comment=comment)


@transaction.atomic
def return_to_draft(*, article: Article, by=None) -> Article:
    """Back to a draft: from review, from a schedule, or after unpublishing."""
    return _move(article=article, target="draft", by=by, comment=gettext("Returned to draft."))


@transaction.atomic
def publish_article(*, article: Article, at=None, by=None) -> Article:
    """Publish now, or at a future time (scheduled: it goes live by itself)."""
    at = at or _locked(article).published_at or timezone.now()
    target = Article.state_for(Article.Status.PUBLISHED, at)
    comment = (
        gettext("Published.")
        if target == "live"
        else gettext("Scheduled for %(when)s.") % {"when": local_label(at)}
    )
    return _move(article=article, target=target, by=by, comment=comment, published_at=at)


@transaction.atomic
def schedule(*, article: Article, at, by=None) -> Article:
    """Publish at ``at``, a future time: the story goes live by itself then, no cron needed."""
    if at is None or at <= timezone.now():
        raise ValidationError(
            gettext("Choose a future time to schedule a story; to publish now, publish it."),
            code="past",
        )
    return _move(
        article=article,
        target="scheduled",
        by=by,
        comment=gettext("Scheduled for %(when)s.") % {"when": local_label(at)},
        published_at=at,
    )


@transaction.atomic
def unpublish_article(*, article: Article, by=None) -> Article:
    """Take a story off the site; its address answers 404 until it is published again."""
    return _move(article=article, target="unpublished", by=by, comment=gettext("Unpublished."))
