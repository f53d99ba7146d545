"""
The moderation dashboard and the decision log: what editors and moderators read off
them matches the Decision table, within a fixed number of queries.
"""

import csv
import io
import re
import statistics
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.guidelines import GUIDELINES
from comments.metrics import charts, queries
from comments.metrics.views import spreadsheet_safe
from comments.models import Comment, DailyFigures, Decision
from tests.factories import logged_in, make_article, make_comment, make_staff

pytestmark = pytest.mark.django_db

DASHBOARD = "/moderation/dashboard/"
LOG = "/moderation/dashboard/decisions.csv"


def moderator_named(username, first_name, last_name=""):
    user = make_staff(username, group="Moderator")
    User.objects.filter(pk=user.pk).update(first_name=first_name, last_name=last_name)
    user.refresh_from_db()
    return user


def submitted(article, *, ago, **fields):
    return make_comment(article, submitted_at=timezone.now() - ago, **fields)


def decide(comment, moderator, action, *, ago, reason="", previous="pending"):
    """A decision made ``ago``, recorded as the services record one."""
    at = timezone.now() - ago
    status = "approved" if action == "approve" else "rejected"
    Comment.objects.filter(pk=comment.pk).update(
        status=status, decided_at=at, decided_by=moderator, rejection_reason=reason
    )
    return Decision.objects.create(
        comment_id=comment.pk,
        moderator=moderator,
        action=action,
        reason=reason,
        previous_status=previous,
        decided_at=at,
    )


@pytest.fixture
def newsroom():
    """Two weeks of moderation on two stories by three moderators, one reversal."""
    aras = moderator_named("aras", "ئاراس", "عەبدوڵڵا")
    layla = moderator_named("layla", "ليلى", "الحسيني")
    rosa = moderator_named("rosa", "Rosa", "Vidal")
    dam = make_article(headline="وەزیری ئاو: بەنداوی دووکان پڕ دەبێتەوە")
    port = make_article(headline="الميناء يفتح رصيفا جديدا")
    day, hour = timedelta(days=1), timedelta(hours=1)
    plan = [
        # story, submitted ago, moderator, action, reason, decided ago
        (dam, 12 * day, aras, "approve", "", 12 * day - 2 * hour),
        (dam, 11 * day, aras, "reject", "spam", 10 * day),
        (port, 9 * day, layla, "reject", "personal_attack", 9 * day - 30 * timedelta(minutes=1)),
        (port, 8 * day, layla, "approve", "", 6 * day),
        (dam, 5 * day + 4 * hour, rosa, "reject", "off_topic", 5 * day),
        (dam, 3 * day, aras, "approve", "", 3 * day - 5 * hour),
        (port, 2 * day, rosa, "approve", "", 2 * day - hour),
        (dam, 1 * day, layla, "reject", "spam", 20 * hour),
        (dam, 6 * hour, aras, "approve", "", 1 * hour),
    ]
    decided = []
    for n, (story, sent, who, action, reason, at) in enumerate(plan):
        comment = submitted(story, ago=sent, name=f"قارئ {n}")
        decide(comment, who, action, reason=reason, ago=at)
        decided.append(comment)
    # Approved four days ago, then taken down by another moderator: a reversal.
    reversed_comment = decided[5]
    decide(reversed_comment, rosa, "reject", reason="abuse", previous="approved", ago=2 * day)
    # Decided before the dashboard's days: counted nowhere but the log.
    old = submitted(port, ago=30 * day)
    decide(old, rosa, "approve", ago=29 * day)
    # Still waiting: one for nine days, one for an hour.
    submitted(dam, ago=9 * day + 3 * hour, name="هەژار")
    submitted(port, ago=hour)
    return {"moderators": [aras, layla, rosa], "stories": [dam, port]}


def figures_of(response):
    assert response.status_code == 200
    return response.context["figures"]


