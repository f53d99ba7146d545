"""The reader's search form."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import slugify

from .search import MAX_QUERY_LENGTH, SearchQueryError, parse_query

# Dates a newsroom's archive can hold: a day past the last one would not fit in a
# datetime (9999-12-31 + 1 day), which the search's "until" needs.
EARLIEST, LATEST = datetime.date(1800, 1, 1), datetime.date(9000, 12, 31)
DATE_RANGE = [
    MinValueValidator(EARLIEST, message="Choose a date after 1800."),
    MaxValueValidator(LATEST, message="Choose a date before the year 9000."),
]


class SearchForm(forms.Form):
    """
    The reader's search (GET): a query in web-search syntax and optional filters.
    A query that cannot be searched is an error on ``q`` with a message for readers.
    """

    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text='All words must match. "Quotes" for a phrase, -word to leave a word out, '
        "or between alternatives.",
    )
    section = forms.ChoiceField(label="Section", required=False)
    author = forms.ChoiceField(label="Author", required=False)
    tag = forms.CharField(label="Topic", required=False, max_length=100)
    since = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST, "max": LATEST}),
        validators=DATE_RANGE,
    )
    until = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST, "max": LATEST}),
        validators=DATE_RANGE,
    )

    def __init__(self, *args, sections=(), authors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [
            ("", "All sections"),
            *((section.slug, section.name) for section in sections),
        ]
        self.fields["author"].choices = [("", "All authors"), *authors]

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if query:
            try:
                parse_query(query)
            except SearchQueryError as error:
                raise forms.ValidationError(str(error)) from None
        return query

    def clean_tag(self):
        # Readers type a topic's name ("Port Elin"); tags are filtered by slug.
        return slugify(self.cleaned_data["tag"])

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return cleaned

    def filters(self):
        """The keyword arguments of search.search_articles() besides the query."""
        return {
            name: self.cleaned_data[name] or None
            for name in ("section", "author", "tag", "since", "until")
        }
