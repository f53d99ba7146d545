"""
The plain text of a news page in, the parts of a story out.

Pure Python, no Django: ``manage.py import_story`` reads files, calls
:func:`decode` and :func:`parse_story`, and saves the result through
``articles.importing.services.create_imported_story``; ``manage.py load_demo``
reads the demo's stories the same way.

What a page looks like
======================

::

    Outlet / Home / Coast / Interview        <- the site's navigation: dropped
    A+ A-                                    <- page furniture: dropped anywhere
    Harbour master warns the breakwater...   <- headline: the first line
    12-10-2023 09:41                         <- date line, with or without a time
    By Ines Carvalho @ines_c                 <- byline: names, optional @handles
    Share  Tweet  Copy link                  <- dropped
    PORT ELIN (Ledger) - The harbour...      <- dateline, then the first paragraph
    ...more paragraphs, blank-line separated (or one per line)...
    What follows is a transcript of ...      <- the interview's intro (optional)
    Ledger: How long...                      <- turns, parsed by interviews.transcript
    Comments                                 <- comments section: dropped to the end

- **Furniture** is dropped wherever it stands, a whole line at a time: text-size
  controls ("A+ A-"), lines of only dashes or bullets, share widgets ("Share",
  "Tweet", "Facebook", "Copy link", "Email", "Print"...). Above the headline,
  the site's navigation goes too: breadcrumbs ("Outlet / Home / Coast", with
  ``/``, ``›``, ``»``, ``>`` or ``|``) and lines such as "Home", "Menu",
  "Search", "Skip to content". The **comments section** is dropped from its
  first line (a heading such as "Comments" or "3 comments", "Post a comment",
  "Leave a comment", a moderation notice or a pointer to the guidelines) to the
  end of the file, form labels included.
- **Header**: after the headline, lines that are a date or a byline, in any
  order; the first other line starts the body. Dates: ``DD-MM-YYYY``,
  ``YYYY-MM-DD``, ``October 12, 2023`` (also ``Oct. 12, 2023``, ``12 October
  2023``), optionally after "Published"/"Updated" and a weekday, and with a time
  after or before them (``09:41``, ``9:41 AM``, ``at 9.41 p.m.``,
  ``2023-10-12T09:41``; ``UTC``, ``+02:00`` or a common abbreviation such as
  ``CET`` or ``EDT`` after it sets the zone, else newsroom time). A line shaped
  like a date or time that is not one (``31-02-2023``, ``25:41``) is an error.
  Bylines: ``By`` (or ``بقلم``, ``نووسینی``) and names separated by commas,
  "and" or "&", each with an optional ``@handle``; a line of just
  ``Name @handle`` counts too.
- **Dateline**: a first paragraph opening with a place in capitals and an
  optional country, then the outlet in brackets (optional) and a hyphen, en or
  em dash (``PORT ELIN, Norway - ``, ``VESTHAMN (The Ledger) — ``): the place
  becomes the dateline, the rest stays the first paragraph.
- **Transcript**: a paragraph opening with "What follows is a transcript"
  (or "Below is", "The following is", "Here is" ... "transcript"), or a line
  "Transcript:" / "Full transcript", is the interview's intro; what follows it
  is parsed by :func:`articles.interviews.transcript.parse_transcript`. With no
  intro, the transcript starts at the first labelled paragraph followed (within
  three paragraphs) by another speaker's label. One participant is made per
  person the labels name (a full name and the surname used after it are one);
  whoever is labelled Q, else whoever speaks first, is the interviewer.

- **Front matter** (optional): a TOML block between two ``+++`` lines at the
  very top says what a page does not: ``slug``, ``section`` (a section's slug),
  ``dek``, ``tags``, ``html = true`` (the paragraphs are the editor's HTML, not
  plain text), ``edition`` (the code of the desk's edition, "ckb"; the default
  edition when left out), ``counterpart_of`` (the slug of another edition's story
  on the same event: the two are linked as counterparts), ``translation_of`` (the
  slug of the story this one translates; also a counterpart), ``[roles]`` (a byline
  name or @handle to its byline role: "photographer"...), ``[interview]``
  (``recorded_at``, ``edited``) and
  ``[participants.<Label>]`` (``name``, ``role``) for the speakers of the
  transcript. Slugs may be in any script (``"سیاسەت"``), as Django's unicode slugs.
  Unknown keys are errors, so a typo is not silently ignored.

:attr:`ImportedStory.found` says which of headline, date, byline, dateline and
transcript were found, for ``import_story``'s summary and its ``--strict``.

Errors (:class:`StoryImportError`) carry the line and the reason.
"""