def test_dashboard_figures_match_the_decision_table(newsroom, moderator_client):
    figures = figures_of(moderator_client.get(DASHBOARD))
    period = figures.period
    in_period = [
        d for d in Decision.objects.select_related("comment") if d.decided_at >= period.start
    ]
    assert len(in_period) == 10

    # Decisions per moderator per day.
    expected = Counter((d.moderator_id, timezone.localdate(d.decided_at)) for d in in_period)
    shown = {
        (row.moderator_id, day): count
        for row in figures.moderators
        for day, count in zip(period.days, row.per_day, strict=True)
        if count
    }
    assert shown == dict(expected)
    assert {row.name for row in figures.moderators} == {
        "ئاراس عەبدوڵڵا",
        "ليلى الحسيني",
        "Rosa Vidal",
    }
    assert sum(figures.decisions_per_day) == 10

    # Rejections per guideline clause, every clause listed.
    rejections = Counter(d.reason for d in in_period if d.action == "reject")
    assert [row.code for row in figures.clauses] == [g.code for g in GUIDELINES]
    assert {row.code: row.rejections for row in figures.clauses if row.rejections} == rejections
    assert rejections == {"spam": 2, "personal_attack": 1, "off_topic": 1, "abuse": 1}

    # Reversals: decisions on comments already decided.
    first = [d for d in in_period if d.previous_status == "pending"]
    assert figures.reversals.reversed == 1
    assert figures.reversals.of_approvals == 1
    assert figures.reversals.first == len(first) == 9
    assert figures.reversals.rate == pytest.approx(1 / 9)

    # Time to a first decision: median and 90th percentile (linear, as percentile_cont).
    waits = sorted((d.decided_at - d.comment.submitted_at).total_seconds() for d in first)
    assert figures.waits.decided == 9
    assert figures.waits.median.total_seconds() == pytest.approx(statistics.median(waits))
    p90 = statistics.quantiles(waits, n=10, method="inclusive")[8]
    assert figures.waits.p90.total_seconds() == pytest.approx(p90)

    # The queue now, and at the end of each day, from submissions and first decisions.
    comments = list(Comment.objects.prefetch_related("decisions"))
    pending = [c for c in comments if c.status == "pending"]
    assert figures.now.pending == 2
    assert figures.now.oldest == min(c.submitted_at for c in pending)
    for day in figures.history:
        waiting = [
            c
            for c in comments
            if c.submitted_at <= day.at
            and not any(
                d.previous_status == "pending" and d.decided_at <= day.at for d in c.decisions.all()
            )
        ]
        assert day.pending == len(waiting), day.day
        assert day.oldest == min((c.submitted_at for c in waiting), default=None), day.day

    # Comments per story, the busiest first.
    since = [c for c in comments if c.submitted_at >= period.start]
    per_story = Counter(c.article_id for c in since)
    assert [(s.article_id, s.total) for s in figures.stories] == per_story.most_common()
    dam = newsroom["stories"][0]
    assert figures.stories[0].headline == dam.headline


def test_the_page_shows_the_figures_and_accessible_charts(newsroom, moderator_client):
    response = moderator_client.get(DASHBOARD)
    html = response.content.decode()
    assert re.search(r'data-figure="pending">\s*2<', html)
    assert re.search(r'data-figure="reversals">\s*1 ', html)
    assert "11.1% of first decisions" in html
    assert "ئاراس عەبدوڵڵا" in html and "الحسيني" in html
    assert "وەزیری ئاو" in html
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) == 6
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby=" in svg
    for slug in re.findall(r'aria-labelledby="chart-([\w-]+)-title', html):
        assert f'<title id="chart-{slug}-title">' in html
        assert f'<desc id="chart-{slug}-desc">' in html
    assert html.count('<details class="chart__data">') == 6
    # The CSP forbids inline styles and scripts: the charts are styled from a file.
    assert "style=" not in html
    assert "<script>" not in html
    assert "css/dashboard.css" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_an_empty_newsroom_has_a_dashboard(moderator_client):
    response = moderator_client.get(DASHBOARD)
    figures = figures_of(response)
    assert figures.now.pending == 0 and figures.waits.median is None
    assert figures.reversals.rate is None
    assert "No decisions in these days." in response.content.decode()


