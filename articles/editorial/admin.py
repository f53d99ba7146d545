"""
The editors' admin: sections, authors and stories (bylines, interview, corrections,
share-draft links), the status flow's actions and buttons, and revisions (history,
compare, restore) with edit conflicts. The rules live in the models' querysets and
the services (workflow, corrections, share_links, restore); this module decides
which person may use them from which page.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from articles.editions import registry
from articles.editions import services as counterparts
from articles.editions.models import limit_to_desks
from articles.interviews.models import Interview
from articles.stories.models import (
    Article,
    Author,
    Byline,
    Correction,
    Section,
    is_editor,
    is_reporter,
)
from articles.stories.services import ensure_byline

from . import revisions, workflow
from .corrections import add_correction
from .desks import default_edition, edition_choices, in_desks, text_attrs
from .forms import (
    ArticleAdminForm,
    AuthorAdminForm,
    PositionedForm,
    PositionedInlineFormSet,
    SectionAdminForm,
)
from .models import ShareLink
from .restore import restore_revision
from .revisions import local_label
from .share_links import create_share_link, revoke_share_link

REORDER_JS = "js/admin-reorder.js"

# The story's status and states as the admin names them (Article.Status and
# Article.STATES name them in English only).
STATUS_LABELS = {
    "draft": _("Draft"),
    "in_review": _("In review"),
    "published": _("Published"),
    "unpublished": _("Unpublished"),
}
STATE_LABELS = {
    "draft": _("Draft"),
    "in_review": _("In review"),
    "scheduled": _("Scheduled"),
    "live": _("Live"),
    "unpublished": _("Unpublished"),
}
LINK_STATES = {
    "expired": _("Expired: the link no longer works."),
    "revoked": _("Revoked: the link no longer works."),
}
NEWSROOM_ZONE = timezone.get_default_timezone_name().replace("_", " ")


class LabelledInline:
    """
    Inline rows named for what they are ("Hana Amin, interviewer"), not by the
    model's full name, which names the story again on a page that is the story; and
    no "View on site" link on every row. The page's admin sets ``row_label`` on each
    saved row (InlineLabelsMixin); the templates show it.
    """

    view_on_site = False

    def row_label(self, obj):
        return str(obj)


class LabelledTabularInline(LabelledInline, admin.TabularInline):
    template = "admin/edit_inline/labelled_tabular.html"


class LabelledStackedInline(LabelledInline, admin.StackedInline):
    template = "admin/edit_inline/labelled_stacked.html"


class InlineLabelsMixin:
    """For a ModelAdmin with LabelledInlines: each saved row gets its ``row_label``."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        for formset, inline in zip(formsets, inline_instances, strict=False):
            if isinstance(inline, LabelledInline):
                for form in formset.forms:
                    if form.instance.pk is not None:
                        form.instance.row_label = inline.row_label(form.instance)
        return super().get_inline_formsets(request, formsets, inline_instances, obj)


class NotYoursMixin:
    """
    A reporter who opens a story (or its interview) that is not theirs hears so,
    back on the list, instead of Django's "doesn't exist. Perhaps it was deleted?".
    The message gives the number they opened, never the headline: a draft of
    someone else's is not theirs to read either.
    """

    not_yours_message = _(
        "Story %(number)s is not one of yours, so you cannot open it: reporters open the "
        "stories that carry their byline. Ask an editor if you need to work on it."
    )

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        try:
            exists = self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            exists = False
        if not exists:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        message = self.not_yours_message % {"number": object_id}
        self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


class StoryTextInline:
    """
    Inline rows on the story page whose ``edition_text_fields`` are the story's own
    words: in its edition's language and direction, whatever the admin's language.
    """

    edition_text_fields = ()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        edition = obj.edition if obj is not None else default_edition(request.user)
        for name in self.edition_text_fields:
            if name in formset.form.base_fields:
                widget = formset.form.base_fields[name].widget
                widget.attrs.update(text_attrs(edition), **{"data-edition-text": ""})
        return formset


