"""Admin forms for editors: ordered inlines and the story form."""

import copy
import json

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from taggit.utils import parse_tags

from articles.editions import registry
from articles.media.forms import ImageUploadsMixin, UploadedImageField
from articles.stories.models import Article, Author, Section
from articles.stories.services import renumber

from .desks import desk_editions, direct_text_fields, edition_choices, text_attrs
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
        label=_("Order"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "vIntegerField position-input"}),
        help_text=_("Blank puts the row last."),
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
            # goes before the unchanged row holding that number. A row left without a
            # number stays where it stands on the page (the browser numbers only the
            # rows it adds, so blank rows above a numbered one must not sink below it).
            index, form = item
            order = form.cleaned_data.get("order")
            moved = order is not None and order != form.fields["order"].initial
            return (order if order is not None else index + 1, not moved, index)

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
        labels = {
            "name": _("Name"),
            "slug": _("Slug"),
            "role": _("Role"),
            "bio": _("Bio"),
            "photo": _("Photo"),
            "handle": _("Handle"),
            "profile_url": _("Profile address"),
            "website": _("Website"),
            "email": _("Email"),
            "user": _("Staff account"),
        }
        help_texts = {
            "role": _('Shown under the name, e.g. "Courts reporter".'),
            "handle": _("Public social handle, e.g. @name."),
            "profile_url": _("Where the handle lives, e.g. the profile page's address."),
            "email": _("Private: never shown on the site."),
            "user": _("The staff account of this author; leave empty for guest contributors."),
        }