def test_a_very_long_kurdish_headline_is_shortened_in_the_chart_only(moderator, moderator_client):
    headline = "ڕاپۆرتی تایبەت لەسەر بەنداوەکانی کوردستان و ئاوی خواردنەوە " * 4
    article = make_article(headline=headline.strip()[:200])
    make_comment(article, status="approved", moderator=moderator)
    html = moderator_client.get(DASHBOARD).content.decode()
    label = charts.short_label(article.headline)
    assert label.endswith("…") and len(label) <= charts.LABEL_CHARS
    assert f">{label}</text>" in html
    assert f'<th scope="row" dir="auto">{article.headline}</th>' in html


# Query budgets ---------------------------------------------------------------------------

# Session, user, the user's permissions and the group permissions (who may see it),
# the user's desks (which editions it counts), the site's sections (navigation), then
# one query per figure, for every day not in the cache (today, at least): the queue
# now, first decisions with their waits, decisions per moderator per day, reversals
# per day, rejections per clause per day, each day's busiest stories with its number
# of comments; then the top stories.
DASHBOARD_QUERIES = 13
# Ended days the cache lost are read from DailyFigures (one query); those missing there
# too are read with today's and then stored (one more).
FROM_THE_TABLE = DASHBOARD_QUERIES + 1
INTO_THE_TABLE = DASHBOARD_QUERIES + 2


def spread_decisions(count, moderators):
    story = make_article()
    reasons = [g.code for g in GUIDELINES]
    for n in range(count):
        comment = submitted(story, ago=timedelta(days=n % 14, hours=3))
        action = "reject" if n % 3 == 0 else "approve"
        reason = reasons[n % len(reasons)] if action == "reject" else ""
        decide(
            comment,
            moderators[n % len(moderators)],
            action,
            reason=reason,
            ago=timedelta(days=n % 14, hours=1),
        )
        if n % 25 == 0:
            decide(
                comment,
                moderators[0],
                "reject",
                reason="spam",
                previous="approved",
                ago=timedelta(days=n % 14),
            )


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries_run:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries_run)


def test_dashboard_queries_do_not_grow_with_decisions(moderator_client):
    few = [moderator_named(f"few{n}", f"ئاراس {n}") for n in range(2)]
    spread_decisions(10, few)
    assert dashboard_queries(moderator_client) == INTO_THE_TABLE
    many = [moderator_named(f"many{n}", f"محمد {n}") for n in range(6)]
    spread_decisions(200, many)
    assert Decision.objects.count() > 200
    assert dashboard_queries(moderator_client) == DASHBOARD_QUERIES
    cache.clear()  # ended days read from the table, today again: the same queries
    assert dashboard_queries(moderator_client) == FROM_THE_TABLE
    assert dashboard_queries(moderator_client) == DASHBOARD_QUERIES  # and kept in the cache
    cache.clear()
    DailyFigures.objects.all().delete()  # every day read again: the same queries
    assert dashboard_queries(moderator_client) == INTO_THE_TABLE


def sql_from(client, since):
    """The SQL of one dashboard view that reads data from ``since`` on."""
    # SQLite's SQL shows the moment in UTC, PostgreSQL's in local time.
    moment = re.compile(
        "|".join(
            when.strftime("%Y-%m-%d[ T]%H:%M:%S")
            for when in (since.astimezone(UTC), timezone.localtime(since))
        )
    )
    with CaptureQueriesContext(connection) as queries_run:
        response = client.get(DASHBOARD)
    return figures_of(response), [q["sql"] for q in queries_run if moment.search(q["sql"])]


