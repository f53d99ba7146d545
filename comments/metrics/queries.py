"""
The moderation figures, computed in the database within a fixed number of queries,
whatever the number of comments and decisions.

Everything except "now" covers a Period: the last DAYS days (local time) up to now.
The period is cut into spans: whole days, then today's hours, then ten-minute blocks
of the current hour (ended_spans(), live_spans()). Each figure is read by one query
for all the spans it needs, grouped by span in the database (read_spans()): a row per
span, not per comment or decision, so the first view after the cache is lost reads
14 days in five queries and little Python. A span that has ended never changes:
decisions are append-only and made "now", and a comment's submission time never
changes. So ended spans are kept in the cache (every_day()), and a view reads the
current block only; the first view after a span ends reads what it misses, in the
same queries. Ended days, and today's ended hours, are also kept in the database
(DailyFigures, one row a day, written by the first view that reads the day or a new
hour of today): the first view after the cache is lost reads them there, and only the
current hour from the comments and decisions. Every figure
is attributed by the time of its own row: a comment to the day it was submitted, a
decision (its wait included) to the day it was made, so a decision made today on a
comment submitted days ago counts today only, and an ended day's figures need not be
recomputed. What is deleted later (a pending comment erased at its author's request,
a deleted story's comments) stays counted in the days and spans already kept (cache
and table alike), until they leave the period.

Every figure starts from comments_in() or decisions_in(): figures per edition are one
filter in those two functions (see Period.edition). DailyFigures holds every edition's
figures together, so a period of some editions keeps its ended spans in the cache only
(keyed by edition) and reads what the cache lost from the comments and decisions.

The Decision log is the source of truth for what moderators did and when. A comment's
first decision is the one made while it was pending (previous_status "pending"); a
decision made on a comment already decided (previous_status anything else: a
withdrawal after a report, a rejection after an approval) changes an earlier
decision: a reversal.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles.models import Article

from ..guidelines import GUIDELINES
from ..models import Comment, Decision
from .models import DailyFigures

DAYS = 14
TOP_STORIES = 10
# Each span (a day, an hour, a block) keeps the number of comments of its busiest
# stories only: the period's top stories are the ten with the most of those, then
# counted exactly. Where comments spread evenly over more stories than this a day (as
# bench/scale.py's do, over about 550), the ten shown are among the busiest but not
# always the exact ten; each one's count is exact.
STORIES_PER_HOUR = 100
CACHE_VERSION = 1
ENDED_AFTER = timedelta(minutes=2)
# The current hour is kept in blocks of ten minutes as they end: a view reads the
# current block only, however busy the hour.
BLOCK_MINUTES = 10
BLOCK = timedelta(minutes=BLOCK_MINUTES)

PENDING = Comment.Status.PENDING


@dataclass(frozen=True)
class Period:
    """``days`` local days, the last one today; ``start`` is the first day's midnight."""

    start: datetime
    end: datetime
    days: tuple[date, ...]
    # Per edition: an edition code, or a tuple of them (a desk moderator's editions);
    # None counts every edition. comments_in() / decisions_in() filter by it.
    edition: str | tuple[str, ...] | None = None

    @property
    def editions(self) -> tuple[str, ...] | None:
        """The edition codes counted, or None for every edition."""
        if self.edition is None:
            return None
        return (self.edition,) if isinstance(self.edition, str) else tuple(self.edition)

    @classmethod
    def last_days(cls, days=DAYS, *, now=None, edition=None):
        now = now or timezone.now()
        today = timezone.localdate(now)
        first = today - timedelta(days=days - 1)
        return cls(
            start=midnight(first),
            end=now,
            days=tuple(first + timedelta(days=n) for n in range(days)),
            edition=edition,
        )

    def day_end(self, day: date) -> datetime:
        """The moment ``day`` ends (the next local midnight), or now for today."""
        if day == self.days[-1]:
            return self.end
        return midnight(day + timedelta(days=1))


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def comments_in(period: Period, start: datetime, end: datetime):
    """The comments submitted from ``start`` to ``end`` that ``period`` counts."""
    comments = Comment.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    if period.editions is not None:
        comments = comments.filter(article__edition__in=period.editions)
    return comments


