"""
The moderation dashboard and the decision log as CSV: for moderators and editors.

Who may see them: anyone who may moderate comments (the Moderator group) or publish
stories (the Editor group); other signed-in accounts get the 403 page, and readers
the sign-in page.
"""

import csv
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from comments import desks

from . import charts, queries
from .forms import DecisionLogForm

METRICS_PERMISSIONS = ("comments.moderate_comment", "articles.publish_article")


def may_see_metrics(user) -> bool:
    return user.is_active and any(user.has_perm(perm) for perm in METRICS_PERMISSIONS)


def metrics_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not may_see_metrics(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@method_decorator([never_cache, metrics_required], name="dispatch")
class DashboardView(TemplateView):
    """
    templates/comments/dashboard.html: the queue now and over the last days, how
    long comments wait for a decision, who decided what, reversals, rejections per
    guideline and the busiest stories.

    Context: ``figures`` (queries.Figures), ``charts`` (charts.Chart, in page order),
    ``median_wait``, ``p90_wait``, ``oldest_wait`` (labels), ``reversal_rate``
    (a percentage or None), ``log_form`` (the decision log's date range),
    ``edition_filter`` and ``edition_filters`` (``?edition=``: the figures of one
    edition; a desk member's own editions by default, comments.desks).
    """

    template_name = "comments/dashboard.html"

    def get_context_data(self, **kwargs):
        chosen, codes = desks.chosen_editions(
            self.request.user, self.request.GET.get("edition", "")
        )
        edition = None if codes is None else tuple(codes)
        figures = queries.dashboard(queries.Period.last_days(edition=edition))
        rate = figures.reversals.rate
        params = self.request.GET
        # A range the CSV link refused comes back here, to be shown with its errors.
        log_form = DecisionLogForm(params if {"start", "end"} & set(params) else None)
        if log_form.is_bound:
            log_form.is_valid()
        else:
            log_form.initial = {"start": figures.period.days[0], "end": figures.period.days[-1]}
        return super().get_context_data(
            figures=figures,
            charts=charts.dashboard_charts(figures),
            median_wait=charts.duration_label(figures.waits.median),
            p90_wait=charts.duration_label(figures.waits.p90),
            oldest_wait=charts.duration_label(figures.now.oldest_age(figures.period.end)),
            reversal_rate=None if rate is None else round(rate * 100, 1),
            log_form=log_form,
            edition_filter=chosen,
            edition_filters=desks.filter_options(self.request.user),
            **kwargs,
        )


# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet shows as typed: a formula-like start gets an apostrophe."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """csv.writer writes a row here and gets it back as the text to stream."""

    def write(self, value):
        return value


def _log_lines(rows):
    writer = csv.writer(_Echo())
    # The byte order mark tells spreadsheets the file is UTF-8 (Kurdish and Arabic names).
    yield "\ufeff" + writer.writerow([heading for heading, _ in queries.LOG_COLUMNS])
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


@require_GET
@never_cache
@metrics_required
def decision_log_csv(request):
    """
    Every decision as CSV, one row each, oldest first, streamed: ?start= and ?end=
    (local days, both included) and ?edition= narrow it (a desk member's editions only).
    A range that is not one goes back to the dashboard, which says what is wrong with it.
    """
    form = DecisionLogForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('comments:dashboard')}?{request.GET.urlencode()}#export")
    start, end = form.moments()
    _chosen, codes = desks.chosen_editions(request.user, request.GET.get("edition", ""))
    response = StreamingHttpResponse(
        _log_lines(queries.decision_log(start=start, end=end, edition=codes)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{form.filename()}"'
    return response
