"""
Derived data, kept current by handlers registered per model, never by callers
remembering (as Wagtail keeps its search index):

- **Cached pages.** Any save or delete of published content (stories, bylines,
  tags, interviews, authors, sections, corrections) bumps the site generation
  now and again once the transaction commits (newsroom.pagecache).
- **Search entries.** A story whose searchable text may have changed (its
  headline, dek, dateline, body or transcript) is re-indexed once, after commit
  (articles.discovery.search.reindex_article).
- **Image renditions.** A newly stored hero image or author photo gets its WebP
  and JPEG renditions once the row is committed (articles.media.images).
- **The front page's arrangement.** A save or delete of the live arrangement or of
  one of its pins changes the front page, the one page it is on; a draft's changes
  nothing a reader sees. (A pin that starts or ends later needs no write: the
  front page's view tells the page cache when it changes, page_changes_at.)
- **Rendered transcripts.** When an interview, its participants or its turns
  change, the interview's stored transcript HTML is cleared at once (the page
  then renders the transcript itself) and rendered again after commit
  (articles.interviews.rendering).

Django's bulk operations send no signals: code that writes a story's parts with
them sends ``articles.stories.signals.story_changed`` instead, which counts as a
save of the story.
"""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from taggit.models import Tag, TaggedItem

from newsroom.pagecache import invalidate_page, invalidate_site

from .discovery import search
from .editions.models import StoryGroup
from .frontpage.models import FrontPage, FrontPagePin
from .interviews.models import Interview, Participant, Turn
from .interviews.rendering import refresh_transcript
from .media import images
from .stories.models import Article, Author, Byline, Correction, Section
from .stories.schedule import refresh_next_publication
from .stories.signals import story_changed

# Pages -------------------------------------------------------------------------------------

PAGE_MODELS = [
    Article,
    Author,
    Byline,
    Correction,
    Interview,
    Participant,
    Section,
    # Counterparts: a story's hreflang alternates (deleting a group unlinks its stories
    # with an UPDATE that sends no signal of its own).
    StoryGroup,
    Turn,
    Tag,
    TaggedItem,
]
# Saves that change nothing a reader sees (the search index) do not invalidate pages.
INVISIBLE_FIELDS = {"search_vector"}