from __future__ import annotations

import datetime
import html
import re
import tomllib
from dataclasses import dataclass

from articles.interviews.transcript import (
    Problem,
    Speaker,
    Transcript,
    find_labels,
    looks_like_label,
    numbered_lines,
    parse_transcript,
    speakers_from_labels,
    split_paragraphs,
    transcript_start,
)

HEADLINE_MAX = 200  # Article.headline
DATELINE_MAX = 120  # Article.dateline
AUTHOR_NAME_MAX = 120  # Author.name
DEK_MAX = 400  # Article.dek
BYLINE_ROLES = ("reporter", "interviewer", "photographer", "translator", "contributor")

Lines = list[tuple[int, str]]


class StoryImportError(Exception):
    """The file cannot become a story: ``line`` (1-based, or None) and ``reason``."""

    def __init__(self, line: int | None, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason

    def __str__(self):
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass(frozen=True)
class BylineName:
    name: str
    handle: str = ""
    role: str = ""  # "Courts reporter" in "By Ada Okafor, Courts reporter"


@dataclass(frozen=True)
class ImportedStory:
    headline: str
    date: datetime.date | None
    authors: tuple[BylineName, ...]
    dateline: str
    paragraphs: tuple[str, ...]
    intro: str = ""  # the interview's intro line; "" when there is no transcript
    speakers: tuple[Speaker, ...] = ()
    transcript: Transcript | None = None
    warnings: tuple[str, ...] = ()  # "line N: ..." for the operator
    furniture_lines: tuple[int, ...] = ()  # lines dropped as page furniture
    # From the front matter; empty when the file has none.
    slug: str = ""
    section: str = ""  # a section's slug
    dek: str = ""
    tags: tuple[str, ...] = ()
    html: bool = False  # the paragraphs are HTML blocks (sanitized when saved)
    roles: tuple[tuple[str, str], ...] = ()  # (byline name or @handle, byline role)
    recorded_at: str = ""
    edited: bool | None = None  # None: read from the intro (edited_note)
    participant_roles: tuple[tuple[str, str], ...] = ()  # (label, role)
    edition: str = ""  # an edition's code; "": the default edition
    counterpart_of: str = ""  # the slug of a story on the same event in another edition
    translation_of: str = ""  # the slug of the story this one translates
    time: datetime.time | None = None  # the time on the date line, if it gives one
    utc_offset: datetime.timedelta | None = None  # its zone, if it names one
    headline_sure: bool = True  # False: the first line ran on into the next

    PARTS = ("headline", "date", "byline", "dateline", "transcript")

    @property
    def found(self) -> dict[str, bool]:
        """Which parts of a page were found: what ``import_story`` reports and --strict needs."""
        return {
            "headline": bool(self.headline) and self.headline_sure,
            "date": self.date is not None,
            "byline": bool(self.authors),
            "dateline": bool(self.dateline),
            "transcript": self.transcript is not None,
        }

    @property
    def missing(self) -> list[str]:
        return [part for part, found in self.found.items() if not found]

    @property
    def published_at(self) -> datetime.datetime | None:
        """The date and time of the date line; naive (newsroom time) unless it names a zone."""
        if self.date is None:
            return None
        moment = datetime.datetime.combine(self.date, self.time or datetime.time.min)
        if self.utc_offset is not None:
            moment = moment.replace(tzinfo=datetime.timezone(self.utc_offset))
        return moment

    @property
    def body(self) -> str:
        """
        The body for ``Article.body``: plain paragraphs, which the site wraps in
        <p>. Text with a "<" is escaped into HTML paragraphs instead, so words
        that look like tags are shown, not interpreted, unless the front matter
        says the body is HTML (the site sanitizes it on save, as the editor's).
        """
        if self.html:
            return "\n\n".join(self.paragraphs)
        if any("<" in paragraph for paragraph in self.paragraphs):
            return "\n\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in self.paragraphs)
        return "\n\n".join(self.paragraphs)

    def byline_role(self, author: BylineName) -> str:
        """The byline role the front matter gives ``author`` (by name or handle), else reporter."""
        roles = {key.casefold(): role for key, role in self.roles}
        for key in (author.handle, author.name):
            if key and key.casefold() in roles:
                return roles[key.casefold()]
        return "reporter"

    def participant_role(self, label: str) -> str:
        """The role the front matter gives the participant with this label, or ""."""
        return dict(self.participant_roles).get(label, "")

    @property
    def edited_note(self) -> bool:
        """Whether the transcript is marked as edited: the front matter says, or the intro."""
        if self.edited is not None:
            return self.edited
        return bool(re.search(r"\b(edited|condensed)\b", self.intro, re.IGNORECASE))


# --- decoding ------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The text of a file, or a StoryImportError saying why it is not a text file."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise StoryImportError(line, "this is a binary file, not text (it holds NUL bytes).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        raise StoryImportError(
            line, f"this is not UTF-8 text (byte 0x{byte} cannot be read); save it as UTF-8."
        ) from None
    if not text.strip():
        raise StoryImportError(1, "the file is empty.")
    return text


