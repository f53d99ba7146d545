"""Reported comments in the admin: a read-only record; the review queue decides."""

from django.contrib import admin

from articles.editions.models import limit_to_desks
from comments.admin import ModeratorRecordAdmin

from .models import Report, ReportEntry


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    can_delete = False
    fields = ["reported_at", "reason", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportEntry)
class ReportEntryAdmin(ModeratorRecordAdmin):
    list_display = ["comment", "status", "report_count", "last_reported_at", "resolved_by"]
    list_filter = ["status", "reason"]
    list_select_related = ["comment", "resolved_by"]
    show_full_result_count = False
    inlines = [ReportInline]
    fields = [
        "comment",
        "status",
        "report_count",
        "first_reported_at",
        "last_reported_at",
        "resolved_at",
        "resolved_by",
        "reason",
        "note",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # A desk moderator sees the reports on their editions' stories only.
        queryset = super().get_queryset(request)
        return limit_to_desks(queryset, request.user, "comment__article__edition")