def pages_changed(sender, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= INVISIBLE_FIELDS:
        return
    invalidate_site()
    if sender is Article:
        refresh_next_publication()
        transaction.on_commit(refresh_next_publication)


def front_page_changed(sender, instance, **kwargs):
    # The front page alone: it has a generation of its own (articles/urls.py).
    if isinstance(instance, FrontPagePin):
        live = FrontPage.objects.filter(pk=instance.front_page_id, is_live=True).exists()
    else:
        live = instance.is_live or getattr(instance, "_was_live", False)
    if live:
        invalidate_page("front")


def front_page_saving(sender, instance, **kwargs):
    """Before the save: whether readers saw this arrangement (it may be taken off now)."""
    instance._was_live = (
        instance.pk is not None and FrontPage.objects.filter(pk=instance.pk, is_live=True).exists()
    )


# Search ------------------------------------------------------------------------------------

# What a story's search entry is made of; other saves of a story leave it alone.
# The edition decides how the words are folded (articles/editions/normalise.py).
SEARCHED_FIELDS = {"headline", "dek", "dateline", "body", "body_html", "edition"}
_pending = threading.local()


def _reindex_pending():
    pks = getattr(_pending, "pks", set())
    _pending.pks, _pending.stories_of_interviews = set(), {}
    for article in Article.objects.filter(pk__in=pks).only(
        "headline", "dek", "dateline", "body_html", "edition"
    ):
        search.reindex_article(article)


def reindex_after_commit(article_pk):
    """Re-index story ``article_pk`` once this transaction commits (once per story)."""
    if article_pk is None:
        return
    if not hasattr(_pending, "pks"):
        _pending.pks = set()
    _pending.pks.add(article_pk)
    # One callback per change: after a rollback discarded the earlier ones, the next
    # change still schedules a run, which also takes what was pending then.
    transaction.on_commit(_reindex_pending)


def _story_of(instance):
    if isinstance(instance, Article):
        return instance.pk
    if isinstance(instance, Interview):
        return instance.article_id
    if isinstance(instance, Turn):
        # Asked once per interview and thread: saving 200 turns costs one query here.
        known = _pending.__dict__.setdefault("stories_of_interviews", {})
        if instance.interview_id not in known:
            known[instance.interview_id] = (
                Interview.objects.filter(pk=instance.interview_id)
                .values_list("article_id", flat=True)
                .first()
            )
        return known[instance.interview_id]
    return None


def article_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if update_fields is None or set(update_fields) & SEARCHED_FIELDS:
        reindex_after_commit(instance.pk)


def transcript_changed(sender, instance, **kwargs):
    reindex_after_commit(_story_of(instance))


def interview_moved(sender, instance, **kwargs):
    """An interview given to another story: that one loses the transcript."""
    if instance.pk is None:
        return
    before = Interview.objects.filter(pk=instance.pk).values_list("article_id", flat=True).first()
    if before is not None and before != instance.article_id:
        reindex_after_commit(before)


def story_parts_changed(sender, article_id, **kwargs):
    invalidate_site()
    reindex_after_commit(article_id)


# Rendered transcripts ----------------------------------------------------------------------


def _interview_of(instance):
    if isinstance(instance, Interview):
        return instance.pk
    return getattr(instance, "interview_id", None)


def rerender_after_commit(interview_pk):
    if interview_pk is None:
        return
    # Cleared now, so no reader sees the old turns in between; an update sends no signal.
    Interview.objects.filter(pk=interview_pk).exclude(transcript_html="").update(transcript_html="")
    transaction.on_commit(lambda: refresh_transcript(interview_pk))


def transcript_parts_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= {"transcript_html"}:
        return
    rerender_after_commit(_interview_of(instance))


def story_transcript_changed(sender, article_id, **kwargs):
    for interview_pk in Interview.objects.filter(article_id=article_id).values_list(
        "pk", flat=True
    ):
        rerender_after_commit(interview_pk)


# Renditions --------------------------------------------------------------------------------


def _note_new_images(sender, instance, **kwargs):
    """Before the save stores them: which image fields hold a file not stored yet."""
    instance._new_images = [
        (field.name, getattr(getattr(instance, field.name).file, "image", None))
        for field in images.image_fields(sender)
        if getattr(instance, field.name) and not getattr(instance, field.name)._committed
    ]


def _make_renditions(sender, instance, **kwargs):
    for name, decoded in getattr(instance, "_new_images", ()):
        field_file = getattr(instance, name)
        transaction.on_commit(
            lambda field_file=field_file, decoded=decoded: images.make_renditions(
                field_file, image=decoded, replace=True
            )
        )
    instance._new_images = []


def connect():
    for model in PAGE_MODELS:
        uid = model.__name__
        post_save.connect(pages_changed, sender=model, dispatch_uid=f"pages-{uid}")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"pages-d-{uid}")
    m2m_changed.connect(pages_changed, sender=Article.authors.through, dispatch_uid="pages-m2m")
    pre_save.connect(front_page_saving, sender=FrontPage, dispatch_uid="front-page-was-live")
    for model in (FrontPage, FrontPagePin):
        uid = model.__name__
        post_save.connect(front_page_changed, sender=model, dispatch_uid=f"front-{uid}")
        post_delete.connect(front_page_changed, sender=model, dispatch_uid=f"front-d-{uid}")

    post_save.connect(article_saved, sender=Article, dispatch_uid="search-article")
    for model in (Interview, Turn):
        post_save.connect(transcript_changed, sender=model, dispatch_uid=f"search-{model}")
        post_delete.connect(transcript_changed, sender=model, dispatch_uid=f"search-d-{model}")
    pre_save.connect(interview_moved, sender=Interview, dispatch_uid="search-interview-moved")
    story_changed.connect(story_parts_changed, dispatch_uid="story-changed")

    for model in (Interview, Participant, Turn):
        uid = model.__name__
        post_save.connect(transcript_parts_changed, sender=model, dispatch_uid=f"tx-{uid}")
        post_delete.connect(transcript_parts_changed, sender=model, dispatch_uid=f"tx-d-{uid}")
    story_changed.connect(story_transcript_changed, dispatch_uid="tx-story-changed")

    for model in (Article, Author):
        pre_save.connect(_note_new_images, sender=model, dispatch_uid=f"renditions-{model}")
        post_save.connect(_make_renditions, sender=model, dispatch_uid=f"renditions-s-{model}")