def decisions_in(period: Period, start: datetime, end: datetime):
    """The decisions made from ``start`` to ``end`` that ``period`` counts."""
    decisions = Decision.objects.filter(decided_at__gte=start, decided_at__lt=end)
    if period.editions is not None:
        decisions = decisions.filter(comment__article__edition__in=period.editions)
    return decisions


# One day's figures ---------------------------------------------------------------------------


@dataclass
class DayFigures:
    """The figures of a day, or of an hour of it (merged into the day's)."""

    day: date
    arrived: int = 0  # comments submitted
    decided: int = 0  # first decisions
    decided_oldest: datetime | None = None  # the oldest of those comments was submitted then
    waits: list[float] = field(default_factory=list)  # seconds to each first decision
    decisions: int = 0  # every decision
    reversed: int = 0
    of_approvals: int = 0
    of_rejections: int = 0
    moderators: dict = field(default_factory=dict)  # moderator id: (name, decisions)
    rejections: Counter = field(default_factory=Counter)  # reason: rejections
    stories: Counter = field(default_factory=Counter)  # article id: comments (busiest only)

    def add(self, other: "DayFigures"):
        """Count ``other`` (a later part of the same day) in."""
        self.arrived += other.arrived
        self.decided += other.decided
        if other.decided_oldest is not None and (
            self.decided_oldest is None or other.decided_oldest < self.decided_oldest
        ):
            self.decided_oldest = other.decided_oldest
        self.waits += other.waits
        self.decisions += other.decisions
        self.reversed += other.reversed
        self.of_approvals += other.of_approvals
        self.of_rejections += other.of_rejections
        for moderator_id, (name, total) in other.moderators.items():
            before = self.moderators.get(moderator_id, (name, 0))[1]
            self.moderators[moderator_id] = (name, before + total)
        self.rejections.update(other.rejections)
        self.stories.update(other.stories)
        return self


def moderator_name(username, first_name, last_name):
    full = f"{first_name or ''} {last_name or ''}".strip()
    return full or username or "(deleted account)"


class SumOfGroups(Func):
    """SUM(...) OVER (...) of a grouped query's aggregate, which Sum() refuses to take."""

    function = "SUM"
    window_compatible = True
    output_field = IntegerField()


class SpanNumber(Func):
    """
    Which span a moment falls in, given the spans' starts (sorted, ascending): 1 from
    the first start until the second, 2 from the second until the third, ..., and
    len(starts) from the last start on. The query's filter keeps what is before the
    first.

    Worked out from the starts Python computed (ended_spans(), live_spans()), not by
    truncating each row's time in the database's time zone: one number per row,
    grouped cheaply, and the same local days and hours as the cache keys.
    """

    output_field = IntegerField()

    def __init__(self, field, starts):
        self.starts = list(starts)
        # Anywhere: a CASE, one comparison per span (a few dozen at most).
        portable = Case(
            *(
                When(**{f"{field}__lt": start}, then=Value(number))
                for number, start in enumerate(self.starts[1:], start=1)
            ),
            default=Value(len(self.starts)),
            output_field=IntegerField(),
        )
        super().__init__(F(field), portable)

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[1])

    def as_postgresql(self, compiler, connection, **extra_context):
        # WIDTH_BUCKET over an array of lower bounds: a binary search per row.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"WIDTH_BUCKET({sql}, %s)", (*params, self.starts)


class Microseconds(Func):
    """A duration as a whole number of microseconds, exactly."""

    output_field = BigIntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django subtracts two datetimes on SQLite in microseconds already.
        return super().as_sql(compiler, connection, template="%(expressions)s", **extra_context)


