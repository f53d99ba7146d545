"""
The editors' admin: a story from nothing to published, interview included,
without leaving it.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from . import search, services
from .admin_workflow import WorkflowArticleAdmin, WorkflowInterviewAdmin
from .forms import (
    ArticleWorkflowForm,
    AuthorAdminForm,
    PositionedForm,
    PositionedInlineFormSet,
    TurnInlineFormSet,
)
from .models import Article, Author, Byline, Interview, Participant, Section, Turn

REORDER_JS = "js/admin-reorder.js"


class PositionedInline(admin.TabularInline):
    form = PositionedForm
    formset = PositionedInlineFormSet
    extra = 1

    class Media:
        js = [REORDER_JS]
        css = {"all": ["css/admin.css"]}


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


class InterviewInline(admin.StackedInline):
    model = Interview
    can_delete = True
    max_num = 1
    extra = 0
    fields = ["intro", "recorded_on", "recorded_at", "edited_note", "transcript_link"]
    readonly_fields = ["transcript_link"]
    verbose_name = "interview"
    verbose_name_plural = "Interview (for stories that carry a transcript)"

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
        return [
            ("draft", "Draft"),
            ("in_review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        if value == "live":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__lte=now)
        if value in {"draft", "in_review", "unpublished"}:
            return queryset.filter(status=value)
        return queryset


@admin.register(Article)
class ArticleAdmin(WorkflowArticleAdmin):
    """Roles, actions, revisions, conflicts, corrections and share links: admin_workflow.py."""

    form = ArticleWorkflowForm
    list_display = ["headline", "state", "section", "author_names", "published_at"]
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
    inlines = [BylineInline, InterviewInline]  # + corrections and share links (get_inlines)
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
                "description": "All times are in the newsroom's time zone. A publish time in "
                "the future schedules the story: it goes live by itself then.",
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    @admin.display(description="Authors")
    def author_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all())

    def view_on_site(self, article):
        return article.get_absolute_url()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines: the search entry covers the interview removed or kept.
        search.reindex_article(form.instance)


class ParticipantInline(PositionedInline):
    model = Participant
    fields = ["order", "name", "label", "role", "is_interviewer"]
    extra = 2
    verbose_name_plural = "Participants (save them before choosing speakers below)"


class TurnInline(PositionedInline):
    model = Turn
    formset = TurnInlineFormSet
    fields = ["order", "participant", "text", "timecode"]
    extra = 3
    verbose_name_plural = "Transcript turns"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget.attrs.update(rows=3, cols=80)
        if db_field.name == "participant":
            field.label = "Speaker"
        return field


@admin.register(Interview)
class InterviewAdmin(WorkflowInterviewAdmin):
    list_display = ["article", "participant_count", "turn_count", "recorded_on"]
    list_select_related = ["article"]
    search_fields = ["article__headline"]
    autocomplete_fields = ["article"]
    show_full_result_count = False
    fields = ["article", "intro", "recorded_on", "recorded_at", "edited_note"]
    inlines = [ParticipantInline, TurnInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                participant_total=Count("participants", distinct=True),
                turn_total=Count("turns", distinct=True),
            )
        )

    @admin.display(description="Participants", ordering="participant_total")
    def participant_count(self, interview):
        return interview.participant_total

    @admin.display(description="Turns", ordering="turn_total")
    def turn_count(self, interview):
        return interview.turn_total

    def view_on_site(self, interview):
        return interview.get_absolute_url()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The turns are saved by now: index the story with its new transcript.
        search.reindex_article(form.instance.article)
        previous = form.initial.get("article")
        if change and "article" in form.changed_data and previous:
            # The interview moved to another story: that one loses the transcript.
            search.reindex_article(Article.objects.get(pk=previous))

    # Paste a transcript (issue 5): text in, a preview of the parsed turns, then the
    # editor confirms "replace" or "append". Kept inside this class, imports included.

    paste_max_chars = 200_000  # about 30,000 words; bigger transcripts go in parts

    def get_urls(self):
        from django.urls import path

        paste = path(
            "<path:object_id>/paste/",
            self.admin_site.admin_view(self.paste_transcript_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_paste",
        )
        # Before the defaults: their "<path:object_id>/" catch-all would take it.
        return [paste, *super().get_urls()]

    def paste_form_class(self):
        from django import forms

        max_chars = self.paste_max_chars

        class TranscriptPasteForm(forms.Form):
            text = forms.CharField(
                label="Transcript",
                strip=False,
                max_length=max_chars,
                widget=forms.Textarea(attrs={"rows": 24, "cols": 100}),
                error_messages={
                    "required": "Paste the transcript first.",
                    "max_length": f"That is more than {max_chars:,} characters: paste the "
                    "transcript in parts, using “Append to it” for the later ones.",
                },
                help_text="One turn per paragraph, with a blank line between turns. Start a "
                "turn with a participant’s label or name and a colon (“Berg: …”), or Q: and A:. "
                "Turns without a label alternate between the two participants. A timecode "
                "such as [00:12:34] at the start of a turn is kept.",
            )
            fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)

            def clean_text(self):
                text = self.cleaned_data["text"]
                if not text.strip():
                    raise forms.ValidationError("Paste the transcript first.")
                return text

        return TranscriptPasteForm

    def paste_transcript_view(self, request, object_id):
        """
        GET: a textarea. POST "_preview": the parsed turns and warnings, nothing saved,
        the text carried in hidden fields. POST "_replace"/"_append": parsed again and
        saved through services.replace_transcript / append_transcript, then back to the
        interview. Template: admin/articles/interview/paste_transcript.html.
        """
        import hashlib

        from django.contrib.admin.utils import unquote
        from django.core.exceptions import PermissionDenied
        from django.http import HttpResponseRedirect
        from django.template.response import TemplateResponse

        from . import search
        from .transcript import parse_transcript

        interview = self.get_object(request, unquote(object_id))
        if interview is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, interview):
            raise PermissionDenied
        participants = list(interview.participants.order_by("position"))
        form = self.paste_form_class()(request.POST if request.method == "POST" else None)
        parsed, fingerprint, problem = None, "", ""
        if form.is_valid():
            parsed = parse_transcript(form.cleaned_data["text"], participants)
            # What the editor saw: the confirmation is refused if a re-parse differs
            # (someone changed the participants in between).
            seen = [(t.speaker and t.speaker.pk, t.text, t.timecode) for t in parsed.turns]
            fingerprint = hashlib.sha256(repr(seen).encode()).hexdigest()
            action = next((a for a in ("replace", "append") if f"_{a}" in request.POST), None)
            if action and parsed.unassigned:
                problem = (
                    f"Nothing was saved: {len(parsed.unassigned)} of the turns have no "
                    "speaker. Add labels to those paragraphs, or add the missing "
                    "participants to the interview, then preview again."
                )
            elif action and form.cleaned_data["fingerprint"] != fingerprint:
                problem = (
                    "Nothing was saved: the interview’s participants changed since this "
                    "preview. Check the speakers below and confirm again."
                )
            elif action:
                save = {
                    "replace": services.replace_transcript,
                    "append": services.append_transcript,
                }[action]
                try:
                    save(interview=interview, turns=parsed.turns, by=request.user)
                except ValidationError as error:
                    problem = "Nothing was saved: " + " ".join(error.messages)
                else:
                    search.reindex_article(interview.article)  # as save_related() does
                    count = len(parsed.turns)
                    done = (
                        f"Replaced the transcript with {count} turns."
                        if action == "replace"
                        else f"Appended {count} turns to the transcript."
                    )
                    self.log_change(request, interview, f"Pasted a transcript. {done}")
                    self.message_user(request, done, messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse(
                            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                            args=[interview.pk],
                        )
                    )
        rows = []
        if parsed:
            notes = {}
            for warning in parsed.warnings:
                notes.setdefault(warning.paragraph, []).append(warning.message)
            rows = [(turn, notes.get(turn.paragraph, [])) for turn in parsed.turns]
        counts = {}
        for turn in parsed.turns if parsed else ():
            if turn.speaker is not None:
                counts[turn.speaker.label] = counts.get(turn.speaker.label, 0) + 1
        context = {
            **self.admin_site.each_context(request),
            "title": "Paste a transcript",
            "subtitle": str(interview),
            "opts": self.opts,
            "original": interview,
            "participants": participants,
            "turn_total": interview.turn_total,  # annotated by get_queryset()
            "form": form,
            "parsed": parsed,
            "rows": rows,
            "speaker_counts": sorted(counts.items()),
            "fingerprint": fingerprint,
            "problem": problem,
        }
        return TemplateResponse(request, "admin/articles/interview/paste_transcript.html", context)