# --- front matter --------------------------------------------------------------------

_FENCE = "+++"
_FRONT_KEYS = {
    "slug",
    "section",
    "dek",
    "tags",
    "html",
    "edition",
    "counterpart_of",
    "translation_of",
    "roles",
    "interview",
    "participants",
}
_SLUG_KEYS = ("slug", "section", "counterpart_of", "translation_of")
# Django's unicode slug: letters and digits of any script, dashes and underscores.
_SLUG = re.compile(r"[-\w]{1,200}")
_EDITION = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


def _split_front_matter(lines: Lines) -> tuple[dict, Lines]:
    """The front matter's values (or {}) and the lines after it."""
    first = next((i for i, (_, line) in enumerate(lines) if line.strip()), None)
    if first is None or lines[first][1].strip() != _FENCE:
        return {}, lines
    start = lines[first][0]
    end = next((i for i in range(first + 1, len(lines)) if lines[i][1].strip() == _FENCE), None)
    if end is None:
        raise StoryImportError(
            start, f'the front matter opened here has no closing "{_FENCE}" line.'
        )
    source = "\n".join(line for _, line in lines[first + 1 : end])
    try:
        values = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise StoryImportError(start, f"the front matter is not valid TOML: {error}.") from None
    return _checked_front_matter(values, start), lines[end + 1 :]


