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
from reversion.admin import VersionAdmin

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
from .forms import ArticleAdminForm, AuthorAdminForm, PositionedForm, PositionedInlineFormSet
from .models import ShareLink
from .restore import restore_revision
from .revisions import local_label
from .share_links import create_share_link, revoke_share_link

REORDER_JS = "js/admin-reorder.js"
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

    not_yours_message = (
        "{noun} {number} is not one of yours, so you cannot open it: reporters open the "
        "stories that carry their byline. Ask an editor if you need to work on it."
    )

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        try:
            exists = self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            exists = False
        if not exists:
            return super()._get_obj_does_not_exist_redirect(request, opts, object_id)
        message = self.not_yours_message.format(
            noun=str(opts.verbose_name).capitalize(), number=object_id
        )
        self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


class PositionedInline(LabelledTabularInline):
    form = PositionedForm
    formset = PositionedInlineFormSet
    extra = 1

    class Media:
        js = [REORDER_JS]  # its styles are in css/admin.css, on every admin page


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


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
        ("Online", {"fields": ["handle", "profile_url", "website"]}),
        ("Private", {"fields": ["email", "user"]}),
    ]


class BylineInline(PositionedInline):
    model = Byline
    fields = ["order", "author", "role"]
    autocomplete_fields = ["author"]
    verbose_name = "byline"
    verbose_name_plural = "Bylines (in the order readers see them)"

    def row_label(self, byline):
        return f"{byline.author}, {byline.get_role_display().lower()}"


class InterviewInline(LabelledStackedInline):
    model = Interview
    can_delete = True
    max_num = 1
    extra = 0
    fields = ["intro", "recorded_on", "recorded_at", "edited_note", "transcript_link"]
    readonly_fields = ["transcript_link"]
    verbose_name = "interview"
    verbose_name_plural = "Interview (for stories that carry a transcript)"

    def row_label(self, interview):
        return ""  # the heading says "Interview"; there is one per story

    @admin.display(description="Participants and transcript")
    def transcript_link(self, interview):
        if not interview.pk:
            return "Save the story first; then add the participants and the turns."
        url = reverse("admin:articles_interview_change", args=[interview.pk])
        return format_html(
            '<a class="button" href="{}">Edit participants and transcript ({} turns)</a>',
            url,
            interview.turns.count(),
        )


