"""Admin forms for editors: ordered inlines and the story form."""

import math

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from taggit.utils import parse_tags

from .models import Article
from .search import MAX_QUERY_LENGTH, SearchQueryError, parse_query
from .services import renumber


class PositionedForm(forms.ModelForm):
    """
    A row of an ordered inline. Editors type (or the reorder buttons fill in) a
    number; the formset turns the numbers into positions 1..n on save, so nobody
    renumbers by hand and ties or gaps never matter.
    """

    order = forms.IntegerField(
        label="Order",
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "vIntegerField position-input"}),
        help_text="Blank puts the row last.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["order"].initial = self.instance.position


class PositionedInlineFormSet(forms.BaseInlineFormSet):
    def kept_forms_in_order(self):
        deleted = set(self.deleted_forms) if self.can_delete else set()
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if form not in deleted and (form.instance.pk or form.has_changed())
        ]

        def sort_key(item):
            # Typing 2 on a row puts it at place 2: a row whose number changed
            # goes before the unchanged row holding that number.
            index, form = item
            order = form.cleaned_data.get("order")
            moved = order is not None and order != form.fields["order"].initial
            return (order if order is not None else math.inf, not moved, index)

        return [form for _, form in sorted(kept, key=sort_key)]

    def save(self, commit=True):
        ordered = self.kept_forms_in_order()
        siblings = self.model._default_manager.filter(**{self.fk.name: self.instance})
        top = siblings.aggregate(top=Max("position"))["top"] or 0
        for step, form in enumerate(ordered, start=1):
            if form.instance.pk is None or form.has_changed():
                # A free slot above every current position; renumber() tidies up after.
                form.instance.position = top + step
        saved = super().save(commit=commit)
        if commit:
            renumber(siblings, [form.instance.pk for form in ordered])
        return saved


class TurnInlineFormSet(PositionedInlineFormSet):
    """Offers only this interview's participants as speakers, fetched once per page."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not hasattr(self, "_speaker_choices"):
            queryset = form.fields["participant"].queryset.filter(interview=self.instance.pk)
            self._speaker_queryset = queryset
            self._speaker_choices = [("", "---------")] + [(p.pk, p.label) for p in queryset]
        field = form.fields["participant"]
        field.queryset = self._speaker_queryset
        field.choices = self._speaker_choices


class ArticleAdminForm(forms.ModelForm):
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(),
        required=False,
        help_text="Start typing to find an existing tag.",
    )
    new_tags = forms.CharField(
        label="New tags",
        required=False,
        help_text="Tags that do not exist yet, separated by commas.",
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "dek",
            "section",
            "dateline",
            "body",
            "tags",
            "hero_image",
            "hero_alt",
            "hero_caption",
            "hero_credit",
            "status",
            "published_at",
            "updated_at",
            "comments_enabled",
            "language",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tags = self.fields["tags"]
        tags.widget = AutocompleteSelectMultiple(Article._meta.get_field("tags"), admin.site)
        tags.widget.choices = tags.choices
        if self.instance.pk:
            self.initial["tags"] = [tag.pk for tag in self.instance.tags.all()]

    def clean_new_tags(self):
        return parse_tags(self.cleaned_data["new_tags"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            # Choosing "Published" with no time means "publish now".
            cleaned["published_at"] = timezone.now()
            self.instance.published_at = cleaned["published_at"]
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        existing = list(self.cleaned_data.get("tags") or [])
        self.instance.tags.set([*existing, *self.cleaned_data.get("new_tags", [])])


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
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
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
