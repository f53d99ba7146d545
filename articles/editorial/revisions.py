"""
Story revisions, kept by django-reversion.

A revision holds a whole story as it was after a save: the article's fields, its
bylines, its tags, and its interview with participants and turns. The admin and
the services record one per save (``story_revision`` + ``add_story``); the
history page compares any two (``compare``) and an editor restores one
(``restore.restore_revision``). Reversion is told what to record explicitly
(``manage_manually``): positions are renumbered with bulk updates that send no
signals, so the story is added once, after its last write, as it is in the database.
"""

import difflib
import html as html_lib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils import dateformat, timezone
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from articles.interviews.models import Interview, Participant, Turn
from articles.stories.models import Article, Author, Byline, Section

# Derived or index-only fields are not worth keeping; m2m through models are kept as rows.
ARTICLE_EXCLUDE = ("search_vector", "body_html", "authors", "tags")


REGISTRATIONS = [
    (Article, {"follow": ("bylines", "tagged_items", "interview"), "exclude": ARTICLE_EXCLUDE}),
    (Byline, {}),
    (TaggedItem, {"follow": ("tag",)}),
    (Tag, {}),
    (Interview, {"follow": ("participants", "turns"), "exclude": ("transcript_html",)}),
    (Participant, {}),
    (Turn, {}),
]


def register_models():
    """
    From ArticlesConfig.ready() and before the admin's VersionAdmins are made (the
    admin app is ready first; VersionAdmin would register its own guess otherwise).
    """
    for model, options in REGISTRATIONS:
        if not reversion.is_registered(model):
            reversion.register(model, **options)


@contextmanager
def story_revision(*, user=None, comment=""):
    """
    A revision block for writes to stories; call ``add_story`` inside it after the
    last write. Nested blocks (a service called from an admin save) join the outer one.
    """
    with reversion.create_revision(manage_manually=True):
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        yield


def add_story(article):
    """Record ``article`` with its bylines, tags and interview as they are in the database."""
    if reversion.is_active():
        # A fresh copy (the caller's may hold bylines or tags prefetched before the save),
        # with what the revision follows prefetched: a few queries, however long the
        # transcript (a turn's name shows its speaker).
        fresh = (
            Article.objects.select_related("interview")
            .prefetch_related(
                "bylines",
                "tagged_items__tag",
                "interview__participants",
                Prefetch("interview__turns", queryset=Turn.objects.select_related("participant")),
            )
            .get(pk=article.pk)
        )
        reversion.add_to_revision(fresh)