class StatusFilter(admin.SimpleListFilter):
    """Status as editors think of it: a published story with a future time is scheduled."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(Article.STATES.items())

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


class CorrectionInline(LabelledStackedInline):
    """New rows go through corrections.add_correction (ArticleAdmin.save_formset)."""

    model = Correction
    fields = ["kind", "text", "created_at", "written_by"]
    readonly_fields = ["written_by"]
    extra = 0
    verbose_name = "correction or update"
    verbose_name_plural = "Corrections and updates (readers see them on the story)"

    def row_label(self, correction):
        return f"{correction.get_kind_display()}, {local_label(correction.created_at)}"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget.attrs.update(rows=3)
        return field

    @admin.display(description="Written by")
    def written_by(self, correction):
        if not correction.pk:
            return "You, when you save."
        return correction.created_by or "—"


class ShareLinkForm(forms.ModelForm):
    revoke = forms.BooleanField(
        required=False, label="Revoke", help_text="The link stops working at once."
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
    verbose_name = "share-draft link"
    verbose_name_plural = (
        "Share-draft links (to let someone without an account read the story before it is "
        "published, e.g. a source checking quotes)"
    )

    def row_label(self, link):
        return link.label

    def get_formset(self, request, obj=None, **kwargs):
        self.request = request  # inline instances are made per request
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description="Address")
    def address(self, link):
        if not link.pk:
            return "Save the story: the address appears here."
        if link.state != "active":
            return f"{link.state.capitalize()}: the link no longer works."
        url = self.request.build_absolute_uri(link.get_absolute_url())
        return format_html(
            '<input type="text" class="share-link-address" readonly value="{}" '
            'aria-label="Address of the share link"> <a href="{}" target="_blank" '
            'rel="noopener noreferrer">Open</a>',
            url,
            url,
        )

    @admin.display(description="Made")
    def made(self, link):
        if not link.pk:
            return "—"
        return f"{local_label(link.created_at)} by {link.created_by or 'someone'}"


@admin.register(Article)
class ArticleAdmin(NotYoursMixin, InlineLabelsMixin, EditConflictMixin, StoryRevisionAdmin):
    """
    A story from nothing to published, interview included, without leaving it.
    Who may do what is the story's rule (Article.is_editable_by, ArticleQuerySet);
    each action and button calls a workflow service.
    """

    form = ArticleAdminForm
    list_display = ["headline", "state", "section", "author_names", "publish_time"]
    list_display_links = ["headline"]
    list_filter = [StatusFilter, "section", "comments_enabled", "published_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "slug", "bylines__author__name"]
    search_help_text = "Search headlines, deks, addresses and author names."
    # No date_hierarchy: its list of years is a DISTINCT over every story (70-130 ms at
    # 100,000 on PostgreSQL, docs/performance.md); the "published" filter narrows by date.
    show_full_result_count = False
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section"]
    inlines = [BylineInline, InterviewInline, CorrectionInline, ShareLinkInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "section", "dateline", "body"]}),
        ("Tags", {"fields": ["tags", "new_tags"]}),
        (
            "Hero image",
            {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]},
        ),
        (
            "Publishing",
            {
                "fields": [
                    "state_now",
                    "status",
                    "published_at",
                    "updated_at",
                    "comments_enabled",
                    "language",
                ],
                "description": "All times on this page are in the newsroom's time zone, "
                f"{NEWSROOM_ZONE}, whatever the time zone of your computer. A publish time "
                "in the future schedules the story: it goes live by itself then.",
            },
        ),
    ]

    @admin.display(description="Publish time", ordering="published_at", empty_value="—")
    def publish_time(self, article):
        # As the status column words a scheduled time: one format in a row.
        return local_label(article.published_at) or None

    @admin.display(description="Authors")
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
        if db_field.name == "status" and not is_editor(request.user):
            kwargs["choices"] = [
                choice
                for choice in Article.Status.choices
                if choice[0] in Article.REPORTER_STATUSES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description="Status", ordering="status")
    def state(self, article):
        if article.pk and article.is_scheduled:
            return f"Scheduled for {local_label(article.published_at)}"
        return article.get_status_display()

    @admin.display(description="Now")
    def state_now(self, article):
        if article.pk is None:
            return "A new draft"
        if article.state == "live":
            return f"Live since {local_label(article.published_at)}"
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
                request, "Submitted for review: an editor will take it from here.", messages.INFO
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
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Actions: each one a service, applied to the stories the user may change -----------

    def _each(self, request, queryset, service, done, **kwargs):
        count = 0
        for article in queryset:
            if not self.has_change_permission(request, article):
                self.message_user(request, f"You cannot change “{article}”.", messages.ERROR)
                continue
            try:
                service(article=article, by=request.user, **kwargs)
            except ValidationError as error:
                self.message_user(
                    request, f"“{article}”: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                count += 1
        if count:
            noun = "story" if count == 1 else "stories"
            self.message_user(request, f"{done} {count} {noun}.", messages.SUCCESS)

    @admin.action(description="Submit the selected drafts for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._each(request, queryset, workflow.submit_for_review, "Submitted for review:")

    @admin.action(description="Publish the selected stories now", permissions=["publish"])
    def publish_now(self, request, queryset):
        self._each(request, queryset, workflow.publish_article, "Published", at=timezone.now())

    @admin.action(description="Return the selected stories to draft", permissions=["change"])
    def return_to_draft(self, request, queryset):
        self._each(request, queryset, workflow.return_to_draft, "Returned to draft:")

    @admin.action(description="Unpublish the selected stories", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._each(request, queryset, workflow.unpublish_article, "Unpublished")

    # Revisions: history, compare, restore --------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
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
            "title": f"Compare revisions of “{article}”",
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
            f"Restored the version of {when}. The story's status and publish time did not "
            "change; the restore is a revision too, so it can be undone the same way.",
            messages.SUCCESS,
        )
        for note in notes:
            self.message_user(request, note, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