def test_ended_hours_are_read_once_and_the_current_hour_on_every_view(newsroom, moderator_client):
    period_start = queries.Period.last_days().start
    first, cold = sql_from(moderator_client, period_start)
    assert len(cold) == 6  # every day: five figures, and the top stories
    rosa = newsroom["moderators"][2]
    late = submitted(newsroom["stories"][1], ago=timedelta(seconds=30), name="آخر")
    decide(late, rosa, "reject", reason="threat", ago=timedelta(0))  # after the first view
    again, warm = sql_from(moderator_client, period_start)
    assert len(warm) == 1  # the top stories; the five figures read this hour only
    assert sum(again.decisions_per_day) == sum(first.decisions_per_day) + 1
    assert again.decisions_per_day[:-1] == first.decisions_per_day[:-1]
    assert again.waits.decided == first.waits.decided + 1
    assert {row.code: row.rejections for row in again.clauses}["threat"] == 1
    assert again.stories[0].total == first.stories[0].total  # the dam story, still first


# Ended days kept in the table -------------------------------------------------------------


def comparable(days):
    """DayFigures as compared: the waits of a day in any order."""
    return [(figure.day, sorted(figure.waits), {**vars(figure), "waits": None}) for figure in days]


def shown(figures):
    """Everything the dashboard shows, but the moment it was computed."""
    return (
        [(q.day, q.pending, q.oldest, q.arrived, q.decided) for q in figures.history],
        figures.waits,
        figures.moderators,
        figures.reversals,
        figures.clauses,
        figures.stories,
        figures.decisions_per_day,
    )


def test_ended_days_are_stored_once_and_equal_a_fresh_reading(newsroom):
    period = queries.Period.last_days()
    first = queries.every_day(period)  # cache and table empty: every day read, then stored
    ended, today = period.days[:-1], period.days[-1]
    until = dict(DailyFigures.objects.values_list("day", "until"))
    assert sorted(day for day in until if day < today) == list(ended)
    assert all(until[day] == queries.midnight(day + timedelta(days=1)) for day in ended)

    # Each stored day equals its figures read afresh from the comments and decisions,
    # and today's row its hours ended (when today has one yet).
    spans = [
        (queries.midnight(day), queries.midnight(day + timedelta(days=1)), None) for day in ended
    ]
    today_from = queries.midnight(today)
    if today in until:
        spans.append((today_from, until[today], None))
        today_from = until[today]
    fresh = queries.read_spans(period, [*spans, (today_from, period.end, None)])
    stored = queries.stored_days(period, period.days)
    assert comparable(stored[figure.day][1] for figure in fresh[: len(spans)]) == comparable(
        fresh[: len(spans)]
    )
    assert sum(figure.decisions for figure in fresh) == 10

    # The cache lost: the ended days come from the table, today only is read again.
    cache.clear()
    with CaptureQueriesContext(connection) as queries_run:
        again = queries.every_day(period)
    assert comparable(again) == comparable(first)
    sql = [q["sql"] for q in queries_run]
    assert sum("comments_dailyfigures" in q for q in sql) == 1  # one read, nothing written
    assert len(sql) == 6  # the table, then the five figures of the current hour's blocks
    computed = set(DailyFigures.objects.values_list("computed_at", flat=True))
    assert len(computed) == 1  # written once


def test_today_s_ended_hours_come_from_the_table_after_a_cache_loss(newsroom):
    yesterday = timezone.localdate() - timedelta(days=1)
    period = queries.Period.last_days(
        now=queries.midnight(timezone.localdate()) - timedelta(minutes=2)
    )
    assert period.days[-1] == yesterday  # viewed at 23:58 yesterday
    first = queries.every_day(period)
    assert not DailyFigures.objects.filter(day=yesterday).exists()  # yesterday has ended
    # As a view at 23:58 yesterday stored it.
    in_23_hours = timezone.make_aware(
        datetime.combine(yesterday, datetime.min.time()).replace(hour=23)
    )
    hours = queries.read_spans(
        period, [(queries.midnight(yesterday), in_23_hours, None), (in_23_hours, period.end, None)]
    )
    queries.store_days(period, [(hours[0], in_23_hours)])
    row = DailyFigures.objects.get(day=yesterday)
    cache.clear()
    with CaptureQueriesContext(connection) as queries_run:
        again = queries.every_day(period)
    assert comparable(again) == comparable(first)
    assert len(queries_run) == 6  # the table, then the five figures of 23:00 to 23:58
    with CaptureQueriesContext(connection) as queries_run:
        assert comparable(queries.every_day(period)) == comparable(first)
    assert len(queries_run) == 5  # kept in the cache again: the table is not read
    # Once the day has ended, its row of 23 hours is replaced by the whole day's.
    cache.clear()
    queries.every_day(queries.Period.last_days())
    row.refresh_from_db()
    assert row.until == queries.midnight(timezone.localdate())