class Joined(Aggregate):
    """A group's values as one text, separated by spaces: one row instead of thousands."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS TEXT), ' ')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="GROUP_CONCAT(%(expressions)s, ' ')", **extra_context
        )


def read_spans(period: Period, spans) -> list[DayFigures]:
    """
    The figures of each span (start, end, ...) of ``spans``: contiguous, in order, the
    last one ending at or after now. Five queries, each grouped by span in the
    database, so each returns a row per span (or per span and moderator, reason or
    busiest story), however many comments and decisions there are: first decisions
    with their waits, decisions per moderator, reversals, rejections per clause, the
    busiest stories (with the span's comments).
    """
    figures = [DayFigures(timezone.localdate(start)) for start, *_ in spans]
    if not spans:
        return figures
    starts = [start for start, *_ in spans]

    def span_of(row):
        return figures[row["span"] - 1]

    comments = comments_in(period, starts[0], period.end).annotate(
        span=SpanNumber("submitted_at", starts)
    )
    decisions = decisions_in(period, starts[0], period.end).annotate(
        span=SpanNumber("decided_at", starts)
    )

    waited = ExpressionWrapper(
        F("decided_at") - F("comment__submitted_at"), output_field=DurationField()
    )
    first = (
        decisions.filter(previous_status=PENDING)
        .values("span")
        .annotate(
            decided=Count("*"),
            oldest=Min("comment__submitted_at"),
            waits=Joined(Microseconds(waited)),
        )
        .order_by()
    )
    for row in first:
        figure = span_of(row)
        figure.decided = row["decided"]
        figure.decided_oldest = row["oldest"]
        # As timedelta.total_seconds(): microseconds divided, exactly rounded.
        figure.waits = [int(us) / 1_000_000 for us in row["waits"].split()]

    # Grouped by numbers, not by the names (one moderator, one name): sorting or
    # hashing every decision's names cost more than the rest of the query.
    people = decisions.values("span", "moderator_id").annotate(
        total=Count("*"),
        username=Min("moderator__username"),
        first_name=Min("moderator__first_name"),
        last_name=Min("moderator__last_name"),
    )
    for row in people.order_by():
        name = moderator_name(row["username"], row["first_name"], row["last_name"])
        span_of(row).moderators[row["moderator_id"]] = (name, row["total"])

    counts = decisions.values("span").annotate(
        total=Count("*"),
        # Never COUNT(id): the covering index has every column but the id.
        reversed=Count("comment_id", filter=~Q(previous_status=PENDING)),
        of_approvals=Count("comment_id", filter=Q(previous_status=Comment.Status.APPROVED)),
        of_rejections=Count("comment_id", filter=Q(previous_status=Comment.Status.REJECTED)),
    )
    for row in counts.order_by():
        figure = span_of(row)
        figure.decisions = row["total"]
        figure.reversed = row["reversed"]
        figure.of_approvals = row["of_approvals"]
        figure.of_rejections = row["of_rejections"]

    rejected = decisions.filter(action=Decision.Action.REJECT).values("span", "reason")
    for row in rejected.annotate(total=Count("*")).order_by():
        span_of(row).rejections[row["reason"]] += row["total"]

    # Each span's busiest stories, and (over all of them) how many comments came in it.
    busiest = (
        comments.values("span", "article_id")
        .annotate(total=Count("*"))
        .annotate(
            rank=Window(RowNumber(), partition_by=F("span"), order_by=[F("total").desc()]),
            span_total=Window(SumOfGroups("total"), partition_by=F("span")),
        )
        .filter(rank__lte=STORIES_PER_HOUR)
        .order_by()
    )
    for row in busiest:
        figure = span_of(row)
        figure.stories[row["article_id"]] = row["total"]
        figure.arrived = row["span_total"]
    return figures


def next_hour(hour: datetime) -> datetime:
    """An hour later, in local time (counted in UTC: a day with a clock change has 23 or 25)."""
    return timezone.localtime(hour.astimezone(UTC) + timedelta(hours=1))


def _cache_key(period, moment):
    editions = "None" if period.editions is None else ",".join(period.editions)
    return f"comments:metrics:{CACHE_VERSION}:{settings.TIME_ZONE}:{editions}:{moment}"


def ended_spans(period: Period, cut: datetime):
    """
    (start, end, cache key) of what has ended before ``cut`` (a local hour's start, or
    a BLOCK's within it): whole days, then the hours of the day ``cut`` is in, then the
    blocks of the hour ``cut`` is in; start and end in UTC.
    """
    spans = []
    for day in period.days:
        start, end = midnight(day), midnight(day + timedelta(days=1))
        if end <= cut:
            spans.append((start.astimezone(UTC), end.astimezone(UTC), _cache_key(period, day)))
            continue
        hour = start
        while next_hour(hour) <= cut:
            key = _cache_key(period, hour.isoformat())
            spans.append((hour.astimezone(UTC), next_hour(hour).astimezone(UTC), key))
            hour = next_hour(hour)
        block = hour.astimezone(UTC)
        while block < cut:
            key = _cache_key(period, f"{block.isoformat()}+{BLOCK}")
            spans.append((block, block + BLOCK, key))
            block += BLOCK
    return spans


def live_spans(cut: datetime, end: datetime):
    """(start, end, None) of each BLOCK from ``cut`` (a block's start) until ``end``."""
    spans = []
    block = cut.astimezone(UTC)
    while block < end:
        spans.append((block, block + BLOCK, None))
        block += BLOCK
    return spans


# A span longer than this is a whole day (23 to 25 hours), not an hour or a block.
DAY_SPAN = timedelta(hours=2)
HOUR = timedelta(hours=1)


def figures_to_json(figure: DayFigures) -> dict:
    """A day's figures as DailyFigures.figures keeps them (figures_from_json() reads them)."""
    return {
        "arrived": figure.arrived,
        "decided": figure.decided,
        "decided_oldest": figure.decided_oldest and figure.decided_oldest.isoformat(),
        "waits": figure.waits,
        "decisions": figure.decisions,
        "reversed": figure.reversed,
        "of_approvals": figure.of_approvals,
        "of_rejections": figure.of_rejections,
        # Lists, not objects: JSON keys are text, and a deleted moderator's id is None.
        "moderators": [[key, name, total] for key, (name, total) in figure.moderators.items()],
        "rejections": [[reason, total] for reason, total in figure.rejections.items()],
        "stories": [[article_id, total] for article_id, total in figure.stories.items()],
    }


def figures_from_json(day: date, data: dict) -> DayFigures:
    oldest = data["decided_oldest"]
    return DayFigures(
        day=day,
        arrived=data["arrived"],
        decided=data["decided"],
        decided_oldest=oldest and datetime.fromisoformat(oldest),
        waits=list(data["waits"]),
        decisions=data["decisions"],
        reversed=data["reversed"],
        of_approvals=data["of_approvals"],
        of_rejections=data["of_rejections"],
        moderators={key: (name, total) for key, name, total in data["moderators"]},
        rejections=Counter(dict(data["rejections"])),
        stories=Counter(dict(data["stories"])),
    )


def stored_days(period: Period, days) -> dict[date, tuple[datetime, DayFigures]]:
    """(until, figures) of those of ``days`` kept in DailyFigures, in one query."""
    if period.editions is not None:
        return {}  # the table holds every edition's figures together
    rows = DailyFigures.objects.filter(
        day__in=days, time_zone=settings.TIME_ZONE, version=CACHE_VERSION
    ).values_list("day", "until", "figures")
    return {day: (until, figures_from_json(day, data)) for day, until, data in rows}


def store_days(period: Period, figures: list[tuple[DayFigures, datetime]]):
    """
    Keep (figures, until) of days in DailyFigures, in one query. Two views reading the
    same day at once both write it, with the same figures: an upsert on the day (INSERT
    ... ON CONFLICT (day) DO UPDATE), which neither fails on the unique day nor leaves a
    row of another time zone or CACHE_VERSION in place.
    """
    if not figures or period.editions is not None:
        return  # the table holds every edition's figures together: never one's alone
    now = timezone.now()
    DailyFigures.objects.bulk_create(
        [
            DailyFigures(
                day=figure.day,
                until=until,
                time_zone=settings.TIME_ZONE,
                version=CACHE_VERSION,
                figures=figures_to_json(figure),
                computed_at=now,
            )
            for figure, until in figures
        ],
        update_conflicts=True,
        unique_fields=["day"],
        update_fields=["until", "time_zone", "version", "figures", "computed_at"],
    )


def every_day(period: Period) -> list[DayFigures]:
    """
    The figures of every day of ``period``. Ended days, hours and blocks never change:
    they come from the cache when there; when the cache lost them, ended days and today's
    ended hours come from DailyFigures (stored by the views that first read them).
    Everything from the first one missing until now is read by read_spans() (on most
    views: the current block), a day at a time for whole days, an hour at a time for
    today's hours, a block at a time for this hour's.
    """
    # A block counts as ended a little after it ends: a decision stamped 10:59:59
    # may commit at 11:00:01, and a block kept without it would miss it for good.
    moment = timezone.localtime(period.end - ENDED_AFTER)
    cut = moment.replace(minute=moment.minute - moment.minute % BLOCK_MINUTES, second=0)
    cut = cut.replace(microsecond=0)
    spans = ended_spans(period, cut)
    kept = cache.get_many([key for _, _, key in spans])
    # Whole days are 23 to 25 hours long; hours an hour (in UTC), blocks ten minutes.
    whole_days = {
        key: timezone.localdate(start) for start, end, key in spans if end - start > DAY_SPAN
    }
    hours = [(start, end, key) for start, end, key in spans if end - start == HOUR]
    today = timezone.localdate(cut)  # the day of ``hours``
    # What the cache lost is read from the table, in one query, and kept in the cache again.
    lost = [day for key, day in whole_days.items() if key not in kept]
    hours_lost = any(key not in kept for _, _, key in hours)
    covered, partial = set(), None  # today's hours the table's row holds, and its figures
    if lost or hours_lost:
        stored = stored_days(period, lost + [today] * hours_lost)
        found = {
            key: stored[day][1]
            for key, day in whole_days.items()
            if day in stored and stored[day][0] >= midnight(day + timedelta(days=1))
        }
        kept.update(found)
        cache.set_many(found, timeout=(len(period.days) + 1) * 86400)
        if hours_lost and today in stored:
            until, partial = stored[today]
            if until in {end for _, end, _ in hours}:
                covered = {key for _, end, key in hours if end <= until}
    missing = next(
        (n for n, (_, _, key) in enumerate(spans) if key not in kept and key not in covered),
        len(spans),
    )
    if any(key in covered for _, _, key in spans[missing:]):
        covered = set()  # read again from an earlier day on: the row is not needed
    to_read = spans[missing:] + live_spans(cut, period.end)

    days = {day: DayFigures(day) for day in period.days}
    hour_keys = {key for _, _, key in hours}
    today_hours = DayFigures(today)  # today's ended hours, as the table keeps them
    if covered:
        days[today].add(partial)
        today_hours.add(partial)
        # Kept in the cache as well: under the first hour it covers, the others empty,
        # since only their sum is ever read (here).
        first_key = next(key for _, _, key in hours if key in covered)
        cache.set_many(
            {key: partial if key == first_key else DayFigures(today) for key in covered},
            timeout=(len(period.days) + 1) * 86400,
        )
    for _, _, key in spans[:missing]:
        if key in covered:
            continue
        days[kept[key].day].add(kept[key])
        if key in hour_keys:
            today_hours.add(kept[key])
    fresh, blocks = {}, {}
    for (start, end, key), figure in zip(to_read, read_spans(period, to_read), strict=True):
        if key is not None:
            (blocks if end - start == BLOCK else fresh)[key] = figure
            if key in hour_keys:
                today_hours.add(figure)
        days[figure.day].add(figure)
    # Kept until they have left every period; a change to DayFigures changes CACHE_VERSION.
    cache.set_many(fresh, timeout=(len(period.days) + 1) * 86400)
    to_store = [
        (figure, midnight(figure.day + timedelta(days=1)))
        for key, figure in fresh.items()
        if key in whole_days
    ]
    # An hour of today has ended since it was stored. Never for a day that has ended (a
    # period ending in the past): its row holds the whole day.
    if any(key in hour_keys for key in fresh) and timezone.now() < midnight(
        today + timedelta(days=1)
    ):
        to_store.append((today_hours, hours[-1][1]))
    store_days(period, to_store)
    # A block is read from the cache until its hour has ended and is kept whole.
    cache.set_many(blocks, timeout=2 * 3600)
    return list(days.values())


# Now ---------------------------------------------------------------------------------------


@dataclass
class QueueNow:
    pending: int
    oldest: datetime | None  # when the oldest pending comment was submitted

    def oldest_age(self, now):
        return now - self.oldest if self.oldest else None


def queue_now(period: Period) -> QueueNow:
    # COUNT(*): the queue index (status, submitted_at) answers it alone.
    pending = Comment.objects.filter(status=PENDING)
    if period.editions is not None:
        pending = pending.filter(article__edition__in=period.editions)
    row = pending.aggregate(pending=Count("*"), oldest=Min("submitted_at"))
    return QueueNow(pending=row["pending"], oldest=row["oldest"])


# The queue over time -------------------------------------------------------------------------


@dataclass
class QueueDay:
    day: date
    at: datetime  # the end of the day (now, for today)
    pending: int  # comments waiting at that moment
    oldest: datetime | None  # the oldest of them was submitted then
    arrived: int  # submitted that day
    decided: int  # first decisions that day

    @property
    def oldest_age(self):
        return self.at - self.oldest if self.oldest else None


def queue_history(period: Period, now: QueueNow, days: list[DayFigures]) -> list[QueueDay]:
    """
    The queue at the end of each day of ``period``, worked back from the queue now:
    waiting at a moment T = waiting now - comments submitted since T + comments first
    decided since T. The oldest waiting at T is the oldest of those still waiting now
    and those decided since T, among the ones submitted by T.

    Assumes, as the services do, that a decided comment never returns to the queue.
    """
    history = []
    arrived_since = decided_since = 0
    oldest_decided_since = None
    for figure in reversed(days):
        at = period.day_end(figure.day)
        candidates = [
            when for when in (now.oldest, oldest_decided_since) if when is not None and when <= at
        ]
        history.append(
            QueueDay(
                day=figure.day,
                at=at,
                pending=max(0, now.pending - arrived_since + decided_since),
                oldest=min(candidates, default=None),
                arrived=figure.arrived,
                decided=figure.decided,
            )
        )
        # What happened during this day is "since" the end of the day before it.
        arrived_since += figure.arrived
        decided_since += figure.decided
        if figure.decided_oldest is not None and (
            oldest_decided_since is None or figure.decided_oldest < oldest_decided_since
        ):
            oldest_decided_since = figure.decided_oldest
    return history[::-1]


# Time to decision ----------------------------------------------------------------------------


def percentile(ordered, fraction):
    """As PostgreSQL's percentile_cont: linear interpolation between the nearest ranks."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Waits:
    decided: int  # first decisions in the period
    median: timedelta | None
    p90: timedelta | None


def time_to_decision(days: list[DayFigures]) -> Waits:
    """From submission to first decision, for the comments first decided in the days."""
    waits = sorted(wait for figure in days for wait in figure.waits)

    def at(fraction):
        value = percentile(waits, fraction)
        return None if value is None else timedelta(seconds=value)

    return Waits(decided=len(waits), median=at(0.5), p90=at(0.9))


# Who decided what ----------------------------------------------------------------------------


@dataclass
class ModeratorRow:
    moderator_id: int | None
    name: str
    per_day: list[int]  # in the order of Period.days
    total: int = 0


def decisions_by_moderator(days: list[DayFigures]) -> list[ModeratorRow]:
    """Decisions per moderator per day, the busiest moderator first."""
    moderators = {}
    for n, figure in enumerate(days):
        for moderator_id, (name, total) in figure.moderators.items():
            row = moderators.setdefault(
                moderator_id, ModeratorRow(moderator_id, name, [0] * len(days))
            )
            row.name = name  # the latest day's name
            row.per_day[n] += total
            row.total += total
    return sorted(moderators.values(), key=lambda m: (-m.total, m.name))


@dataclass
class Reversals:
    decisions: int  # every decision in the period
    first: int  # decisions on pending comments
    reversed: int  # decisions that changed an earlier decision
    of_approvals: int  # ... of an approved comment
    of_rejections: int  # ... of a rejected comment

    @property
    def rate(self):
        """Reversals per first decision, or None without any."""
        return self.reversed / self.first if self.first else None


def reversals(days: list[DayFigures]) -> Reversals:
    return Reversals(
        decisions=sum(f.decisions for f in days),
        first=sum(f.decided for f in days),
        reversed=sum(f.reversed for f in days),
        of_approvals=sum(f.of_approvals for f in days),
        of_rejections=sum(f.of_rejections for f in days),
    )


@dataclass
class ClauseRow:
    code: str
    label: str
    rejections: int


def rejections_by_clause(days: list[DayFigures]) -> list[ClauseRow]:
    """Rejections per guideline clause, in the guidelines' order."""
    counts = Counter()
    for figure in days:
        counts.update(figure.rejections)
    rows = [ClauseRow(g.code, str(g.label), counts.pop(g.code, 0)) for g in GUIDELINES]
    # A clause since removed from the guidelines still counts, under its code.
    rows += [ClauseRow(code, code, total) for code, total in sorted(counts.items())]
    return rows


@dataclass
class StoryRow:
    article_id: int
    headline: str
    slug: str
    total: int
    approved: int
    rejected: int
    pending: int


def top_stories(period: Period, days: list[DayFigures], limit=TOP_STORIES) -> list[StoryRow]:
    """
    The stories with the most comments submitted in ``period``: chosen from each hour's
    busiest, then counted exactly, with their comments' status now (one query).
    """
    totals = Counter()
    for figure in days:
        totals.update(figure.stories)
    chosen = [article_id for article_id, _ in totals.most_common(limit)]
    if not chosen:
        return []
    story = Article.objects.filter(pk=OuterRef("article_id"))
    rows = (
        comments_in(period, period.start, period.end)
        .filter(article_id__in=chosen)
        .values("article_id")
        # Never COUNT(id): the index (article, status, submitted_at) answers it alone.
        .annotate(
            total=Count("*"),
            approved=Count("article_id", filter=Q(status=Comment.Status.APPROVED)),
            rejected=Count("article_id", filter=Q(status=Comment.Status.REJECTED)),
            pending=Count("article_id", filter=Q(status=PENDING)),
            # Looked up for the chosen stories only, not joined to every comment.
            headline=Subquery(story.values("headline")[:1]),
            slug=Subquery(story.values("slug")[:1]),
        )
        .order_by("-total", "article_id")[:limit]
    )
    return [StoryRow(**row) for row in rows]


# Everything the dashboard shows --------------------------------------------------------------


@dataclass
class Figures:
    period: Period
    now: QueueNow
    history: list[QueueDay]
    waits: Waits
    moderators: list[ModeratorRow]
    reversals: Reversals
    clauses: list[ClauseRow]
    stories: list[StoryRow]
    decisions_per_day: list[int]


def dashboard(period: Period) -> Figures:
    """
    Every figure of the dashboard in seven queries, however much data there is: the
    queue now, the five of read_spans(), the top stories.
    """
    now = queue_now(period)
    days = every_day(period)
    return Figures(
        period=period,
        now=now,
        history=queue_history(period, now, days),
        waits=time_to_decision(days),
        moderators=decisions_by_moderator(days),
        reversals=reversals(days),
        clauses=rejections_by_clause(days),
        stories=top_stories(period, days),
        decisions_per_day=[figure.decisions for figure in days],
    )


# The decision log ------------------------------------------------------------------------

LOG_COLUMNS = (
    ("decision", "pk"),
    ("decided_at", "decided_at"),
    ("action", "action"),
    ("reason", "reason"),
    ("previous_status", "previous_status"),
    ("moderator", "moderator__username"),
    ("comment", "comment_id"),
    ("submitted_at", "comment__submitted_at"),
    ("commenter_name", "comment__name"),
    ("story", "comment__article_id"),
    ("headline", "comment__article__headline"),
)


def decision_log(*, start=None, end=None, edition=None):
    """
    Every decision from ``start`` until before ``end`` (either may be None), oldest first;
    on the stories of ``edition`` (a code or a list of codes) when given.
    """
    decisions = Decision.objects.all()
    if edition is not None:
        codes = [edition] if isinstance(edition, str) else list(edition)
        decisions = decisions.filter(comment__article__edition__in=codes)
    if start is not None:
        decisions = decisions.filter(decided_at__gte=start)
    if end is not None:
        decisions = decisions.filter(decided_at__lt=end)
    return (
        decisions.order_by("decided_at", "pk")
        .values_list(*(column for _, column in LOG_COLUMNS))
        .iterator(chunk_size=2000)
    )