def versions_of(article):
    """The story's versions, newest first, with their revisions and users."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


# Reading a revision back ------------------------------------------------------------------


@dataclass
class Snapshot:
    """A story as one revision recorded it (unsaved model instances)."""

    version: Version
    article: Article
    bylines: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    interview: Interview | None = None
    participants: list = field(default_factory=list)
    turns: list = field(default_factory=list)

    @property
    def revision(self):
        return self.version.revision


def snapshot(version) -> Snapshot:
    """
    The story of ``version`` (a Version of an Article) from its revision. A revision
    made by an action on several stories holds all of them: keep this story's rows.
    """
    article = version._object_version.object
    models_by_ct = {
        ContentType.objects.get_for_model(model).pk: model
        for model in (Byline, TaggedItem, Tag, Interview, Participant, Turn)
    }
    rows = {model: [] for model in models_by_ct.values()}
    for other in version.revision.version_set.filter(content_type__in=models_by_ct):
        rows[models_by_ct[other.content_type_id]].append(other._object_version.object)
    article_type = ContentType.objects.get_for_model(Article).pk
    tags = {tag.pk: tag for tag in rows[Tag]}
    interview = next((i for i in rows[Interview] if i.article_id == article.pk), None)
    found = Snapshot(version=version, article=article)
    found.bylines = sorted(
        (b for b in rows[Byline] if b.article_id == article.pk), key=lambda b: b.position
    )
    found.tags = sorted(
        (
            tags[item.tag_id]
            for item in rows[TaggedItem]
            if item.content_type_id == article_type
            and str(item.object_id) == str(article.pk)
            and item.tag_id in tags
        ),
        key=lambda tag: tag.name.lower(),
    )
    if interview is not None:
        found.interview = interview
        found.participants = sorted(
            (p for p in rows[Participant] if p.interview_id == interview.pk),
            key=lambda p: p.position,
        )
        found.turns = sorted(
            (t for t in rows[Turn] if t.interview_id == interview.pk), key=lambda t: t.position
        )
    return found


# Comparing two revisions ----------------------------------------------------------------

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
_WORDS = re.compile(r"\w+|[^\w\s]")
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|ul|ol|figure|pre)>)", re.IGNORECASE)
# Two paragraphs (or turns) at least this alike are one item changed, not one removed
# and another added.
ALIKE = 0.5
# Past this many candidate pairs in one run of changes, items are paired in order.
MAX_PAIRINGS = 2500


def _segments(a, b):
    """
    Word-level opcodes as ("same", text) and ("change", removed, added) segments.
    A change, a run of spaces, and another change read as one change: "The White"
    struck and "EDIT TWO:" added, not four fragments.
    """
    segments = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(["same", "".join(a[i1:i2])])
        else:
            segments.append(["change", "".join(a[i1:i2]), "".join(b[j1:j2])])
    merged = []
    for segment in segments:
        if (
            segment[0] == "change"
            and len(merged) >= 2
            and merged[-1][0] == "same"
            and not merged[-1][1].strip()
            and merged[-2][0] == "change"
        ):
            space = merged.pop()[1]
            before = merged[-1]
            before[1] = space.join(part for part in (before[1], segment[1]) if part)
            before[2] = space.join(part for part in (before[2], segment[2]) if part)
            continue
        merged.append(segment)
    return merged


def inline_diff(old, new) -> SafeString:
    """
    Word by word: removed words in <del>, added ones in <ins>, everything escaped and
    every space kept; a replaced run is struck and then added, a space apart.
    """
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for segment in _segments(a, b):
        if segment[0] == "same":
            parts.append(escape(segment[1]))
            continue
        removed, added = segment[1], segment[2]
        # Spaces at either end stay outside the marks: "on <ins>longest</ins> night".
        outer = added or removed
        lead, trail = outer[: len(outer) - len(outer.lstrip())], outer[len(outer.rstrip()) :]
        removed, added = removed.strip(), added.strip()
        parts.append(lead)
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if removed and added:
            parts.append(" ")
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
        parts.append(trail)
    return mark_safe("".join(parts))  # every piece above is escaped


@dataclass
class Change:
    """One row of a list comparison: kind is "same" (``count`` rows), "changed",
    "added" or "removed"; ``html`` is escaped markup; ``note`` a short remark."""

    kind: str
    html: SafeString = mark_safe("")
    label: str = ""
    count: int = 0
    note: str = ""


def _likeness(old, new):
    words = difflib.SequenceMatcher(None, _WORDS.findall(old), _WORDS.findall(new), autojunk=False)
    if words.real_quick_ratio() < ALIKE or words.quick_ratio() < ALIKE:
        return 0
    return words.ratio()


def _pair(old, new, text):
    """
    A run of changed items matched up: each old item with the most alike new one
    (a paragraph that gained a prefix is that paragraph, changed), in order; what
    has no match was removed or added. Yields (before, after) with None for no match.
    """
    if not old or not new:
        yield from ((before, None) for before in old)
        yield from ((None, after) for after in new)
        return
    if len(old) * len(new) > MAX_PAIRINGS:
        yield from zip(old, new, strict=False)
        yield from ((before, None) for before in old[len(new) :])
        yield from ((None, after) for after in new[len(old) :])
        return
    best, at = 0, None
    for i, before in enumerate(old):
        for j, after in enumerate(new):
            score = 1.0 if text(before) == text(after) else _likeness(text(before), text(after))
            if score > best:
                best, at = score, (i, j)
    if at is None or best < ALIKE:
        yield from ((before, None) for before in old)
        yield from ((None, after) for after in new)
        return
    i, j = at
    yield from _pair(old[:i], new[:j], text)
    yield old[i], new[j]
    yield from _pair(old[i + 1 :], new[j + 1 :], text)


def list_diff(old, new, *, key, text, label=lambda item: ""):
    """
    Align two ordered lists (paragraphs, turns) and describe their differences:
    items are matched first (unchanged runs collapse to a count), then words within
    an item that changed.
    """
    old_keys, new_keys = [key(item) for item in old], [key(item) for item in new]
    changes = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.append(Change("same", count=i2 - i1))
            continue
        for before, after in _pair(old[i1:i2], new[j1:j2], text):
            if after is None:
                changes.append(Change("removed", escape(text(before)), label(before)))
                continue
            if before is None:
                changes.append(Change("added", escape(text(after)), label(after)))
                continue
            note = ""
            if text(before) == text(after):
                note = "formatting changed" if label(before) == label(after) else ""
            labels = label(after)
            if label(before) != label(after):
                labels = f"{label(before)} → {label(after)}"
            changes.append(
                Change("changed", inline_diff(text(before), text(after)), labels, note=note)
            )
    return changes


def block_text(block):
    """A paragraph's words as a reader sees them: no tags, entities read."""
    return html_lib.unescape(strip_tags(block)).strip()


def paragraphs(html):
    """A body's blocks (its HTML source, one paragraph or heading each)."""
    source = _BLOCK_END.sub(r"\1\n\n", html or "")
    return [block.strip() for block in re.split(r"\n\s*\n", source) if block.strip()]


def local_label(moment) -> str:
    """A time as editors read it in messages and revisions: "Nov 3, 2026, 14:05 EST"."""
    if not moment:
        return ""
    # Translators: a date and time in Django's date format: "Nov 3, 2026, 14:05 EST".
    return dateformat.format(timezone.localtime(moment), gettext("M j, Y, H:i T"))