def _checked_front_matter(values: dict, line: int) -> dict:
    def refuse(reason):
        raise StoryImportError(line, f"in the front matter, {reason}")

    if unknown := sorted(set(values) - _FRONT_KEYS):
        refuse(f'"{unknown[0]}" is not a known key (known: {", ".join(sorted(_FRONT_KEYS))}).')
    for key in ("dek", "edition", *_SLUG_KEYS):
        if not isinstance(values.get(key, ""), str):
            refuse(f'"{key}" should be text in quotes.')
    for key in _SLUG_KEYS:
        if values.get(key) and not _SLUG.fullmatch(values[key]):
            refuse(f'"{key}" should be letters, digits and dashes, like "harbour-news".')
    if values.get("edition") and not _EDITION.fullmatch(values["edition"]):
        refuse('"edition" should be an edition\'s code, like "en" or "ckb".')
    dek = " ".join(values.get("dek", "").split())
    if len(dek) > DEK_MAX:
        refuse(f'"dek" is {len(dek)} characters long (at most {DEK_MAX}).')
    tags = values.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        refuse('"tags" should be a list of words in quotes, like ["harbour", "storms"].')
    if not isinstance(values.get("html", False), bool):
        refuse('"html" should be true or false.')
    roles = values.get("roles", {})
    if not isinstance(roles, dict) or not all(r in BYLINE_ROLES for r in roles.values()):
        refuse(f'each of "roles" should be one of {", ".join(BYLINE_ROLES)}.')
    interview = values.get("interview", {})
    if not isinstance(interview, dict) or set(interview) - {"recorded_at", "edited"}:
        refuse('"[interview]" takes recorded_at (text) and edited (true or false).')
    if not isinstance(interview.get("recorded_at", ""), str) or not isinstance(
        interview.get("edited", False), bool
    ):
        refuse('"[interview]" takes recorded_at (text) and edited (true or false).')
    participants = values.get("participants", {})
    if not isinstance(participants, dict) or not all(
        isinstance(p, dict)
        and not set(p) - {"name", "role"}
        and all(isinstance(v, str) for v in p.values())
        for p in participants.values()
    ):
        refuse('each "[participants.<Label>]" takes a name and a role, in quotes.')
    return {
        "slug": values.get("slug", ""),
        "section": values.get("section", ""),
        "dek": dek,
        "tags": tuple(" ".join(t.split()) for t in tags),
        "html": values.get("html", False),
        "edition": values.get("edition", ""),
        "counterpart_of": values.get("counterpart_of", ""),
        "translation_of": values.get("translation_of", ""),
        "roles": tuple(roles.items()),
        "recorded_at": interview.get("recorded_at", ""),
        "edited": interview.get("edited"),
        "participants": participants,
    }


# --- page furniture ------------------------------------------------------------------

_WIDGETS = [
    "a+",
    "a-",
    "a+a-",
    "a-a+",
    "aa",
    "text size",
    "font size",
    "share",
    "share this",
    "share this story",
    "share this article",
    "share on facebook",
    "share on x",
    "share on twitter",
    "share on linkedin",
    "share via email",
    "tweet",
    "post",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "whatsapp",
    "telegram",
    "reddit",
    "pinterest",
    "bluesky",
    "mastodon",
    "threads",
    "email",
    "e-mail",
    "print",
    "copy link",
    "copy the link",
    "link copied",
    "copied",
]
_WIDGET = "|".join(re.escape(w) for w in sorted(_WIDGETS, key=len, reverse=True))
# Widgets, each followed by a separator or the end: "Share | Tweet | Copy link".
_FURNITURE_LINE = re.compile(rf"(?:(?:{_WIDGET})(?:\s*[|·•/,]\s*|\s+|$))+", re.IGNORECASE)
_FURNITURE_MAX = 120  # a longer line is text, whatever it holds
_RULE_LINE = re.compile(r"[-–—−•·|_*]+")
_COMMENTS_START = re.compile(
    r"""(?ix)
    (?:\d+\s+)?comments?(?:\s*\(\d+\))?
    | (?:reader|readers'?)\s+comments
    | (?:join|start)\s+the\s+(?:conversation|discussion)
    | (?:post|leave|add|write)\s+a\s+(?:comment|reply)
    | (?:show|view|read|load)\s+(?:all\s+)?comments
    | (?:all\s+)?comments\s+are\s+(?:pre-?)?(?:moderated|reviewed)\b.*
    | (?:please\s+)?(?:read|see|follow)\s+(?:our|the)\s+(?:community|comment|commenting)\s+
      (?:guidelines|rules)\b.*
    """
)


def _bare(line: str) -> str:
    return " ".join(line.split()).strip(" :.!")


def _is_furniture(line: str) -> bool:
    bare = _bare(line)
    if not bare or len(bare) > _FURNITURE_MAX:
        return False
    return bool(_FURNITURE_LINE.fullmatch(bare) or _RULE_LINE.fullmatch(bare))


def _cut_comments(lines: Lines, start: int) -> tuple[Lines, list[int]]:
    """Drop the comments section: from its first line at or after ``start`` to the end."""
    for index in range(start, len(lines)):
        if _COMMENTS_START.fullmatch(_bare(lines[index][1])):
            return lines[:index], [number for number, line in lines[index:] if line.strip()]
    return lines, []


