"""
What the API reads and answers, as typed schemas: ninja makes the OpenAPI document
from them and validates every request and answer against them.

Every field of a story is optional in its schema: ``fields=`` chooses which are
sent (``id`` always is), and ``include=`` adds the embedded ones.
"""

import re
from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

# Values in the query string: printable text of any script (Kurdish, Arabic...), never a
# control character (PostgreSQL refuses NUL outright; none belongs in a slug or a query).
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
# What a cursor is made of (django.core.signing: URL-safe base64, ":" and ".").
CURSOR = r"^[A-Za-z0-9_.:\-]+$"
# The range of dates a filter may name: wider than any newsroom's archive, narrow
# enough that a day's bounds exist in every time zone.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
# The largest id the databases store (a signed 64-bit integer).
MAX_ID = 2**63 - 1
MAX_LIMIT = 100
DEFAULT_LIMIT = 20

Slug = Annotated[str, Field(min_length=1, max_length=200, pattern=PRINTABLE)]
# An edition's code ("en", "ckb"...): checked against the configured editions in the view
# (api.views.edition_code), whose 400 names the valid ones.
EditionCode = Annotated[
    str,
    Field(
        min_length=1,
        max_length=12,
        pattern=PRINTABLE,
        description="An edition's code (en, ckb, ar, kmr): only that edition's items.",
    ),
]
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value):
    """A day written YYYY-MM-DD, nothing else (pydantic alone would read 0 as 1970-01-01)."""
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("write a day as YYYY-MM-DD")
    if not isinstance(value, str | date):
        raise ValueError("write a day as YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(iso_day), Field(ge=FIRST_DAY, le=LAST_DAY)]
Names = Annotated[str, Field(max_length=500, pattern=PRINTABLE)]


# Requests ----------------------------------------------------------------------------------


class PageQuery(Schema):
    cursor: str | None = Field(
        None,
        max_length=400,
        pattern=CURSOR,
        description="The next_cursor of the previous page; leave out for the first page.",
    )
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"Items per page, 1 to {MAX_LIMIT} (more is refused with a 400).",
    )


class StoryShape(Schema):
    fields: Names | None = Field(
        None,
        description="Comma-separated story fields to send (id is always sent), e.g. "
        "headline,date_published. Unknown names are refused with a 400 listing the valid ones.",
    )
    include: Names | None = Field(
        None,
        description="Comma-separated parts to embed: bylines, tags, interview, corrections; "
        "combines with fields.",
    )


class EditionFilter(Schema):
    edition: EditionCode | None = None


class StoryFilters(EditionFilter):
    section: Slug | None = Field(None, description="A section's slug.")
    tag: Slug | None = Field(None, description="A tag's slug.")
    author: Slug | None = Field(None, description="An author's slug (any byline role).")
    since: Day | None = Field(
        None, description="Published on or after this day (the newsroom's time zone)."
    )
    until: Day | None = Field(
        None, description="Published on or before this day (the newsroom's time zone)."
    )
    has_transcript: bool | None = Field(
        None, description="true: only stories with an interview transcript; false: only without."
    )


class StoryListQuery(PageQuery, StoryShape, StoryFilters):
    pass


class EditionPageQuery(PageQuery, EditionFilter):
    pass


class SearchQuery(PageQuery, StoryShape, EditionFilter):
    q: str = Field(
        ...,
        min_length=1,
        max_length=200,
        pattern=PRINTABLE,
        description='Words (all must match), "a phrase", -word to leave out, or between '
        "alternatives.",
    )
    section: Slug | None = None
    tag: Slug | None = None
    author: Slug | None = None
    since: Day | None = None
    until: Day | None = None


# Answers -----------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="What was wrong, in words.")


class SectionOut(Schema):
    slug: str
    edition: str = Field(description="The code of the edition the section belongs to.")
    name: str
    description: str
    url: str


class SectionRef(Schema):
    slug: str
    name: str
    url: str


class TagOut(Schema):
    slug: str
    name: str
    url: str


class AuthorRef(Schema):
    slug: str
    name: str
    url: str


class AuthorOut(Schema):
    slug: str
    name: str
    role: str
    bio: str
    handle: str
    same_as: list[str] = Field(description="Public profile addresses (http or https).")
    url: str


class BylineOut(Schema):
    position: int
    role: str
    author: AuthorRef


class ImageOut(Schema):
    url: str
    width: int | None
    height: int | None
    alt: str
    caption: str
    credit: str


class StoryRef(Schema):
    id: int
    headline: str
    url: str


class CorrectionOut(Schema):
    id: int
    kind: Literal["correction", "update", "note"]
    text: str
    date_published: str = Field(description="ISO 8601, as the story page's JSON-LD gives it.")


class CorrectionWithStory(CorrectionOut):
    story: StoryRef


class ParticipantOut(Schema):
    position: int
    name: str
    label: str = Field(description="The name as printed on each turn.")
    role: str
    is_interviewer: bool


class TurnOut(Schema):
    position: int
    speaker: str = Field(description="The label of the participant speaking.")
    participant: int = Field(description="The position of that participant.")
    is_question: bool
    text: str
    timecode: str


class InterviewOut(Schema):
    story: StoryRef
    intro: str
    recorded_on: date | None
    recorded_at: str
    edited_note: bool
    participants: list[ParticipantOut]
    turns: list[TurnOut] | None = Field(
        None, description="In order; sent by the interview's own endpoint and include=interview."
    )


class StoryOut(Schema):
    id: int
    url: str | None = None
    headline: str | None = None
    dek: str | None = None
    dateline: str | None = None
    edition: str | None = Field(None, description="The code of the story's edition (en, ckb...).")
    language: str | None = Field(
        None, description="The language it is written in, as its JSON-LD inLanguage says."
    )
    section: SectionRef | None = None
    authors: list[AuthorRef] | None = Field(None, description="In byline order, each once.")
    date_published: str | None = Field(
        None,
        description="ISO 8601 in the newsroom's time zone; a date alone for a story known "
        "only by its day. The same value as the page's JSON-LD datePublished.",
    )
    date_modified: str | None = Field(
        None, description="The Updated time readers see, else the publish time (JSON-LD)."
    )
    has_transcript: bool | None = None
    image: ImageOut | None = None
    body_html: str | None = Field(None, description="The body as sanitized HTML.")
    bylines: list[BylineOut] | None = None
    tags: list[TagOut] | None = None
    interview: InterviewOut | None = None
    corrections: list[CorrectionOut] | None = Field(
        None, description="Corrections, updates and editor's notes, newest first."
    )


class SearchHitOut(StoryOut):
    snippet_html: str | None = Field(None, description="The matched passage, matches in <mark>.")


class Page(Schema):
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null: last.")
    next: str | None = Field(description="The address of the next page; null: last.")


class StoryPage(Page):
    items: list[StoryOut]


class SearchPage(Page):
    items: list[SearchHitOut]


class InterviewPage(Page):
    items: list[InterviewOut]


class TagPage(Page):
    items: list[TagOut]


class AuthorPage(Page):
    items: list[AuthorOut]


class CorrectionPage(Page):
    items: list[CorrectionWithStory]


class CommentOut(Schema):
    id: int
    name: str
    body_html: str = Field(description="The words as typed, escaped, links made clickable.")
    submitted_at: datetime


class CommentPage(Page):
    items: list[CommentOut]


class SectionList(Schema):
    items: list[SectionOut]