class SectionAdminForm(forms.ModelForm):
    """A section of one edition (its desk's), named in that edition's language."""

    class Meta:
        model = Section
        fields = ["edition", "name", "slug", "description", "position"]
        labels = {
            "name": _("Name"),
            "slug": _("Slug"),
            "description": _("Description"),
            "position": _("Position"),
        }
        help_texts = {
            "description": _("One or two sentences for the section page."),
            "position": _("Order in the navigation: lower comes first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            direct_text_fields(self, self.instance.edition, ["name", "description"])


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


# The story's own words: written in its edition's language and direction, whatever
# language the editor's admin is in.
EDITION_TEXT_FIELDS = (
    "headline",
    "dek",
    "dateline",
    "body",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "new_tags",
)


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
        label=_("Tags"),
        help_text=_("Start typing to find an existing tag."),
    )
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        help_text=_("Tags that do not exist yet, separated by commas."),
    )
    edition = forms.ChoiceField(
        label=_("Edition"),
        choices=registry.choices,
        help_text=_(
            "The desk the story is written for: its language, its direction and its "
            "address. The text fields below follow it."
        ),
        widget=forms.Select,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        required=False,
        label=_("Save anyway, replacing their changes"),
        help_text=_("Your version of every field replaces theirs."),
    )
    # Set per request by the admin (ArticleAdmin.get_form): whose desks to offer.
    user = None

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
            "edition",
            "translation_of",
        ]
        field_classes = {"body": BodyField, "hero_image": UploadedImageField}
        # The model names its fields in English; the admin speaks the editor's language.
        labels = {
            "headline": _("Headline"),
            "slug": _("Slug"),
            "dek": _("Dek"),
            "section": _("Section"),
            "dateline": _("Dateline"),
            "body": _("Body"),
            "hero_image": _("Hero image"),
            "hero_alt": _("Hero image alt text"),
            "hero_caption": _("Hero caption"),
            "hero_credit": _("Hero credit"),
            "status": _("Status"),
            "published_at": _("Publish time"),
            "updated_at": _("Updated"),
            "comments_enabled": _("Comments open"),
        }
        help_texts = {
            "slug": _("The end of the story's address. Changing it later keeps old links working."),
            "dek": _("The summary line under the headline."),
            "dateline": _('Where the story was reported, e.g. "WASHINGTON DC, United States".'),
            "body": _(
                "Paragraphs, subheadings, bold, italic, links (http, https, mailto), quotes "
                "and lists. Anything else is removed on save."
            ),
            "hero_alt": _(
                "What the image shows, for readers who cannot see it. Required with an image."
            ),
            "hero_credit": _("e.g. Photo: Jane Doe"),
            "published_at": _(
                "A future time schedules the story: it goes live then, with nothing else to do."
            ),
            "updated_at": _('Shown to readers as "Updated" when set after the publish time.'),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_edition()
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

    def _set_up_edition(self):
        """Desks' editions only; the text fields in the story's language and direction."""
        field = self.fields["edition"]
        field.choices = edition_choices(self.user)
        codes = [code for code, _name in field.choices]
        if self.instance.pk and self.instance.edition not in codes:
            # Shown as it is; a staff member outside its desk cannot open it anyway.
            field.choices = [*field.choices, (self.instance.edition, self.instance.edition)]
        # static/js/admin-edition-fields.js turns the text fields when the edition changes.
        field.widget.attrs["data-edition-text-attrs"] = json.dumps(
            {code: text_attrs(code) for code, _name in field.choices}
        )
        direct_text_fields(self, self.current_edition, EDITION_TEXT_FIELDS)
        if "translation_of" in self.fields:
            original = self.fields["translation_of"]
            counterparts = (
                self.instance.counterparts() if self.instance.pk else Article.objects.none()
            )
            desks = desk_editions(self.user)
            if desks is not None:
                # Another desk's unpublished draft is theirs to read, not this form's.
                counterparts = counterparts.filter(
                    models.Q(edition__in=desks)
                    | models.Q(pk__in=Article.objects.published().values("pk"))
                    # The story it is marked as translating stays chosen, or this
                    # desk's next save would clear the mark another desk made.
                    | models.Q(pk=self.instance.translation_of_id)
                )
            original.queryset = counterparts
            widget = original.widget
            # Counterparts are added and linked from the box at the top of the page.
            for name in ("can_add_related", "can_change_related", "can_view_related"):
                if hasattr(widget, name):
                    setattr(widget, name, False)
            original.label = _("Translation of")
            original.help_text = _(
                "If this story is a translation, the counterpart it translates. Link the "
                "stories as counterparts first."
            )

    @property
    def current_edition(self):
        """The edition the form is showing: as posted, else as saved, else the initial one."""
        if self.is_bound:
            posted = self.data.get(self.add_prefix("edition"))
            if posted in registry.codes():
                return posted
        if self.instance.pk:
            return self.instance.edition
        return (
            self.get_initial_for_field(self.fields["edition"], "edition") or registry.default().code
        )

    def clean_new_tags(self):
        names = parse_tags(self.cleaned_data["new_tags"])
        longest = Tag._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > longest]
        if too_long:
            raise ValidationError(
                gettext(
                    "A tag can be at most %(longest)s characters long; this one has "
                    "%(length)s: “%(tag)s…”. Separate tags with commas."
                )
                % {"longest": longest, "length": len(too_long[0]), "tag": too_long[0][:40]}
            )
        return names

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            # Choosing "Published" with no time means "publish now".
            cleaned["published_at"] = timezone.now()
            self.instance.published_at = cleaned["published_at"]
        self._check_edition(cleaned)
        self._check_transition(cleaned)
        self._check_version(cleaned)
        return cleaned

    def _check_edition(self, cleaned):
        edition, section = cleaned.get("edition"), cleaned.get("section")
        if not edition:
            return
        if edition not in registry.codes():
            # A story of an edition since removed from settings: it must move somewhere.
            self.add_error(
                "edition",
                ValidationError(
                    gettext("The edition “%(code)s” no longer exists: choose one of the others.")
                    % {"code": edition},
                    code="edition_gone",
                ),
            )
            return
        name = registry.get(edition).english_name
        if section is not None and section.edition != edition:
            self.add_error(
                "section",
                ValidationError(
                    gettext(
                        "“%(section)s” is a section of another edition. Choose a section "
                        "of %(edition)s, the story’s edition."
                    )
                    % {"section": section, "edition": name},
                    code="section_edition",
                ),
            )
        group = self.instance.story_group_id
        if group and edition != self.saved.edition:
            taken = Article.objects.filter(story_group=group, edition=edition).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                self.add_error(
                    "edition",
                    gettext(
                        "This story’s event already has a story in %(edition)s: unlink "
                        "one of them before moving this one there."
                    )
                    % {"edition": name},
                )
        original = cleaned.get("translation_of")
        if original is not None and original.edition == edition:
            self.add_error(
                "translation_of",
                gettext("A translation is in another edition than the story it translates."),
            )

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
            "who": (who.get_full_name() or who.get_username()) if who else gettext("Someone"),
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
                gettext(
                    "%(who)s saved this story at %(when)s, after you opened it. "
                    "Nothing was saved: your changes are still in the form below."
                )
                % {"who": self.conflict["who"], "when": when},
                code="conflict",
            )