@dataclass
class FieldDiff:
    label: str
    old: str
    new: str

    @property
    def html(self):
        return inline_diff(self.old, self.new)


@dataclass
class Comparison:
    older: Snapshot
    newer: Snapshot
    fields: list = field(default_factory=list)  # FieldDiff rows that changed
    unchanged: list = field(default_factory=list)  # labels of fields that did not
    body: list = field(default_factory=list)  # Change rows, [] when the body is equal
    participants: list = field(default_factory=list)
    turns: list = field(default_factory=list)

    @property
    def has_changes(self):
        return bool(self.fields or self.body or self.participants or self.turns)


def _story_fields(shot: Snapshot, names):
    article, interview = shot.article, shot.interview
    bylines = "; ".join(
        f"{names['authors'].get(b.author_id, f'author #{b.author_id} (deleted)')} "
        f"({b.get_role_display().lower()})"
        for b in shot.bylines
    )
    values = [
        (gettext("Headline"), article.headline),
        (gettext("Slug"), article.slug),
        (gettext("Dek"), article.dek),
        (gettext("Section"), names["sections"].get(article.section_id, f"#{article.section_id}")),
        (gettext("Dateline"), article.dateline),
        (gettext("Bylines"), bylines),
        (gettext("Tags"), ", ".join(tag.name for tag in shot.tags)),
        (gettext("Hero image"), str(article.hero_image or "")),
        (gettext("Alt text"), article.hero_alt),
        (gettext("Caption"), article.hero_caption),
        (gettext("Credit"), article.hero_credit),
        (gettext("Status"), article.get_status_display()),
        (gettext("Publish time"), local_label(article.published_at)),
        (gettext("Updated"), local_label(article.updated_at)),
        (gettext("Comments"), gettext("open") if article.comments_enabled else gettext("closed")),
        (gettext("Edition"), article.edition),
        (gettext("Interview"), gettext("yes") if interview else gettext("no")),
    ]
    if interview is not None:
        values += [
            (gettext("Interview intro"), interview.intro),
            (
                gettext("Recorded on"),
                interview.recorded_on.isoformat() if interview.recorded_on else "",
            ),
            (gettext("Place recorded"), interview.recorded_at),
            (
                gettext("Edited for length and clarity"),
                gettext("yes") if interview.edited_note else gettext("no"),
            ),
        ]
    return dict(values)


def _participant_text(participant):
    role = "interviewer" if participant.is_interviewer else (participant.role or "interviewee")
    return f"{participant.label}: {participant.name} ({role})"


def compare(older: Snapshot, newer: Snapshot) -> Comparison:
    """Field by field, paragraph by paragraph and turn by turn, from ``older`` to ``newer``."""
    author_ids = {b.author_id for shot in (older, newer) for b in shot.bylines}
    section_ids = {older.article.section_id, newer.article.section_id}
    names = {
        "authors": dict(Author.objects.filter(pk__in=author_ids).values_list("pk", "name")),
        "sections": dict(Section.objects.filter(pk__in=section_ids).values_list("pk", "name")),
    }
    result = Comparison(older=older, newer=newer)
    before, after = _story_fields(older, names), _story_fields(newer, names)
    for label in dict.fromkeys([*before, *after]):
        old, new = before.get(label, ""), after.get(label, "")
        if old == new:
            result.unchanged.append(label)
        else:
            result.fields.append(FieldDiff(label, old, new))

    if older.article.body == newer.article.body:
        result.unchanged.append(gettext("Body"))
    else:
        result.body = list_diff(
            paragraphs(older.article.body),
            paragraphs(newer.article.body),
            key=lambda block: block,
            text=block_text,
        )

    result.participants = list_diff(
        older.participants,
        newer.participants,
        key=_participant_text,
        text=_participant_text,
    )
    if all(change.kind == "same" for change in result.participants):
        result.participants = []

    def speakers(shot):
        return {p.pk: p.label for p in shot.participants}

    old_speakers, new_speakers = speakers(older), speakers(newer)
    old_turns = [(old_speakers.get(t.participant_id, "?"), t.text, t.timecode) for t in older.turns]
    new_turns = [(new_speakers.get(t.participant_id, "?"), t.text, t.timecode) for t in newer.turns]
    result.turns = list_diff(
        old_turns,
        new_turns,
        key=lambda turn: turn,
        text=lambda turn: turn[1],
        label=lambda turn: turn[0] + (f" [{turn[2]}]" if turn[2] else ""),
    )
    if all(change.kind == "same" for change in result.turns):
        result.turns = []
    return result


def version_numbered(article, number, *, look_back=50):
    """The newest recorded Version of ``article`` whose ``version`` counter is ``number``."""
    for version in versions_of(article)[:look_back]:
        if version.field_dict.get("version") == number:
            return version
    return None