# --- header: date and byline ---------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DATE_PREFIX = re.compile(
    r"(?i)^(?:(?:published|posted|updated|last\s+updated|first\s+published)(?:\s+on)?\s*:?\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
)
_DMY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH_D_Y = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_D_MONTH_Y = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([^\W\d_]+)\.?,?\s+(\d{4})")

# The same shape as Author.handle's validator (articles.models.handle_validator).
_HANDLE = r"@[A-Za-z0-9_.]{1,30}(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?"
_BY = re.compile(r"(?i)^(?:by|بقلم|نووسینی)\s+(.+)$")
_AUTHOR = re.compile(rf"(?P<name>.+?)(?:\s+\(?(?P<handle>{_HANDLE})\)?)?")
# ",", "and", "&"; in Arabic script the Arabic comma and "و" as a word of its own.
_AUTHOR_SEPARATORS = re.compile(r"\s*[,،]\s*(?:(?:and|و)\s+)?|\s+(?:and|و)\s+|\s*&\s*")
_ROLE_WORDS = frozenset(
    "columnist contributor correspondent editor photographer producer reporter staff writer".split()
)


# A time at the end of a date line: "12-10-2023 09:41", "October 12, 2023 9:41 AM",
# "2023-10-12T09:41", "12 October 2023, 21:05 UTC", "... at 9.41 a.m. +02:00".
_TIME_AFTER = re.compile(
    r"(?i)(?:\s*(?:,|\bat\b|[|·–—T]|\s-)\s*|\s+)"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<half>[ap])\.?\s?m\.?)?(?:\s*(?P<zone>[+-]\d{2}:?\d{2}|[a-z]{1,5}\b))?$"
)
# ... or at its start: "09:41, 12 October 2023", "9:41 AM | Oct. 12, 2023".
_TIME_BEFORE = re.compile(
    r"(?i)^(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<half>[ap])\.?\s?m\.?)?(?:\s*(?P<zone>[+-]\d{2}:?\d{2}|[a-z]{1,5}\b))?"
    r"\s*(?:,|\||·|-|–|—|\bon\b)?\s+"
)


# Zones a date line names by letters (others are read as newsroom time).
_ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 1, "bst": 1, "cet": 1, "cest": 2,
    "eet": 2, "eest": 3, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
    "mdt": -6, "pst": -8, "pdt": -7,
}  # fmt: skip


def _time_of(match, line: str, number: int):
    """(time, UTC offset or None) from a _TIME_* match."""
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    second = int(match.group("second") or 0)
    half = (match.group("half") or "").casefold()
    if half:
        if not 1 <= hour <= 12:
            raise StoryImportError(number, f'"{line.strip()}" has no such time (hour {hour}).')
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise StoryImportError(
            number, f'"{line.strip()}" has no such time ({match.group("hour")}:{minute:02}).'
        )
    zone = (match.group("zone") or "").casefold()
    offset = None
    if zone in _ZONES:
        offset = datetime.timedelta(hours=_ZONES[zone])
    elif zone[:1] in "+-" and zone:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return datetime.time(hour, minute, second), offset


def parse_date_time(line: str, number: int):
    """
    (date, time or None, UTC offset or None) from a date line; None if the line is
    not shaped like one. A date or time that cannot be is an error.
    """
    text = _DATE_PREFIX.sub("", " ".join(line.split())).rstrip(".")
    found_time = offset = None
    if (match := _TIME_AFTER.search(text)) and match.start() > 0:
        head = text[: match.start()].rstrip(" ,")
        date = parse_date(head, number, original=line)
        if date is not None:
            found_time, offset = _time_of(match, line, number)
            return date, found_time, offset
    if match := _TIME_BEFORE.match(text):
        date = parse_date(_DATE_PREFIX.sub("", text[match.end() :]), number, original=line)
        if date is not None:
            found_time, offset = _time_of(match, line, number)
            return date, found_time, offset
    date = parse_date(line, number)
    return None if date is None else (date, None, None)