def test_a_day_is_attributed_by_each_row_s_own_time(newsroom):
    """A decision made today on a comment submitted days ago changes today's figures only."""
    period = queries.Period.last_days()
    first = queries.every_day(period)
    kept = dict(DailyFigures.objects.values_list("day", "figures"))
    old = submitted(newsroom["stories"][0], ago=timedelta(days=4), name="قدیم")
    cache.clear()
    after_comment = queries.every_day(queries.Period.last_days())
    # A comment submitted days ago (as in a test or an import) would count on its own
    # day: only through the table's rows of ended days, kept as they were.
    assert dict(DailyFigures.objects.values_list("day", "figures")) == kept
    assert comparable(after_comment) == comparable(first)
    decide(old, newsroom["moderators"][2], "approve", ago=timedelta(0))
    cache.clear()
    again = queries.every_day(queries.Period.last_days())
    assert [f.decisions for f in again[:-1]] == [f.decisions for f in first[:-1]]
    assert again[-1].decisions == first[-1].decisions + 1
    assert again[-1].decided == first[-1].decided + 1
    assert max(again[-1].waits) >= 4 * 86400  # its wait, counted the day it was decided


def test_two_views_storing_the_same_day_at_once_do_not_fail(
    newsroom, moderator_client, monkeypatch
):
    before = shown(figures_of(moderator_client.get(DASHBOARD)))  # stores the ended days
    ended = DailyFigures.objects.filter(day__lt=timezone.localdate())
    assert ended.count() == queries.DAYS - 1
    # The other view's interleaving: it found no row, read the days, and stores them
    # after this one did (and over a row of an older CACHE_VERSION).
    DailyFigures.objects.filter(day=queries.Period.last_days().days[0]).update(version=0)
    monkeypatch.setattr(queries, "stored_days", lambda period, days: {})
    cache.clear()
    assert shown(figures_of(moderator_client.get(DASHBOARD))) == before
    assert ended.count() == queries.DAYS - 1
    assert set(DailyFigures.objects.values_list("version", flat=True)) == {queries.CACHE_VERSION}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="This test needs PostgreSQL (set DATABASE_URL): SQLite's in-memory test database "
    "serialises concurrent writers (the interleaving is tested above).",
)
def test_two_threads_storing_the_same_days_at_once(newsroom, monkeypatch):
    period = queries.Period.last_days()
    together = threading.Barrier(2)
    read, store = queries.stored_days, queries.store_days

    def both(function):
        def at_once(*args):
            together.wait(timeout=30)  # both missed the cache; then both write at once
            return function(*args)

        return at_once

    monkeypatch.setattr(queries, "stored_days", both(read))
    monkeypatch.setattr(queries, "store_days", both(store))
    results, errors = [], []

    def view():
        try:
            results.append(queries.every_day(period))
        except Exception as error:  # surfaced below; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=view) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert comparable(results[0]) == comparable(results[1])
    ended = DailyFigures.objects.filter(day__lt=period.days[-1])
    assert ended.count() == queries.DAYS - 1


