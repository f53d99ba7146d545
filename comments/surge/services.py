"""
Writes on a story's surge controls. Each refreshes the story's cached page (and its
controls' own cached copy) after commit: a pause, a notice or a reopening shows at once.
"""

from django.db import transaction
from django.utils import timezone

from newsroom.pagecache import invalidate_page, invalidate_story

from .controls import generation_name
from .models import SLOW_MODE_MAX_MINUTES, SurgeControl


def refresh(article_pk):
    """The story page and the cached controls of story ``article_pk`` are out of date."""
    invalidate_page(generation_name(article_pk))
    invalidate_story(article_pk)


def _controls(article, by):
    controls, _ = SurgeControl.objects.select_for_update().get_or_create(article=article)
    controls.updated_by = by
    return controls


def pause_comments(*, article, by, notice: str = "") -> SurgeControl:
    """Stop taking new comments on ``article``; readers see ``notice`` where the form was."""
    with transaction.atomic():
        controls = _controls(article, by)
        if controls.paused_at is None:
            controls.paused_at, controls.paused_by = timezone.now(), by
        controls.pause_notice = notice.strip()
        controls.save()
        refresh(article.pk)
    return controls


def resume_comments(*, article, by) -> SurgeControl:
    """Take new comments on ``article`` again."""
    with transaction.atomic():
        controls = _controls(article, by)
        controls.paused_at = controls.paused_by = None
        controls.pause_notice = ""
        controls.save()
        refresh(article.pk)
    return controls


def set_slow_mode(*, article, by, minutes: int) -> SurgeControl:
    """One comment per sender per ``minutes`` on ``article``; 0 turns slow mode off."""
    if not 0 <= minutes <= SLOW_MODE_MAX_MINUTES:
        raise ValueError(f"Slow mode is 0 to {SLOW_MODE_MAX_MINUTES} minutes, not {minutes}.")
    with transaction.atomic():
        controls = _controls(article, by)
        controls.slow_mode_minutes = minutes
        controls.save()
        refresh(article.pk)
    return controls


def reopen_comments(*, article, by) -> SurgeControl:
    """
    Reopen comments that closed by age (COMMENTS_CLOSE_AFTER_DAYS): they close again
    that many days after now. A story whose editor closed comments stays closed.
    """
    with transaction.atomic():
        controls = _controls(article, by)
        controls.reopened_at, controls.reopened_by = timezone.now(), by
        controls.save()
        refresh(article.pk)
    return controls


def update_controls(
    *, article, by, paused: bool, notice: str, slow_mode_minutes: int, reopen: bool = False
) -> SurgeControl:
    """What the queue's and the admin's forms send: every control at once, one refresh."""
    if not 0 <= slow_mode_minutes <= SLOW_MODE_MAX_MINUTES:
        raise ValueError(f"Slow mode is 0 to {SLOW_MODE_MAX_MINUTES} minutes.")
    now = timezone.now()
    with transaction.atomic():
        controls = _controls(article, by)
        if paused and controls.paused_at is None:
            controls.paused_at, controls.paused_by = now, by
        elif not paused:
            controls.paused_at = controls.paused_by = None
        controls.pause_notice = notice.strip() if paused else ""
        controls.slow_mode_minutes = slow_mode_minutes
        if reopen:
            controls.reopened_at, controls.reopened_by = now, by
        controls.save()
        refresh(article.pk)
    return controls