def parse_date(line: str, number: int, original: str = "") -> datetime.date | None:
    """The date a date line gives; None if the line is not shaped like a date."""
    original = original or line
    text = _DATE_PREFIX.sub("", " ".join(line.split())).rstrip(".")
    if match := _DMY.fullmatch(text):
        day, month, year = map(int, match.groups())
    elif match := _YMD.fullmatch(text):
        year, month, day = map(int, match.groups())
    elif (match := _MONTH_D_Y.fullmatch(text)) or (match := _D_MONTH_Y.fullmatch(text)):
        first, second, year_text = match.groups()
        word, day_text = (first, second) if match.re is _MONTH_D_Y else (second, first)
        month = _MONTHS.get(word.casefold())
        if month is None:
            if word[:3].casefold() not in _MONTHS:
                return None  # "Season 3, 2024": not a date line at all
            raise StoryImportError(number, f'"{original.strip()}" is not a date: unknown month.')
        day, year = int(day_text), int(year_text)
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise StoryImportError(
            number,
            f'"{original.strip()}" is not a date ({error}). Dates are DD-MM-YYYY, YYYY-MM-DD '
            'or "October 12, 2023".',
        ) from None


def _is_date(line: str, number: int) -> bool:
    try:
        return parse_date_time(line, number) is not None
    except StoryImportError:
        return False


def parse_byline(line: str) -> tuple[BylineName, ...] | None:
    """The authors a byline names; None if the line is not a byline."""
    text = " ".join(line.split())
    match = _BY.match(text)
    if match:
        text = match.group(1)
    parts = [part for part in _AUTHOR_SEPARATORS.split(text) if part]
    authors: list[BylineName] = []
    for part in parts:
        if authors and not authors[-1].role and _ROLE_WORDS & set(part.casefold().split()):
            previous = authors.pop()
            authors.append(BylineName(previous.name, previous.handle, part))
            continue
        author = _AUTHOR.fullmatch(part)
        if not author or not _looks_like_name(author.group("name")):
            return None
        authors.append(BylineName(author.group("name"), author.group("handle") or ""))
    if not authors or (not match and not all(author.handle for author in authors)):
        # Without "By", only "Name @handle" says it is a byline.
        return None
    return tuple(authors)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 6
        and len(text) <= AUTHOR_NAME_MAX
        and looks_like_label(" ".join(words[:4]))
        and all(looks_like_label(word) for word in words[4:])
    )


# --- body, dateline, transcript ------------------------------------------------------

_DATELINE = re.compile(
    r"(?P<place>[^\W\d_][^()]{0,119}?)(?:\s*\((?P<outlet>[^()]{1,60})\))?"
    r"(?:\s+--?\s+|\s*[–—]\s*)(?P<rest>\S.*)"
)
_PLACE_WORDS = re.compile(r"[^\W\d_][\w'’.\-]*(?: [^\W\d_][\w'’.\-]*)*")
_INTRO_SENTENCE = re.compile(
    r"(?i)^(?:(?:what\s+follows|below|the\s+following|here|this)\s+is\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,3}transcript\b"
    # Sorani "ئەوەی خوارەوە دەقی ...", Arabic "فيما يلي نص ...", Kurmanji "Li jêr nivîsa ...".
    r"|(?:ئەوەی|ئەمەی)\s+(?:لە\s+)?خوارەوە\s+دەقی\s"
    r"|و?(?:في\s?ما|فيما)\s+يلي\s+(?:ال)?نص\s"
    r"|li\s+jêr\s+(?:nivîs|transkrîpt)a\s)"
)
_INTRO_LINE = re.compile(
    r"(?i)(?:(?:read\s+)?(?:the\s+)?(?:full|complete|edited)\s+)?transcript"
    r"(?:\s+of\s+the\s+(?:interview|conversation))?(?:\s+below)?\s*:?"
)


