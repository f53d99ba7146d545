"""Admin forms for editors: ordered inlines and the story form."""

import copy
import math

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import dateformat, timezone
from taggit.models import Tag
from taggit.utils import parse_tags

from articles.media.forms import ImageUploadsMixin, UploadedImageField
from articles.stories.models import Article, Author
from articles.stories.services import renumber

from .editor import BodyField
from .revisions import version_numbered, versions_of
from .workflow import check_transition


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


def _https_urls(db_field, **kwargs):
    # Profile addresses typed without a scheme are https, as Django 6 will assume.
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class AuthorAdminForm(ImageUploadsMixin, forms.ModelForm):
    image_fields = ("photo",)

    class Meta:
        model = Author
        formfield_callback = _https_urls
        fields = [
            "name",
            "slug",
            "role",
            "bio",
            "photo",
            "handle",
            "profile_url",
            "website",
            "email",
            "user",
        ]
        field_classes = {"photo": UploadedImageField}


def lock_saved_version(instance):
    """
    ``version``, ``modified_at`` and ``modified_by`` of ``instance``'s row as saved now,
    for forms that refuse a save over someone else's (a story, a front page). The admin
    saves in a transaction: the row stays locked until this save commits. The
    instance takes the newest number, so the save numbers on from it.
    """
    rows = type(instance)._default_manager.all()
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    current = rows.values("version", "modified_at", "modified_by").get(pk=instance.pk)
    instance.version = current["version"]
    return current


class TagsAutocomplete(AutocompleteSelectMultiple):
    """
    The tags box without select2's "clear all" cross: each tag has its own, and the
    cross is drawn inside the box's list of tags, which screen readers (and axe)
    then read as a list with a stray item.
    """

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-allow-clear"] = "false"
        return attrs


class ArticleAdminForm(ImageUploadsMixin, forms.ModelForm):
    """
    The story form. Besides the story's fields and its tags (existing ones, and new
    ones typed in), it keeps the workflow's rules: only the status changes the
    services allow (workflow.check_transition), and no lost edits: ``version`` is the
    story's version when the form was opened, and a save over a newer one stops with
    ``conflict`` set (who saved, when, where to look), keeping everything typed,
    unless the editor ticks ``overwrite``.
    """

    image_fields = ("hero_image",)

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
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False,
        label="Save anyway, replacing their changes",
        help_text="Your version of every field replaces theirs.",
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
        field_classes = {"body": BodyField, "hero_image": UploadedImageField}
        help_texts = {
            "body": "Paragraphs, subheadings, bold, italic, links (http, https, mailto), quotes "
            "and lists. Anything else is removed on save.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tags = self.fields["tags"]
        tags.widget = TagsAutocomplete(Article._meta.get_field("tags"), admin.site)
        tags.widget.choices = tags.choices
        if self.instance.pk:
            self.initial["tags"] = [tag.pk for tag in self.instance.tags.all()]
        self.conflict = None
        # The saved story, before this form's data is put on the instance.
        self.saved = copy.copy(self.instance)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_new_tags(self):
        names = parse_tags(self.cleaned_data["new_tags"])
        longest = Tag._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > longest]
        if too_long:
            raise ValidationError(
                f"A tag can be at most {longest} characters long; this one has "
                f"{len(too_long[0])}: “{too_long[0][:40]}…”. Separate tags with commas."
            )
        return names

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            # Choosing "Published" with no time means "publish now".
            cleaned["published_at"] = timezone.now()
            self.instance.published_at = cleaned["published_at"]
        self._check_transition(cleaned)
        self._check_version(cleaned)
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        existing = list(self.cleaned_data.get("tags") or [])
        self.instance.tags.set([*existing, *self.cleaned_data.get("new_tags", [])])

    def _check_transition(self, cleaned):
        status = cleaned.get("status") if "status" in self.fields else self.saved.status
        if not status:
            return  # the field has its own error
        published_at = self.saved.published_at
        if "published_at" in self.fields:
            published_at = cleaned.get("published_at")
        try:
            check_transition(article=self.saved, status=status, published_at=published_at)
        except ValidationError as error:
            self.add_error("status" if "status" in self.fields else None, error)

    def _check_version(self, cleaned):
        opened = cleaned.get("version")
        if not self.instance.pk or opened is None:
            return
        current = lock_saved_version(self.instance)
        if current["version"] == opened:
            return
        who = get_user_model().objects.filter(pk=current["modified_by"]).first()
        latest, start = versions_of(self.instance).first(), version_numbered(self.instance, opened)
        change_url = reverse("admin:articles_article_change", args=[self.instance.pk])
        self.conflict = {
            "who": (who.get_full_name() or who.get_username()) if who else "Someone",
            "when": timezone.localtime(current["modified_at"]),
            "latest_url": change_url,
            "compare_url": (
                reverse("admin:articles_article_compare", args=[self.instance.pk])
                + f"?from={start.pk}&to={latest.pk}"
                if latest and start and latest.pk != start.pk
                else ""
            ),
        }
        if not cleaned.get("overwrite"):
            when = dateformat.format(self.conflict["when"], "g:i:s a T")
            raise ValidationError(
                f"{self.conflict['who']} saved this story at {when}, after you opened it. "
                "Nothing was saved: your changes are still in the form below.",
                code="conflict",
            )
