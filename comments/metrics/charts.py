"""
Charts drawn on the server as SVG: geometry here, markup in
templates/comments/includes/chart_*.html, colours in static/css/dashboard.css.

No script and no style attribute: the page keeps the strict CSP. Each chart has a
title and a one-sentence summary (its accessible name and description) and the data
table it was drawn from, shown beside it.

Coordinates are formatted here, as text, so the templates never localize a number
into an SVG attribute.
"""

import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 640
COLUMNS_HEIGHT = 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 12, 14, 30
BAR_ROW, BAR_LABEL_WIDTH = 26, 230
LABEL_CHARS = 34


def _n(value: float) -> str:
    """A coordinate as SVG wants it: at most one decimal, no locale."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_step(span: float, steps: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) that covers ``span`` in ``steps``."""
    raw = max(span / steps, 1e-9)
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power  # pragma: no cover - the loop always returns


def _axis(top_value: float, *, whole=True):
    step = nice_step(top_value or 1)
    if whole:
        step = max(1, math.ceil(step))
    count = max(1, math.ceil((top_value or 1) / step))
    return step * count, [step * n for n in range(count + 1)]


def number_label(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def duration_label(value: timedelta | None) -> str:
    """A wait as a moderator says it: "under a minute", "40 min", "3 h 5 min", "2 days 4 h"."""
    if value is None:
        return "–"
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return _("under a minute")
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    days, hours = divmod(hours, 24)
    return ngettext("%(days)d day %(hours)d h", "%(days)d days %(hours)d h", days) % {
        "days": days,
        "hours": hours,
    }


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Mark:
    """One bar or point: its geometry, and what it says when pointed at."""

    x: str
    y: str
    width: str = ""
    height: str = ""
    tip: str = ""


@dataclass
class Label:
    x: str
    y: str
    text: str


@dataclass
class Chart:
    slug: str  # ids: chart-<slug>-title, chart-<slug>-desc
    kind: str  # columns, bars or line: templates/comments/includes/chart_<kind>.html
    title: str
    description: str
    columns: list[str]  # the data table's headings
    rows: list[list[str]]  # the data table's cells, first column the row's name
    width: int = WIDTH
    height: int = COLUMNS_HEIGHT
    marks: list[Mark] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)  # categories
    values: list[Label] = field(default_factory=list)  # numbers at the bars' ends
    ticks: list[Label] = field(default_factory=list)  # the value axis
    grid: list[str] = field(default_factory=list)  # y (or x) of each grid line
    path: str = ""  # line charts
    empty: bool = False

    @property
    def template_name(self):
        return f"comments/includes/chart_{self.kind}.html"

    @property
    def plot_left(self):
        return _n(MARGIN_LEFT if self.kind != "bars" else BAR_LABEL_WIDTH)

    @property
    def plot_right(self):
        return _n(self.width - MARGIN_RIGHT)

    @property
    def plot_bottom(self):
        return _n(self.height - MARGIN_BOTTOM)


def _day_labels(days, xs):
    """Every day's label when they fit, else every other one (the last always)."""
    every = 1 if len(days) <= 8 else 2
    last = len(days) - 1
    return [
        Label(_n(x), _n(COLUMNS_HEIGHT - MARGIN_BOTTOM + 18), date_format(day, "M j"))
        for n, (day, x) in enumerate(zip(days, xs, strict=True))
        if (last - n) % every == 0
    ]


def _value_axis(chart, top, ticks, formatter):
    plot_height = chart.height - MARGIN_TOP - MARGIN_BOTTOM
    for tick in ticks:
        y = chart.height - MARGIN_BOTTOM - plot_height * tick / top
        chart.grid.append(_n(y))
        chart.ticks.append(Label(_n(MARGIN_LEFT - 6), _n(y + 4), formatter(tick)))


def columns(slug, title, description, days, values, *, unit, value_heading):
    """One column a day."""
    chart = Chart(
        slug=slug,
        kind="columns",
        title=title,
        description=description,
        columns=[_("Day"), value_heading],
        rows=[
            [date_format(day, "D j M"), number_label(v)]
            for day, v in zip(days, values, strict=True)
        ],
    )
    top, ticks = _axis(max(values, default=0))
    _value_axis(chart, top, ticks, number_label)
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = chart.height - MARGIN_TOP - MARGIN_BOTTOM
    band = plot_width / max(1, len(days))
    xs = []
    for n, (day, value) in enumerate(zip(days, values, strict=True)):
        height = plot_height * value / top
        x = MARGIN_LEFT + band * n + band * 0.15
        xs.append(MARGIN_LEFT + band * n + band / 2)
        chart.marks.append(
            Mark(
                x=_n(x),
                y=_n(chart.height - MARGIN_BOTTOM - height),
                width=_n(band * 0.7),
                height=_n(height),
                tip=f"{date_format(day, 'D j M')}: {number_label(value)} {unit}",
            )
        )
    chart.labels = _day_labels(days, xs)
    chart.empty = not any(values)
    return chart


def line(slug, title, description, days, values, *, formatter, value_heading, axis_unit=""):
    """A line through one point a day; a day without a value breaks the line."""
    chart = Chart(
        slug=slug,
        kind="line",
        title=title,
        description=description,
        columns=[_("Day"), value_heading],
        rows=[
            [date_format(day, "D j M"), formatter(v)] for day, v in zip(days, values, strict=True)
        ],
    )
    numbers = [v for v in values if v is not None]
    top, ticks = _axis(max(numbers, default=0), whole=False)
    _value_axis(chart, top, ticks, lambda tick: f"{number_label(tick)}{axis_unit}")
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = chart.height - MARGIN_TOP - MARGIN_BOTTOM
    band = plot_width / max(1, len(days))
    xs, path, pen_down = [], [], False
    for n, (day, value) in enumerate(zip(days, values, strict=True)):
        x = MARGIN_LEFT + band * n + band / 2
        xs.append(x)
        if value is None:
            pen_down = False
            continue
        y = chart.height - MARGIN_BOTTOM - plot_height * value / top
        path.append(f"{'L' if pen_down else 'M'}{_n(x)} {_n(y)}")
        pen_down = True
        chart.marks.append(
            Mark(x=_n(x), y=_n(y), tip=f"{date_format(day, 'D j M')}: {formatter(value)}")
        )
    chart.path = " ".join(path)
    chart.labels = _day_labels(days, xs)
    chart.empty = not numbers
    return chart


