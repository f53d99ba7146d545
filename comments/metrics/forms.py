"""The decision log's date range: local days, both ends included, either left open."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


class DecisionLogForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the first day as a date, like 2026-11-01.")},
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the last day as a date, like 2026-11-30.")},
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(
                    name,
                    gettext("Choose a day between %(first)s and %(last)s.")
                    % {"first": f"{EARLIEST:%Y-%m-%d}", "last": f"{LATEST:%Y-%m-%d}"},
                )
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", gettext("The last day is before the first day: swap them."))
        return cleaned

    def moments(self):
        """(start, end): the first day's midnight and the midnight after the last day."""
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        return (
            _midnight(start) if start else None,
            _midnight(end + timedelta(days=1)) if end else None,
        )

    def filename(self):
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        first = f"{start:%Y-%m-%d}" if start else "start"
        last = f"{end:%Y-%m-%d}" if end else f"{timezone.localdate():%Y-%m-%d}"
        return f"moderation-decisions-{first}-to-{last}.csv"


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))
