"""
Interviews in the admin: participants and turns as ordered inlines, with no lost
edits (the form in editing.py). The paste page (a transcript typed elsewhere turned
into turns) is a mixin in paste.py.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.editions.models import limit_to_desks
from articles.editorial.admin import (
    EditConflictMixin,
    InlineLabelsMixin,
    NotYoursMixin,
    PositionedInline,
    StoryRevisionAdmin,
)
from articles.editorial.desks import in_desks, text_attrs
from articles.editorial.revisions import add_story
from articles.stories.models import Article, is_reporter

from .editing import InterviewAdminForm
from .forms import TurnInlineFormSet
from .models import Interview, Participant, Turn
from .paste import TranscriptPasteMixin


class EditionTextInline:
    """Inline rows whose ``edition_text_fields`` are in the story's language and direction."""

    edition_text_fields = ()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            attrs = text_attrs(obj.article.edition)
            for name in self.edition_text_fields:
                if name in formset.form.base_fields:
                    formset.form.base_fields[name].widget.attrs.update(attrs)
        return formset


class ParticipantInline(EditionTextInline, PositionedInline):
    model = Participant
    fields = ["order", "name", "label", "role", "is_interviewer"]
    edition_text_fields = ("name", "label", "role")
    extra = 2
    verbose_name_plural = _("Participants (save them before choosing speakers below)")

    def row_label(self, participant):
        return participant.label


class TurnInline(EditionTextInline, PositionedInline):
    model = Turn
    formset = TurnInlineFormSet
    fields = ["order", "participant", "text", "timecode"]
    edition_text_fields = ("text",)
    extra = 3
    verbose_name_plural = _("Transcript turns")

    def row_label(self, turn):
        return gettext("Turn %(number)s") % {"number": turn.position}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget.attrs.update(rows=3, cols=80)
        if db_field.name == "participant":
            field.label = gettext("Speaker")
        return field


@admin.register(Interview)
class InterviewAdmin(
    TranscriptPasteMixin, NotYoursMixin, InlineLabelsMixin, EditConflictMixin, StoryRevisionAdmin
):
    """A transcript belongs to its story: the same people may change it, at the same times."""

    not_yours_message = _(
        "Interview %(number)s is not one of yours, so you cannot open it: reporters open the "
        "stories that carry their byline. Ask an editor if you need to work on it."
    )

    form = InterviewAdminForm

    list_display = ["article", "participant_count", "turn_count", "recorded_on"]
    list_select_related = ["article"]
    search_fields = ["article__headline"]
    autocomplete_fields = ["article"]
    show_full_result_count = False
    fields = ["article", "intro", "recorded_on", "recorded_at", "edited_note"]
    inlines = [ParticipantInline, TurnInline]

    def get_queryset(self, request):
        interviews = limit_to_desks(super().get_queryset(request), request.user, "article__edition")
        if is_reporter(request.user):
            interviews = interviews.filter(article__in=Article.objects.bylined_to(request.user))
        return interviews.select_related("article").annotate(
            participant_total=Count("participants", distinct=True),
            turn_total=Count("turns", distinct=True),
        )

    @admin.display(description=_("Participants"), ordering="participant_total")
    def participant_count(self, interview):
        return interview.participant_total

    @admin.display(description=_("Turns"), ordering="turn_total")
    def turn_count(self, interview):
        return interview.turn_total

    def view_on_site(self, interview):
        return interview.get_absolute_url()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return in_desks(request.user, obj.article.edition) and obj.article.is_editable_by(
            request.user
        )

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or in_desks(request.user, obj.article.edition))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return obj.article.is_editable_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = limit_to_desks(
                Article.objects.editable_by(request.user), request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        add_story(form.instance.article)

    def history_view(self, request, object_id, extra_context=None):
        """The transcript's history is its story's."""
        interview = self.get_object(request, unquote(object_id))
        if interview is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return HttpResponseRedirect(
            reverse("admin:articles_article_history", args=[interview.article_id])
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return self.history_view(request, object_id)