def test_the_figures_are_the_same_from_the_table_the_cache_or_the_decisions(
    newsroom, moderator_client
):
    cold = shown(figures_of(moderator_client.get(DASHBOARD)))  # nothing kept yet
    warm = shown(figures_of(moderator_client.get(DASHBOARD)))  # the cache
    cache.clear()
    from_table = shown(figures_of(moderator_client.get(DASHBOARD)))  # the table
    assert cold == warm == from_table
    assert sum(cold[-1]) == 10


# Who may see it --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [DASHBOARD, LOG])
def test_moderators_and_editors_see_the_metrics(path, moderator_client, editor_client):
    assert moderator_client.get(path).status_code == 200
    assert editor_client.get(path).status_code == 200


@pytest.mark.parametrize("path", [DASHBOARD, LOG])
def test_reporters_and_other_accounts_are_refused(path, reporter_client, db):
    response = reporter_client.get(path)
    assert response.status_code == 403
    assert "This page is not open to your account" in response.content.decode()
    reader = User.objects.create_user("reader", password="a-long-test-password")
    assert logged_in(reader).get(path).status_code == 403


@pytest.mark.parametrize("path", [DASHBOARD, LOG])
def test_readers_are_asked_to_sign_in(path, client, db):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_the_queue_links_to_the_dashboard(moderator_client):
    assert 'href="/moderation/dashboard/"' in moderator_client.get("/moderation/").content.decode()


# The decision log as CSV -----------------------------------------------------------------


def read_log(response):
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_log_has_one_row_per_decision(newsroom, moderator_client):
    rows = read_log(moderator_client.get(LOG))
    assert rows[0] == [
        "decision",
        "decided_at",
        "action",
        "reason",
        "previous_status",
        "moderator",
        "comment",
        "submitted_at",
        "commenter_name",
        "story",
        "headline",
    ]
    assert len(rows) - 1 == Decision.objects.count() == 11
    assert [int(row[0]) for row in rows[1:]] == list(
        Decision.objects.order_by("decided_at", "pk").values_list("pk", flat=True)
    )
    reversal = next(row for row in rows[1:] if row[4] == "approved")
    assert reversal[2:6] == ["reject", "abuse", "approved", "rosa"]
    assert "وەزیری ئاو: بەنداوی دووکان پڕ دەبێتەوە" in {row[10] for row in rows}
    # Emails and sender hashes are not in it.
    text = "\n".join(",".join(row) for row in rows)
    assert "@example.org" not in text


def test_the_log_narrows_to_local_days(newsroom, moderator_client):
    today = timezone.localdate()
    start, end = today - timedelta(days=6), today - timedelta(days=2)
    rows = read_log(moderator_client.get(LOG, {"start": f"{start}", "end": f"{end}"}))
    expected = [
        d.pk
        for d in Decision.objects.order_by("decided_at", "pk")
        if start <= timezone.localdate(d.decided_at) <= end
    ]
    assert expected and [int(row[0]) for row in rows[1:]] == expected
    response = moderator_client.get(LOG, {"start": f"{start}"})
    assert 'filename="moderation-decisions-' in response["Content-Disposition"]


