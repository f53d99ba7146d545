"""
Comments in the admin: read-only words, decisions through the same services
as the moderation queue.
"""

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import connections
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.editions.models import limit_to_desks

from . import desks, services
from .models import Comment, Decision, RejectionReason


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = ["decided_at", "action", "reason", "previous_status", "moderator"]
    readonly_fields = fields
    verbose_name_plural = _("Decisions (a permanent record)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _decide(modeladmin, request, queryset, *, action, reason=""):
    done = 0
    for comment in queryset.select_related("decided_by", "article"):
        if not desks.may_moderate(request.user, comment.article.edition):
            message = desks.refusal_message(name=comment.name, edition_code=comment.article.edition)
            modeladmin.message_user(request, message, messages.ERROR)
            continue
        try:
            if action == "approve":
                services.approve_comment(
                    comment=comment, moderator=request.user, expected=Comment.Status.PENDING
                )
            else:
                services.reject_comment(
                    comment=comment,
                    moderator=request.user,
                    reason=reason,
                    expected=Comment.Status.PENDING,
                )
            done += 1
        except services.AlreadyDecided as conflict:
            modeladmin.message_user(request, str(conflict), messages.WARNING)
    if done:
        modeladmin.message_user(
            request,
            ngettext("Decided %(count)d comment.", "Decided %(count)d comments.", done)
            % {"count": done},
            messages.SUCCESS,
        )


def _approve(modeladmin, request, queryset):
    _decide(modeladmin, request, queryset, action="approve")


def _reject_action(reason, label):
    def action(modeladmin, request, queryset):
        _decide(modeladmin, request, queryset, action="reject", reason=reason)

    action.__name__ = f"reject_{reason}"
    description = format_lazy(_("Reject: {label}"), label=label)
    return admin.action(description=description, permissions=["moderate"])(action)


class EditionListFilter(admin.SimpleListFilter):
    """The story's edition, among those the staff member works on (comments.desks)."""

    title = _("edition")
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        return [(code, desks.edition_name(code)) for code in desks.editions_for(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(article__edition=self.value())
        return queryset


class EstimatedCountPaginator(Paginator):
    """
    Django's paginator, except that the unfiltered list of a large table on
    PostgreSQL is counted from the planner's statistics (pg_class.reltuples, kept
    current by autovacuum) instead of a COUNT(*) over every comment (80 ms at a
    million, bench/scale.py). Filtered lists are counted exactly.
    """

    estimate_above = 100_000

    @cached_property
    def count(self):
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor == "postgresql" and not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > self.estimate_above:
                return row[0]
        return super().count


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["short_body", "name", "story", "status", "flags", "submitted_at"]
    list_filter = ["status", EditionListFilter, "rejection_reason", "submitted_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "article__headline"]
    # No date_hierarchy: listing its years reads every comment (400 ms at a million);
    # the "submitted" filter above narrows by date instead.
    show_full_result_count = False
    list_per_page = 50  # as the story list; the queue (/moderation/) is the working view
    paginator = EstimatedCountPaginator
    ordering = ["-submitted_at"]
    inlines = [DecisionInline]
    actions = [
        admin.action(description=_("Approve"), permissions=["moderate"])(_approve),
        *(_reject_action(value, label) for value, label in RejectionReason.choices),
    ]
    fields = [
        "article",
        "name",
        "email",
        "body",
        "status",
        "flags",
        "submitted_at",
        "sender_hash",
        "user_agent",
        "decided_at",
        "decided_by",
        "rejection_reason",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # A desk moderator sees the comments of their editions' stories only.
        return limit_to_desks(super().get_queryset(request), request.user, "article__edition")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Comments are never edited; the change page is a read-only record.
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("Comment"))
    def short_body(self, comment):
        text = comment.body[:80] + ("…" if len(comment.body) > 80 else "")
        return format_html('<span dir="auto">{}</span>', text)

    @admin.display(description=_("Story"), ordering="article__headline")
    def story(self, comment):
        return format_html(
            '<a href="{}" dir="auto">{}</a>',
            reverse("admin:articles_article_change", args=[comment.article_id]),
            comment.article.headline,
        )


class ModeratorRecordAdmin(admin.ModelAdmin):
    """
    A record moderators read in the admin and nobody writes there (erasures, reports):
    it is made by the services, from the moderation pages.
    """

    def has_module_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("comments.moderate_comment")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["decided_at", "action", "reason", "comment", "moderator"]
    list_filter = ["action", "reason"]
    list_select_related = ["comment", "moderator"]
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return limit_to_desks(queryset, request.user, "comment__article__edition")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Surge controls, reported comments and erasure records: each package registers its own.
from .privacy import admin as privacy_admin  # noqa: E402, F401
from .reports import admin as reports_admin  # noqa: E402, F401
from .surge import admin as surge_admin  # noqa: E402, F401
