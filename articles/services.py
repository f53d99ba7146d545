"""
Writes that change what readers see. Admin actions and forms call these, so the
rules live in one place.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsroom.cache import invalidate_site

from .models import Article, Correction, ShareLink
from .revisions import add_story, story_revision

# The status flow (issue 4) ---------------------------------------------------------------
#
# A story's state is its status, with "published" split by its publish time into
# "scheduled" (future: it goes live by itself, no cron) and "live". From each state,
# the states it may move to; the admin form checks the same table (check_transition).

TRANSITIONS = {
    "draft": {"in_review", "live", "scheduled"},
    "in_review": {"draft", "live", "scheduled"},
    "scheduled": {"live", "scheduled", "draft", "unpublished"},
    "live": {"unpublished"},
    "unpublished": {"draft", "live", "scheduled"},
}
STATE_NAMES = {
    "draft": "a draft",
    "in_review": "in review",
    "scheduled": "scheduled",
    "live": "live",
    "unpublished": "unpublished",
}
_HINTS = {
    "live": "Unpublish it first.",
    "draft": "Submit it for review, or publish it.",
}


def state_for(status, published_at, *, now=None) -> str:
    """The state a story with this status and publish time is in."""
    if status != Article.Status.PUBLISHED:
        return status
    return "scheduled" if published_at and published_at > (now or timezone.now()) else "live"


def _refuse(current, target):
    if current == target:
        raise ValidationError(f"The story is {STATE_NAMES[current]} already.", code="transition")
    message = f"A story that is {STATE_NAMES[current]} cannot become {STATE_NAMES[target]}."
    if current in _HINTS and target != "live":
        message += " " + _HINTS[current]
    raise ValidationError(message, code="transition")


def check_transition(*, article: Article, status, published_at=None) -> str:
    """
    For a form that sets the status and publish time directly: refuse what the
    services would refuse. Staying in the same state (editing a draft, moving a
    scheduled time, correcting a live story's time) is always allowed. Returns the
    target state. ``article`` holds the saved status (a new story is a draft).
    """
    current = article.state if article.pk else "draft"
    target = state_for(status, published_at)
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
    return _move(article=article, target="in_review", by=by, comment="Submitted for review.")


@transaction.atomic
def return_to_draft(*, article: Article, by=None) -> Article:
    """Back to a draft: from review, from a schedule, or after unpublishing."""
    return _move(article=article, target="draft", by=by, comment="Returned to draft.")


@transaction.atomic
def publish_article(*, article: Article, at=None, by=None) -> Article:
    """Publish now, or at a future time (scheduled: it goes live by itself)."""
    at = at or _locked(article).published_at or timezone.now()
    target = state_for(Article.Status.PUBLISHED, at)
    comment = "Published." if target == "live" else f"Scheduled for {_local(at)}."
    return _move(article=article, target=target, by=by, comment=comment, published_at=at)


@transaction.atomic
def schedule(*, article: Article, at, by=None) -> Article:
    """Publish at ``at``, a future time: the story goes live by itself then, no cron needed."""
    if at is None or at <= timezone.now():
        raise ValidationError(
            "Choose a future time to schedule a story; to publish now, publish it.",
            code="past",
        )
    return _move(
        article=article,
        target="scheduled",
        by=by,
        comment=f"Scheduled for {_local(at)}.",
        published_at=at,
    )


@transaction.atomic
def unpublish_article(*, article: Article, by=None) -> Article:
    """Take a story off the site; its address answers 404 until it is published again."""
    return _move(article=article, target="unpublished", by=by, comment="Unpublished.")


def _local(moment):
    return timezone.localtime(moment).strftime("%b %-d, %Y, %H:%M %Z")


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
def replace_transcript(*, interview, turns, by=None) -> list:
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
    with story_revision(user=by, comment=f"Replaced the transcript ({len(created)} turns)."):
        add_story(interview.article)
    return created


@transaction.atomic
def append_transcript(*, interview, turns, by=None) -> list:
    """Add ``turns`` after the last turn of ``interview``, numbered on from it."""
    from django.db.models import Max

    from .models import Turn

    _lock_interview(interview)
    last = interview.turns.aggregate(last=Max("position"))["last"] or 0
    rows = _transcript_rows(interview=interview, turns=turns, start=last + 1)
    created = Turn.objects.bulk_create(rows)
    invalidate_site()  # bulk_create sends no signals
    with story_revision(user=by, comment=f"Appended {len(created)} turns to the transcript."):
        add_story(interview.article)
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


@transaction.atomic
def ensure_byline(*, article: Article, author, role=None):
    """Give ``author`` a byline on ``article`` (last in order) unless they have one."""
    from django.db.models import Max

    from .models import Byline

    if article.bylines.filter(author=author).exists():
        return None
    last = article.bylines.aggregate(last=Max("position"))["last"] or 0
    return Byline.objects.create(
        article=article, author=author, role=role or Byline.Role.REPORTER, position=last + 1
    )


# Corrections (issue 4) -------------------------------------------------------------------


@transaction.atomic
def add_correction(*, article: Article, kind, text, at=None, by=None) -> Correction:
    """
    A correction, update or editor's note on ``article``. A correction or an update
    also moves the story's "Updated" time to ``at`` (now by default), which readers see.
    """
    correction = Correction(
        article=article,
        kind=kind,
        text=text.strip(),
        created_at=at or timezone.now(),
        created_by=by if by is not None and by.is_authenticated else None,
    )
    correction.full_clean()
    correction.save()
    updates = kind in (Correction.Kind.CORRECTION, Correction.Kind.UPDATE)
    if updates and (article.updated_at is None or correction.created_at > article.updated_at):
        article.updated_at = correction.created_at
        article.save(update_fields=["updated_at", "modified_at"])
    return correction


# Share-draft links (issue 4) -------------------------------------------------------------


@transaction.atomic
def create_share_link(*, article: Article, by, label, expires_at=None) -> ShareLink:
    """A new link to read ``article`` without an account until ``expires_at`` (7 days)."""
    link = ShareLink(article=article, created_by=by, label=label)
    if expires_at is not None:
        link.expires_at = expires_at
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def revoke_share_link(*, link: ShareLink) -> ShareLink:
    """The link stops working at once; revoking twice keeps the first time."""
    ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    link.refresh_from_db(fields=["revoked_at"])
    return link


# Restoring a revision (issue 4) ----------------------------------------------------------

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
    "language",
]


@transaction.atomic
def restore_revision(*, article: Article, version, by=None) -> list[str]:
    """
    Make ``article`` what ``version`` (a reversion Version of it) recorded: its
    fields, bylines, tags and interview with participants and turns, renumbered
    1..n. Returns notes on what could not come back (an author deleted since).
    The restore is itself a new revision, so it can be undone the same way.
    """
    from taggit.models import Tag

    from . import search
    from .models import Author, Byline, Section
    from .revisions import snapshot

    shot = snapshot(version)
    if str(shot.article.pk) != str(article.pk):
        raise ValidationError("That revision belongs to another story.")
    list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
    article.refresh_from_db()
    notes = []
    when = _local(version.revision.date_created)
    who = version.revision.user
    comment = f"Restored the version of {when}" + (f" by {who}." if who else ".")
    with story_revision(user=by, comment=comment):
        for name in RESTORED_FIELDS:
            setattr(article, name, getattr(shot.article, name))
        if not Section.objects.filter(pk=article.section_id).exists():
            article.section_id = Article.objects.values_list("section_id").get(pk=article.pk)[0]
            notes.append("Its section was deleted since: the story keeps its current section.")
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
            notes.append(f"{len(shot.bylines) - len(kept)} byline(s) name authors deleted since.")
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
        search.reindex_article(article)
        invalidate_site()  # bulk_create sends no signals
        add_story(article)
    return notes


def _restore_interview(*, article, shot):
    from .models import Interview, Participant, Turn

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