def split_dateline(paragraph: str) -> tuple[str, str]:
    """
    ("PORT ELIN, Norway", "The harbour...") from "PORT ELIN, Norway - The harbour...",
    also with the outlet after the place ("PORT ELIN (The Harbour Ledger) — "), which
    is left out: the dateline is the place.
    """
    match = _DATELINE.fullmatch(paragraph)
    if not match:
        return "", paragraph
    place = match.group("place")
    # "PORT ELIN, Norway"; in Arabic script the Arabic comma: "سلێمانی، هەرێمی کوردستان".
    comma = ", " if ", " in place else "، "
    city, _, country = place.partition(comma)
    caseless = city == city.upper() == city.lower()
    if (
        len(place) > DATELINE_MAX
        or not _PLACE_WORDS.fullmatch(city)
        or city != city.upper()
        or (caseless and (len(city.split()) > 3 or (country and comma == ", ")))
        or (country and not all(_PLACE_WORDS.fullmatch(p) for p in country.split(comma)))
        or (
            country
            and not all(
                word[0].isupper() or (caseless and word[0].isalpha())
                for word in country.replace(comma.strip(), "").split()
            )
        )
    ):
        return "", paragraph
    return place, match.group("rest")


_NAVIGATION_WORDS = frozenset(
    "home|menu|search|subscribe|sign in|log in|login|newsletter|newsletters|sections|"
    "skip to content|skip to main content|main menu|back|top".split("|")
)
_CRUMB_SEPARATOR = re.compile(r"\s+[/›»>|]\s+")


def _is_navigation(line: str) -> bool:
    """A line of the site's navigation: "Home", or breadcrumbs "Outlet / Home / Coast"."""
    bare = _bare(line)
    if bare.casefold() in _NAVIGATION_WORDS:
        return True
    if len(bare) > _FURNITURE_MAX:
        return False
    crumbs = _CRUMB_SEPARATOR.split(bare)
    if len(crumbs) < 2 or not all(0 < len(c) <= 40 and len(c.split()) <= 4 for c in crumbs):
        return False
    return len(crumbs) >= 3 or any(c.casefold() in _NAVIGATION_WORDS for c in crumbs)


def _find_intro(lines: Lines) -> tuple[int, int, str] | None:
    """(first line index, index after it, intro text) of the transcript's intro."""
    previous_blank = True
    for index, (_, line) in enumerate(lines):
        blank = not line.strip()
        if not blank and _INTRO_LINE.fullmatch(" ".join(line.split())):
            return index, index + 1, " ".join(line.split())
        if not blank and previous_blank:
            end = index
            while end < len(lines) and lines[end][1].strip():
                end += 1
            text = " ".join(" ".join(line for _, line in lines[index:end]).split())
            if _INTRO_SENTENCE.match(text):
                return index, end, text
        previous_blank = blank
    return None


# --- the whole page ------------------------------------------------------------------