class PositionedInline(LabelledTabularInline):
    form = PositionedForm
    formset = PositionedInlineFormSet
    extra = 1

    class Media:
        js = [REORDER_JS]  # its styles are in css/admin.css, on every admin page


class EditionFilter(admin.SimpleListFilter):
    """The editions the staff member works on (all of them for staff with no desk)."""

    title = _("edition")
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        return edition_choices(request.user)

    def queryset(self, request, queryset):
        if self.value() in registry.codes():
            return queryset.filter(edition=self.value())
        return queryset


class DeskLimitedAdmin:
    """
    For models with an ``edition``: staff limited to some desks see, open and change
    only their editions' rows, and are offered only their editions. A row of another
    edition opened by its address is refused (403), not shown.
    """

    def get_queryset(self, request):
        return limit_to_desks(super().get_queryset(request), request.user)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or in_desks(request.user, obj.edition))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or in_desks(request.user, obj.edition))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or in_desks(request.user, obj.edition))

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        try:
            row = self.model._default_manager.filter(pk=object_id).values("edition").first()
        except (ValueError, TypeError, ValidationError):
            row = None
        if row is not None and not in_desks(request.user, row["edition"]):
            raise PermissionDenied(
                gettext("This belongs to another edition’s desk: you work on %(desks)s.")
                % {"desks": ", ".join(name for _code, name in edition_choices(request.user))}
            )
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "edition":
            return forms.ChoiceField(
                label=_("Edition"),
                choices=edition_choices(request.user),
                initial=default_edition(request.user),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("edition"), ordering="edition")
    def edition_name(self, obj):
        try:
            return registry.get(obj.edition).english_name
        except KeyError:
            return obj.edition


