"""Erasure records in the admin: read-only, and never holding an address."""

from django.contrib import admin

from .models import ErasureRecord


@admin.register(ErasureRecord)
class ErasureRecordAdmin(admin.ModelAdmin):
    list_display = ["erased_at", "source", "comments_erased", "comments_deleted", "erased_by"]
    list_filter = ["source"]
    list_select_related = ["erased_by"]
    show_full_result_count = False
    readonly_fields = [
        "erased_at",
        "source",
        "address_hash",
        "comments_erased",
        "comments_deleted",
        "erased_by",
    ]
    fields = readonly_fields

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