def bars(slug, title, description, items, *, name_heading, value_heading, extra=()):
    """
    One horizontal bar per (name, value) in ``items``, in their order. ``extra``: more
    table columns, (heading, one cell per item).
    """
    items = list(items)
    height = MARGIN_TOP + BAR_ROW * max(1, len(items)) + 8
    chart = Chart(
        slug=slug,
        kind="bars",
        title=title,
        description=description,
        columns=[name_heading, value_heading, *(heading for heading, _cells in extra)],
        rows=[
            [name, number_label(value), *(cells[n] for _heading, cells in extra)]
            for n, (name, value) in enumerate(items)
        ],
        height=height,
    )
    top = max((value for _name, value in items), default=0) or 1
    plot_width = WIDTH - BAR_LABEL_WIDTH - MARGIN_RIGHT - 48  # room for the value
    for n, (name, value) in enumerate(items):
        y = MARGIN_TOP + BAR_ROW * n
        width = plot_width * value / top
        chart.marks.append(
            Mark(
                x=_n(BAR_LABEL_WIDTH),
                y=_n(y),
                width=_n(width),
                height=_n(BAR_ROW - 8),
                tip=f"{name}: {number_label(value)}",
            )
        )
        chart.labels.append(Label(_n(BAR_LABEL_WIDTH - 8), _n(y + 13), short_label(name)))
        chart.values.append(Label(_n(BAR_LABEL_WIDTH + width + 6), _n(y + 13), number_label(value)))
    chart.empty = not any(value for _name, value in items)
    return chart


def hours(value: timedelta | None):
    return None if value is None else value.total_seconds() / 3600


def dashboard_charts(figures) -> list[Chart]:
    """The dashboard's charts, in the order the page shows them."""
    days = figures.period.days
    history = figures.history
    total_decisions = sum(figures.decisions_per_day)
    busiest = figures.moderators[0] if figures.moderators else None
    clauses = [row for row in figures.clauses if row.rejections] or figures.clauses
    top_clause = max(figures.clauses, key=lambda row: row.rejections, default=None)
    pending_now = history[-1].pending if history else 0
    return [
        columns(
            "pending",
            _("Comments waiting at the end of each day"),
            _("%(days)d days; %(first)s waiting at the end of the first day, %(now)s now.")
            % {
                "days": len(days),
                "first": number_label(history[0].pending if history else 0),
                "now": number_label(pending_now),
            },
            days,
            [day.pending for day in history],
            unit=_("waiting"),
            value_heading=_("Waiting"),
        ),
        line(
            "oldest",
            _("Longest wait in the queue at the end of each day, in hours"),
            _("The oldest comment still waiting at the end of each day; now %(now)s.")
            % {"now": duration_label(history[-1].oldest_age if history else None)},
            days,
            [hours(day.oldest_age) for day in history],
            formatter=lambda value: duration_label(
                None if value is None else timedelta(hours=value)
            ),
            value_heading=_("Longest wait"),
            axis_unit=" h",
        ),
        columns(
            "decisions",
            _("Decisions each day"),
            _("%(total)s decisions in %(days)d days.")
            % {"total": number_label(total_decisions), "days": len(days)},
            days,
            figures.decisions_per_day,
            unit=_("decisions"),
            value_heading=_("Decisions"),
        ),
        bars(
            "moderators",
            _("Decisions per moderator"),
            (
                _("%(name)s decided most: %(total)s, %(per_day)s a day on average.")
                % {
                    "name": busiest.name,
                    "total": number_label(busiest.total),
                    "per_day": number_label(round(busiest.total / len(days), 1)),
                }
                if busiest
                else _("No decisions in these days.")
            ),
            [(m.name, m.total) for m in figures.moderators],
            name_heading=_("Moderator"),
            value_heading=_("Decisions"),
            extra=[
                (
                    _("A day on average"),
                    [number_label(round(m.total / len(days), 1)) for m in figures.moderators],
                )
            ],
        ),
        bars(
            "clauses",
            _("Rejections per guideline"),
            (
                _("Most rejections were for %(clause)s: %(total)s.")
                % {"clause": top_clause.label, "total": number_label(top_clause.rejections)}
                if top_clause and top_clause.rejections
                else _("No rejections in these days.")
            ),
            [(row.label, row.rejections) for row in clauses],
            name_heading=_("Guideline"),
            value_heading=_("Rejections"),
        ),
        bars(
            "stories",
            _("Stories with the most comments"),
            (
                _("%(headline)s had the most comments: %(total)s.")
                % {
                    "headline": figures.stories[0].headline,
                    "total": number_label(figures.stories[0].total),
                }
                if figures.stories
                else _("No comments in these days.")
            ),
            [(story.headline, story.total) for story in figures.stories],
            name_heading=_("Story"),
            value_heading=_("Comments"),
            extra=[
                (_("Approved"), [number_label(s.approved) for s in figures.stories]),
                (_("Rejected"), [number_label(s.rejected) for s in figures.stories]),
                (_("Waiting"), [number_label(s.pending) for s in figures.stories]),
            ],
        ),
    ]