def parse_story(text: str) -> ImportedStory:
    """Parse the plain text of a news page (see the module's docstring)."""
    front, lines = _split_front_matter(numbered_lines(text))
    participants = front.get("participants", {})
    warnings: list[str] = []
    furniture = [number for number, line in lines if _is_furniture(line)]
    # The site's navigation above the headline: "Outlet / Home / Coast / Interview".
    for number, line in lines:
        if not line.strip() or number in furniture:
            continue
        if not _is_navigation(line):
            break
        furniture.append(number)
    dropped = set(furniture)
    lines = [(number, line) for number, line in lines if number not in dropped]

    content = [(n, line) for n, line in lines if line.strip()]
    if not content:
        raise StoryImportError(1, "no story here: the file holds only page furniture.")
    headline_number, headline_line = content[0]
    headline = " ".join(headline_line.split())
    if len(headline) > HEADLINE_MAX:
        raise StoryImportError(
            headline_number,
            f"the first line should be the headline, but it is {len(headline)} characters "
            f"long (at most {HEADLINE_MAX}).",
        )
    if _is_date(headline, headline_number):
        raise StoryImportError(
            headline_number, "the first line should be the headline, but it is a date."
        )

    # Header: date and byline lines right after the headline.
    index = next(i for i, (n, _) in enumerate(lines) if n == headline_number) + 1
    headline_sure = True
    if index < len(lines) and lines[index][1].strip():
        following = lines[index]
        headline_sure = (
            _is_date(following[1], following[0]) or parse_byline(following[1]) is not None
        )
    date, date_number, authors, time, offset = None, 0, (), None, None
    while index < len(lines):
        number, line = lines[index]
        if not line.strip():
            index += 1
            continue
        found_date = parse_date_time(line, number)
        if found_date is not None:
            if date is None:
                (date, time, offset), date_number = found_date, number
            else:
                warnings.append(
                    f"line {number}: a second date ({found_date[0].isoformat()}) was left "
                    f"out; the story's date is the one on line {date_number}."
                )
            index += 1
            continue
        byline = parse_byline(line)
        if byline is not None and not authors:
            authors = byline
            index += 1
            continue
        break
    if not headline_sure:
        warnings.append(
            f"line {headline_number}: the headline runs on into the next line; check it."
        )
    if date is None:
        warnings.append(f"line {headline_number}: no date line under the headline.")
    if not authors:
        warnings.append(f"line {headline_number}: no byline under the headline.")

    rest, comment_lines = _cut_comments(lines[index:], 0)
    furniture.extend(comment_lines)

    intro, transcript, speakers = "", None, ()
    found = _find_intro(rest)
    if not found:
        start_line = transcript_start(rest)
        if start_line is not None:
            start = next(i for i, (n, _) in enumerate(rest) if n == start_line)
            found = start, start, ""
    if found:
        start, end, intro_text = found
        body_lines, transcript_lines = rest[:start], rest[end:]
        labels = find_labels(transcript_lines)
        speakers = speakers_from_labels(
            labels, {label: p.get("name", "") for label, p in participants.items()}
        )
        parsed = parse_transcript(transcript_lines, speakers)
        intro_number = rest[start][0]
        if not parsed.turns:
            warnings.append(
                f'line {intro_number}: "{intro_text}" has no transcript after it; left out.'
            )
            furniture.append(intro_number)
            speakers = ()
        else:
            intro, transcript = intro_text, parsed
            if parsed.unassigned:
                first = parsed.unassigned[0]
                reason = next(
                    (
                        w.message
                        for w in parsed.warnings
                        if w.paragraph == first.paragraph
                        and w.problem in (Problem.NO_SPEAKER, Problem.UNKNOWN_LABEL)
                    ),
                    "",
                )
                more = len(parsed.unassigned) - 1
                raise StoryImportError(
                    first.line,
                    f"a transcript turn has no speaker. {reason}"
                    + (f" ({more} more turns like it.)" if more else ""),
                )
            if not intro_text:
                warnings.append(
                    f"line {intro_number}: the transcript starts here (no intro line); "
                    f"read as {parsed.description}."
                )
            warnings.extend(f"line {w.line}: {w.message}" for w in parsed.warnings)
    else:
        body_lines = rest

    body = [paragraph.text for paragraph in split_paragraphs(body_lines)[0]]
    dateline = ""
    if body:
        dateline, body[0] = split_dateline(body[0])
    if not body and transcript is None:
        raise StoryImportError(
            headline_number, "no story text: nothing but a header follows the headline."
        )

    return ImportedStory(
        headline=headline,
        date=date,
        authors=authors,
        dateline=dateline,
        paragraphs=tuple(body),
        intro=intro,
        speakers=speakers,
        transcript=transcript,
        warnings=tuple(warnings),
        furniture_lines=tuple(sorted(furniture)),
        slug=front.get("slug", ""),
        section=front.get("section", ""),
        dek=front.get("dek", ""),
        tags=front.get("tags", ()),
        html=front.get("html", False),
        edition=front.get("edition", ""),
        counterpart_of=front.get("counterpart_of", ""),
        translation_of=front.get("translation_of", ""),
        roles=front.get("roles", ()),
        recorded_at=front.get("recorded_at", ""),
        edited=front.get("edited"),
        participant_roles=tuple(
            (speaker.label, role)
            for speaker in speakers
            for label, p in participants.items()
            if (role := p.get("role")) and label.casefold() == speaker.label.casefold()
        ),
        time=time,
        utc_offset=offset,
        headline_sure=headline_sure,
    )