@admin.register(Section)
class SectionAdmin(DeskLimitedAdmin, admin.ModelAdmin):
    form = SectionAdminForm
    list_display = ["name", "edition_name", "slug", "position"]
    list_editable = ["position"]
    list_filter = [EditionFilter]
    search_fields = ["name"]
    fields = ["edition", "name", "slug", "description", "position"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        # The story form's section box: sections of the editor's desks, named with
        # their edition where the editions share a name.
        results, duplicates = super().get_search_results(request, queryset, search_term)
        return limit_to_desks(results, request.user), duplicates


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    form = AuthorAdminForm  # the photo is checked, stripped and given renditions
    list_display = ["name", "role", "handle", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "handle", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    # Profile addresses typed without a scheme are https, as Django 6 will assume.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "bio", "photo"]}),
        (_("Online"), {"fields": ["handle", "profile_url", "website"]}),
        (_("Private"), {"fields": ["email", "user"]}),
    ]


class BylineInline(PositionedInline):
    model = Byline
    fields = ["order", "author", "role"]
    autocomplete_fields = ["author"]
    verbose_name = _("byline")
    verbose_name_plural = _("Bylines (in the order readers see them)")

    def row_label(self, byline):
        # Translators: a byline row, e.g. "Hana Amin, interviewer".
        return gettext("%(author)s, %(role)s") % {
            "author": byline.author,
            "role": byline.get_role_display().lower(),
        }


class InterviewInline(StoryTextInline, LabelledStackedInline):
    model = Interview
    edition_text_fields = ("intro",)
    can_delete = True
    max_num = 1
    extra = 0
    fields = ["intro", "recorded_on", "recorded_at", "edited_note", "transcript_link"]
    readonly_fields = ["transcript_link"]
    verbose_name = _("interview")
    verbose_name_plural = _("Interview (for stories that carry a transcript)")

    def row_label(self, interview):
        return ""  # the heading says "Interview"; there is one per story

    @admin.display(description=_("Participants and transcript"))
    def transcript_link(self, interview):
        if not interview.pk:
            return gettext("Save the story first; then add the participants and the turns.")
        url = reverse("admin:articles_interview_change", args=[interview.pk])
        count = interview.turns.count()
        return format_html(
            '<a class="button" href="{}">{}</a>',
            url,
            ngettext(
                "Edit participants and transcript (%(count)s turn)",
                "Edit participants and transcript (%(count)s turns)",
                count,
            )
            % {"count": count},
        )


class StatusFilter(admin.SimpleListFilter):
    """Status as editors think of it: a published story with a future time is scheduled."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(STATE_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in Article.STATES:
            return queryset.in_state(self.value())
        return queryset


class StoryRevisionAdmin(VersionAdmin):
    """
    VersionAdmin with the story recorded explicitly (articles/editorial/revisions.py): the
    admin's revision block records nothing by itself; ``add_story`` is called once
    the save is complete, inlines and renumbering included. Restoring is
    restore.restore_revision, from the comparison page, not reversion's own form.
    """

    def __init__(self, *args, **kwargs):
        revisions.register_models()  # ours, before VersionAdmin registers its own guess
        super().__init__(*args, **kwargs)

    def create_revision(self, request):
        return revisions.story_revision(user=request.user)

    # Reversion's "recover deleted" pages revert rows one by one, which the transcript's
    # constraints (unique positions, same-interview speakers) do not survive: left out.
    change_list_template = None

    def get_urls(self):
        return [
            url
            for url in super().get_urls()
            if not (url.name or "").endswith(("_recoverlist", "_recover"))
        ]


class EditConflictMixin:
    """
    For change forms that refuse a save over someone else's (a form with ``conflict``
    and a ValidationError coded "conflict"): the conflict box of the change form
    (admin/includes/edit_conflict.html) says it once, so the admin's own error
    note and error list leave it out.
    """

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        form = adminform.form if adminform else None
        if form is not None and getattr(form, "conflict", None) and form.is_bound:
            errors = form.errors.get(NON_FIELD_ERRORS)
            if errors is not None:
                others = [error for error in errors.as_data() if error.code != "conflict"]
                if others:
                    form.errors[NON_FIELD_ERRORS] = form.error_class(
                        others, error_class="nonfield", renderer=form.renderer
                    )
                else:
                    del form.errors[NON_FIELD_ERRORS]
            formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
            context["errors"] = helpers.AdminErrorList(form, formsets)
        return super().render_change_form(request, context, add, change, form_url, obj)


class CorrectionInline(StoryTextInline, LabelledStackedInline):
    """New rows go through corrections.add_correction (ArticleAdmin.save_formset)."""

    model = Correction
    edition_text_fields = ("text",)
    fields = ["kind", "text", "created_at", "written_by"]
    readonly_fields = ["written_by"]
    extra = 0
    verbose_name = _("correction or update")
    verbose_name_plural = _("Corrections and updates (readers see them on the story)")

    def row_label(self, correction):
        # Translators: a correction row, e.g. "Correction, 3 March 2026, 10:15".
        return gettext("%(kind)s, %(when)s") % {
            "kind": correction.get_kind_display(),
            "when": local_label(correction.created_at),
        }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget.attrs.update(rows=3)
        return field

    @admin.display(description=_("Written by"))
    def written_by(self, correction):
        if not correction.pk:
            return gettext("You, when you save.")
        return correction.created_by or "—"


class ShareLinkForm(forms.ModelForm):
    revoke = forms.BooleanField(
        required=False, label=_("Revoke"), help_text=_("The link stops working at once.")
    )

    class Meta:
        model = ShareLink
        fields = ["label", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.revoked_at is not None:
            self.fields["revoke"].disabled = True
            self.fields["revoke"].initial = True


class ShareLinkInline(LabelledTabularInline):
    """
    Share-draft links: an address to read the story without an account, until it
    expires or is revoked. Editors only (the Editor group has the permissions).
    """

    model = ShareLink
    form = ShareLinkForm
    fields = ["label", "expires_at", "address", "made", "revoke"]
    readonly_fields = ["address", "made"]
    extra = 0
    can_delete = False  # revoke instead: the row stays as a record of who saw the draft
    verbose_name = _("share-draft link")
    verbose_name_plural = _(
        "Share-draft links (to let someone without an account read the story before it is "
        "published, e.g. a source checking quotes)"
    )

    def row_label(self, link):
        return link.label

    def get_formset(self, request, obj=None, **kwargs):
        self.request = request  # inline instances are made per request
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("Address"))
    def address(self, link):
        if not link.pk:
            return gettext("Save the story: the address appears here.")
        if link.state != "active":
            return LINK_STATES.get(link.state, link.state)
        url = self.request.build_absolute_uri(link.get_absolute_url())
        return format_html(
            '<input type="text" class="share-link-address" readonly value="{}" '
            'aria-label="{}" dir="ltr"> <a href="{}" target="_blank" '
            'rel="noopener noreferrer">{}</a>',
            url,
            gettext("Address of the share link"),
            url,
            gettext("Open"),
        )

    @admin.display(description=_("Made"))
    def made(self, link):
        if not link.pk:
            return "—"
        return gettext("%(when)s by %(who)s") % {
            "when": local_label(link.created_at),
            "who": link.created_by or gettext("someone"),
        }


@admin.register(Article)
class ArticleAdmin(
    DeskLimitedAdmin, NotYoursMixin, InlineLabelsMixin, EditConflictMixin, StoryRevisionAdmin
):
    """
    A story from nothing to published, interview included, without leaving it.
    Who may do what is the story's rule (Article.is_editable_by, ArticleQuerySet);
    each action and button calls a workflow service.
    """

    form = ArticleAdminForm
    list_display = ["headline", "edition_name", "state", "section", "author_names", "publish_time"]
    list_display_links = ["headline"]
    list_filter = [EditionFilter, StatusFilter, "section", "comments_enabled", "published_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "slug", "bylines__author__name"]
    search_help_text = _("Search headlines, deks, addresses and author names.")
    # No date_hierarchy: its list of years is a DISTINCT over every story (70-130 ms at
    # 100,000 on PostgreSQL, docs/performance.md); the "published" filter narrows by date.
    show_full_result_count = False
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section"]
    inlines = [BylineInline, InterviewInline, CorrectionInline, ShareLinkInline]
    save_on_top = True
    fieldsets = [
        (
            None,
            {"fields": ["edition", "headline", "slug", "dek", "section", "dateline", "body"]},
        ),
        (_("Tags"), {"fields": ["tags", "new_tags"]}),
        (
            _("Hero image"),
            {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "state_now",
                    "status",
                    "published_at",
                    "updated_at",
                    "comments_enabled",
                ],
                "description": format_lazy(
                    _(
                        "All times on this page are in the newsroom's time zone, {zone}, "
                        "whatever the time zone of your computer. A publish time in the "
                        "future schedules the story: it goes live by itself then."
                    ),
                    zone=NEWSROOM_ZONE,
                ),
            },
        ),
        (
            _("Counterparts"),
            {
                "fields": ["translation_of"],
                "description": _(
                    "The other editions' stories on the same event are listed at the top "
                    "of the page, where you can add, link and unlink them."
                ),
            },
        ),
    ]

    @admin.display(description=_("Publish time"), ordering="published_at", empty_value="—")
    def publish_time(self, article):
        # As the status column words a scheduled time: one format in a row.
        return local_label(article.published_at) or None

    @admin.display(description=_("Authors"))
    def author_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all())

    def view_on_site(self, article):
        return article.get_absolute_url()

    actions = ["submit_for_review", "publish_now", "return_to_draft", "unpublish"]
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"

    # Roles ---------------------------------------------------------------------------

    def get_queryset(self, request):
        stories = super().get_queryset(request)
        if is_reporter(request.user):
            stories = stories.bylined_to(request.user)
        return stories.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def has_publish_permission(self, request):
        return is_editor(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The form offers the editions of this user's desks.
        return type(form.__name__, (form,), {"user": request.user})

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("edition", default_edition(request.user))
        return initial

    def has_add_permission(self, request):
        # A reporter's stories are the ones with their byline: without an author
        # profile they could not open what they wrote.
        if not super().has_add_permission(request):
            return False
        return is_editor(request.user) or Author.objects.filter(user=request.user).exists()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return obj.is_editable_by(request.user)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or is_editor(request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "state_now"]
        if not is_editor(request.user):
            fields += ["published_at", "updated_at"]
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            allowed = Article.Status.values
            if not is_editor(request.user):
                allowed = [value for value in allowed if value in Article.REPORTER_STATUSES]
            kwargs["choices"] = [(value, STATUS_LABELS.get(value, value)) for value in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("Status"), ordering="status")
    def state(self, article):
        if article.pk and article.is_scheduled:
            return gettext("Scheduled for %(when)s") % {"when": local_label(article.published_at)}
        return STATUS_LABELS.get(article.status, article.status)

    @admin.display(description=_("Now"))
    def state_now(self, article):
        if article.pk is None:
            return gettext("A new draft")
        if article.state == "live":
            return gettext("Live since %(when)s") % {"when": local_label(article.published_at)}
        return self.state(article)

    # Saving --------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        obj.modified_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not is_editor(request.user):
            author = Author.objects.filter(user=request.user).first()
            if author is not None:
                # Also when they removed it: without it they could not open the story.
                ensure_byline(article=article, author=author)
        if "_submit_for_review" in request.POST and article.status == Article.Status.DRAFT:
            workflow.submit_for_review(article=article, by=request.user)
            self.message_user(
                request,
                gettext("Submitted for review: an editor will take it from here."),
                messages.INFO,
            )
        revisions.add_story(article)

    def save_formset(self, request, form, formset, change):
        if formset.model is Correction:
            instances = formset.save(commit=False)
            for correction in formset.deleted_objects:
                correction.delete()
            for correction in instances:
                if correction.pk is None:
                    add_correction(
                        article=form.instance,
                        kind=correction.kind,
                        text=correction.text,
                        at=correction.created_at,
                        by=request.user,
                    )
                else:
                    correction.save()
        elif formset.model is ShareLink:
            for link in formset.save(commit=False):
                if link.pk is None:
                    create_share_link(
                        article=form.instance,
                        by=request.user,
                        label=link.label,
                        expires_at=link.expires_at,
                    )
                else:
                    link.save()
            for link_form in formset.forms:
                link = link_form.instance
                if link.pk and link.revoked_at is None and link_form.cleaned_data.get("revoke"):
                    revoke_share_link(link=link)
        else:
            super().save_formset(request, form, formset, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_submit_for_review"] = (
            obj is None or obj.status == Article.Status.DRAFT
        ) and context.get("has_change_permission", True)
        if obj is not None and obj.pk:
            context["counterparts"] = self.counterparts_of(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Counterparts: the other editions' stories on the same event ----------------------

    def counterparts_of(self, request, article):
        """What the story page's counterparts box shows (article/counterparts.html)."""
        rows = []
        others = list(article.counterparts().select_related("translation_of"))
        for other in others:
            edition = registry.get(other.edition) if other.edition in registry.codes() else None
            may_open = self.has_change_permission(request, other) or (
                self.has_view_permission(request, other)
            )
            rows.append(
                {
                    "story": other,
                    "edition": edition,
                    # Another desk's unpublished draft is theirs: its state, not its words.
                    "headline": other.headline if may_open or other.is_public else "",
                    "state": self.state(other),
                    "admin_url": reverse("admin:articles_article_change", args=[other.pk])
                    if may_open
                    else "",
                    "public_url": other.get_absolute_url() if other.is_public else "",
                    "is_original": article.translation_of_id == other.pk,
                    "translates_this": other.translation_of_id == article.pk,
                }
            )
        taken = {article.edition, *(other.edition for other in others)}
        may_change = self.has_change_permission(request, article)
        missing = [edition for edition in registry.all_editions() if edition.code not in taken]
        can_add = self.has_add_permission(request) and may_change
        addable = []
        for edition in missing:
            if not (can_add and in_desks(request.user, edition.code)):
                continue
            # Where no section of that edition matches, the editor picks one here.
            match = counterparts.matching_section(article.section, edition.code)
            sections = [] if match else list(Section.objects.filter(edition=edition.code))
            addable.append({"edition": edition, "section": match, "sections": sections})
        candidates = []
        if may_change and missing:
            unlinked = Article.objects.filter(
                story_group=None, edition__in=[e.code for e in missing]
            ).exclude(pk=article.pk)
            # Their desks' stories they may see, and any published one.
            theirs = limit_to_desks(Article.objects.visible_to(request.user), request.user)
            published = Article.objects.published()
            candidates = list(
                unlinked.filter(
                    models.Q(pk__in=theirs.values("pk")) | models.Q(pk__in=published.values("pk"))
                )
                .only("pk", "headline", "edition")
                .order_by("edition", "-modified_at")[:300]
            )
        return {
            "rows": rows,
            "addable": addable,
            "candidates": candidates,
            "can_change": may_change,
            "urls": {
                name: reverse(f"admin:articles_article_counterparts_{name}", args=[article.pk])
                for name in ("add", "link", "unlink")
            },
        }

    def _counterpart_source(self, request, object_id):
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article, None

    def _back_to(self, article):
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def add_counterpart_view(self, request, object_id):
        """POST ``edition``: a new draft in that edition on the same event (create_counterpart)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        # Any story they may read: a desk starts its own story on another desk's event.
        pk = unquote(object_id)
        source = (
            Article.objects.visible_to(request.user).filter(pk=pk).first() if pk.isdigit() else None
        )
        if source is None or not (source.is_public or in_desks(request.user, source.edition)):
            raise PermissionDenied
        edition = request.POST.get("edition", "")
        if not (self.has_add_permission(request) and in_desks(request.user, edition)):
            raise PermissionDenied
        chosen = request.POST.get("section", "")
        section = Section.objects.filter(pk=chosen).first() if chosen.isdigit() else None
        try:
            with self.create_revision(request):
                story = counterparts.create_counterpart(
                    source=source, edition=edition, by=request.user, section=section
                )
                if not is_editor(request.user):
                    author = Author.objects.filter(user=request.user).first()
                    if author is not None:
                        ensure_byline(article=story, author=author)
                revisions.add_story(story)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self._back_to(source)
        self.log_addition(request, story, [{"added": {}}])
        self.message_user(
            request,
            gettext(
                "A draft in %(edition)s is linked to “%(headline)s”, with its bylines, tags, "
                "section and hero image. Write its headline and text; check its section."
            )
            % {"edition": registry.get(edition).english_name, "headline": source.headline},
            messages.SUCCESS,
        )
        return self._back_to(story)

    def link_counterpart_view(self, request, object_id):
        """POST ``story``: link that story to this one as its counterpart."""
        article, refused = self._counterpart_source(request, object_id)
        if refused:
            return refused
        chosen = request.POST.get("story", "")
        # Digits only: anything else is no story (and no database error).
        pk = int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) < 19 else None
        other = Article.objects.filter(pk=pk).first() if pk else None
        if other is None:
            self.message_user(request, gettext("Choose a story to link."), messages.ERROR)
            return self._back_to(article)
        if not (other.is_public or self.has_view_permission(request, other)):
            raise PermissionDenied
        try:
            counterparts.link_counterparts(story=article, counterpart=other)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.log_change(request, article, gettext("Linked a counterpart: %s") % other.pk)
            self.message_user(
                request,
                gettext("“%(headline)s” is now a counterpart of this story.")
                % {"headline": other.headline},
                messages.SUCCESS,
            )
        return self._back_to(article)

    def unlink_counterpart_view(self, request, object_id):
        """POST: take this story out of its group of counterparts."""
        article, refused = self._counterpart_source(request, object_id)
        if refused:
            return refused
        counterparts.unlink_counterpart(story=article)
        self.log_change(request, article, gettext("Unlinked from its counterparts."))
        self.message_user(request, gettext("This story has no counterparts now."), messages.SUCCESS)
        return self._back_to(article)

    # Actions: each one a service, applied to the stories the user may change -----------

    def _each(self, request, queryset, service, done, **kwargs):
        """``done(count)``: the message for ``count`` stories changed."""
        count = 0
        for article in queryset:
            if not self.has_change_permission(request, article):
                self.message_user(
                    request,
                    gettext("You cannot change “%(story)s”.") % {"story": article},
                    messages.ERROR,
                )
                continue
            try:
                service(article=article, by=request.user, **kwargs)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("“%(story)s”: %(problem)s")
                    % {"story": article, "problem": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                count += 1
        if count:
            self.message_user(request, done(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Submit the selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._each(
            request,
            queryset,
            workflow.submit_for_review,
            lambda n: ngettext(
                "Submitted for review: %(count)s story.",
                "Submitted for review: %(count)s stories.",
                n,
            ),
        )

    @admin.action(description=_("Publish the selected stories now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._each(
            request,
            queryset,
            workflow.publish_article,
            lambda n: ngettext("Published %(count)s story.", "Published %(count)s stories.", n),
            at=timezone.now(),
        )

    @admin.action(description=_("Return the selected stories to draft"), permissions=["change"])
    def return_to_draft(self, request, queryset):
        self._each(
            request,
            queryset,
            workflow.return_to_draft,
            lambda n: ngettext(
                "Returned to draft: %(count)s story.", "Returned to draft: %(count)s stories.", n
            ),
        )

    @admin.action(description=_("Unpublish the selected stories"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._each(
            request,
            queryset,
            workflow.unpublish_article,
            lambda n: ngettext("Unpublished %(count)s story.", "Unpublished %(count)s stories.", n),
        )

    # Revisions: history, compare, restore --------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/counterparts/add/",
                view(self.add_counterpart_view),
                name=f"{name}_counterparts_add",
            ),
            path(
                "<path:object_id>/counterparts/link/",
                view(self.link_counterpart_view),
                name=f"{name}_counterparts_link",
            ),
            path(
                "<path:object_id>/counterparts/unlink/",
                view(self.unlink_counterpart_view),
                name=f"{name}_counterparts_unlink",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        """Every revision of the story, newest first; pick two to compare."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        versions = list(revisions.versions_of(article)[:200])
        context = {
            "versions": versions,
            "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
            **(extra_context or {}),
        }
        # Django's own history view (permissions, the page), not reversion's list.
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Reversion's "revert" form is replaced by the comparison with the latest revision."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        latest = revisions.versions_of(article).first()
        url = reverse("admin:articles_article_compare", args=[article.pk])
        return HttpResponseRedirect(f"{url}?from={version_id}&to={latest.pk if latest else ''}")

    def compare_view(self, request, object_id):
        """
        Two revisions side by side: field by field, the body paragraph by paragraph,
        the transcript turn by turn (admin/articles/article/revision_compare.html).
        ?from= and ?to= are Version ids of this story; they default to the two newest.
        """
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = list(revisions.versions_of(article)[:200])
        by_id = {str(version.pk): version for version in versions}
        chosen = [by_id.get(request.GET.get(name, "")) for name in ("from", "to")]
        if chosen[1] is None and versions:
            chosen[1] = versions[0]
        if chosen[0] is None and len(versions) > 1:
            chosen[0] = versions[1] if chosen[1] == versions[0] else versions[0]
        comparison = None
        if all(chosen):
            older, newer = sorted(chosen, key=lambda v: (v.revision.date_created, v.pk))
            comparison = revisions.compare(revisions.snapshot(older), revisions.snapshot(newer))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Compare revisions of “%(story)s”") % {"story": article},
            "opts": self.opts,
            "original": article,
            "versions": versions,
            "chosen": chosen,
            "comparison": comparison,
            "latest": versions[0] if versions else None,
            "can_restore": is_editor(request.user) and self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def restore_view(self, request, object_id, version_id):
        """POST: make the story what this revision recorded (restore.restore_revision)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (is_editor(request.user) and self.has_change_permission(request, article)):
            raise PermissionDenied
        # A version of this story only.
        version = get_object_or_404(revisions.versions_of(article), pk=version_id)
        notes = restore_revision(article=article, version=version, by=request.user)
        when = local_label(version.revision.date_created)
        self.message_user(
            request,
            gettext(
                "Restored the version of %(when)s. The story's status and publish time did "
                "not change; the restore is a revision too, so it can be undone the same way."
            )
            % {"when": when},
            messages.SUCCESS,
        )
        for note in notes:
            self.message_user(request, note, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
