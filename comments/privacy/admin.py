"""Erasure records in the admin: read-only, and never holding an address."""

from django.contrib import admin

from comments.admin import ModeratorRecordAdmin

from .models import ErasureRecord


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ModeratorRecordAdmin):
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