def test_formula_looking_names_are_neutralised(moderator, moderator_client):
    story = make_article(headline="@channel =SUM(A1) story")
    names = [
        '=HYPERLINK("http://evil.example","click")',
        "+1 555 0100",
        "-2+3",
        "@SUM(1+1)",
        "\tTabbed",
        "ئاراس = ناو",
        "Word “smart” quotes\u200f",
    ]
    for name in names:
        make_comment(story, name=name, status="approved", moderator=moderator)
    rows = read_log(moderator_client.get(LOG))[1:]
    assert [row[8] for row in rows] == [
        '\'=HYPERLINK("http://evil.example","click")',
        "'+1 555 0100",
        "'-2+3",
        "'@SUM(1+1)",
        "'\tTabbed",
        "ئاراس = ناو",
        "Word “smart” quotes\u200f",
    ]
    assert {row[10] for row in rows} == {"'@channel =SUM(A1) story"}
    assert spreadsheet_safe(None) == "" and spreadsheet_safe(42) == "42"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start": "30/11/2026"}, "Enter the first day as a date, like 2026-11-01."),
        ({"end": "tomorrow"}, "Enter the last day as a date, like 2026-11-30."),
        ({"start": "2026-11-20", "end": "2026-11-01"}, "The last day is before the first day"),
        ({"start": "0001-01-01"}, "Choose a day between 2000-01-01 and 2999-12-31."),
        ({"end": "9999-12-31"}, "Choose a day between 2000-01-01 and 2999-12-31."),
        ({"start": "٢٠٢٦-١١-٠١"}, "Enter the first day as a date"),
        ({"start": "2026-11-01\x00"}, "Enter the first day as a date"),
    ],
)
def test_a_range_that_is_not_one_is_explained_on_the_dashboard(params, message, moderator_client):
    response = moderator_client.get(LOG, params)
    assert response.status_code == 302
    assert response["Location"].startswith(DASHBOARD + "?")
    page = moderator_client.get(response["Location"])
    assert page.status_code == 200
    assert message in page.content.decode()


# The pieces ------------------------------------------------------------------------------


def test_percentile_interpolates_as_percentile_cont():
    assert queries.percentile([], 0.5) is None
    assert queries.percentile([7], 0.9) == 7
    assert queries.percentile([1, 2, 3, 4], 0.5) == 2.5
    assert queries.percentile(list(range(11)), 0.9) == 9
    assert queries.percentile([10, 20], 0.9) == pytest.approx(19)


def test_durations_read_as_a_moderator_says_them():
    assert charts.duration_label(None) == "–"
    assert charts.duration_label(timedelta(seconds=20)) == "under a minute"
    assert charts.duration_label(timedelta(minutes=40)) == "40 min"
    assert charts.duration_label(timedelta(hours=3, minutes=5)) == "3 h 5 min"
    assert charts.duration_label(timedelta(days=1, hours=4)) == "1 day 4 h"
    assert charts.duration_label(timedelta(days=9, hours=3)) == "9 days 3 h"


def test_an_hour_keeps_its_busiest_stories_but_counts_every_comment(
    newsroom, moderator_client, monkeypatch
):
    monkeypatch.setattr(queries, "STORIES_PER_HOUR", 1)
    figures = figures_of(moderator_client.get(DASHBOARD))
    since = Comment.objects.filter(submitted_at__gte=figures.period.start)
    arrivals = Counter(timezone.localdate(c.submitted_at) for c in since)
    assert {day.day: day.arrived for day in figures.history if day.arrived} == arrivals


def local(*args):
    return timezone.make_aware(datetime(*args))  # noqa: DTZ001 (local time, made aware)


def test_an_hour_is_kept_only_once_it_has_surely_ended():
    # Two minutes past midnight: yesterday's last hour may still get a decision
    # committed late, so it is read again, not kept.
    now = local(2026, 11, 30, 0, 1)
    period = queries.Period.last_days(now=now)
    cut = timezone.localtime(now - queries.ENDED_AFTER).replace(minute=0)
    spans = queries.ended_spans(period, cut)
    whole_days = [span for span in spans if span[1] - span[0] >= timedelta(hours=23)]
    assert len(whole_days) == 12
    assert spans[-1][:2] == (local(2026, 11, 29, 22), local(2026, 11, 29, 23))


def test_a_day_with_a_clock_change_has_25_hours(settings):
    settings.TIME_ZONE = "America/New_York"  # summer time ended on 2026-11-01
    period = queries.Period.last_days(now=local(2026, 11, 1, 23, 30))
    spans = queries.ended_spans(period, local(2026, 11, 1, 23))
    hours = [span for span in spans if span[0] >= local(2026, 11, 1, 0)]
    assert len(hours) == 24  # 00:00 to 23:00, 1 o'clock twice
    assert all(end - start == timedelta(hours=1) for start, end, _ in hours)
