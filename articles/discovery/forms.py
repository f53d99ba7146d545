"""The reader's search form."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH, SearchQueryError, parse_query

# Dates a newsroom's archive can hold: a day past the last one would not fit in a
# datetime (9999-12-31 + 1 day), which the search's "until" needs.
EARLIEST, LATEST = datetime.date(1800, 1, 1), datetime.date(9000, 12, 31)
DATE_RANGE = [
    MinValueValidator(EARLIEST, message=_("Choose a date after 1800.")),
    MaxValueValidator(LATEST, message=_("Choose a date before the year 9000.")),
]


class SearchForm(forms.Form):
    """
    The reader's search (GET): a query in web-search syntax and optional filters.
    A query that cannot be searched is an error on ``q`` with a message for readers.
    ``rules`` are the search rules of the edition searched (its words are read with them).
    """

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        # Translators: "or" is the English word readers type between alternatives; keep
        # it as "or" (the search reads no other language's word for it).
        help_text=_(
            'All words must match. "Quotes" for a phrase, -word to leave a word out, '
            "or between alternatives."
        ),
    )
    section = forms.ChoiceField(label=_("Section"), required=False)
    author = forms.ChoiceField(label=_("Author"), required=False)
    tag = forms.CharField(label=_("Topic"), required=False, max_length=100)
    since = forms.DateField(
        # Translators: the first day of a date range in the search form.
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST, "max": LATEST}),
        validators=DATE_RANGE,
    )
    until = forms.DateField(
        # Translators: the last day of a date range in the search form.
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST, "max": LATEST}),
        validators=DATE_RANGE,
    )

    def __init__(self, *args, sections=(), authors=(), rules="english", **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.fields["section"].choices = [
            ("", gettext("All sections")),
            *((section.slug, section.name) for section in sections),
        ]
        self.fields["author"].choices = [("", gettext("All authors")), *authors]

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if query:
            try:
                parse_query(query, self.rules)
            except SearchQueryError as error:
                raise forms.ValidationError(str(error)) from None
        return query

    def clean_tag(self):
        # Readers type a topic's name ("Port Elin", "هەولێر"); tags are filtered by slug.
        return slugify(self.cleaned_data["tag"], allow_unicode=True)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", gettext("The end date is before the start date."))
        return cleaned

    def filters(self):
        """The keyword arguments of search.search_articles() besides the query."""
        return {
            name: self.cleaned_data[name] or None
            for name in ("section", "author", "tag", "since", "until")
        }
