"""Story comment controls in the admin: saved through the same service as the queue's form."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.editions.models import limit_to_desks

from . import services
from .models import SurgeControl
from .views import can_control


class SurgeControlAdminForm(forms.ModelForm):
    paused = forms.BooleanField(label=_("Pause new comments"), required=False)
    reopen = forms.BooleanField(label=_("Reopen comments closed by age (from now)"), required=False)

    class Meta:
        model = SurgeControl
        fields = ["article", "pause_notice", "slow_mode_minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["paused"].initial = self.instance.paused
            self.fields["article"].disabled = True


@admin.register(SurgeControl)
class SurgeControlAdmin(admin.ModelAdmin):
    form = SurgeControlAdminForm
    list_display = ["article", "paused_at", "slow_mode_minutes", "reopened_at", "updated_at"]
    list_select_related = ["article"]
    list_filter = [("paused_at", admin.EmptyFieldListFilter)]
    autocomplete_fields = ["article"]
    readonly_fields = ["paused_at", "paused_by", "reopened_at", "reopened_by", "updated_by"]
    show_full_result_count = False

    def get_queryset(self, request):
        # A desk member sees the controls of their editions' stories only.
        return limit_to_desks(super().get_queryset(request), request.user, "article__edition")

    def has_module_permission(self, request):
        return can_control(request.user)

    def has_view_permission(self, request, obj=None):
        return can_control(request.user)

    def has_add_permission(self, request):
        return can_control(request.user)

    def has_change_permission(self, request, obj=None):
        return can_control(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_control(request.user)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.update_controls(
            article=data.get("article") or obj.article,
            by=request.user,
            paused=data["paused"],
            notice=data["pause_notice"],
            slow_mode_minutes=data["slow_mode_minutes"],
            reopen=data["reopen"],
        )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        article_pk = obj.article_id
        super().delete_model(request, obj)
        services.refresh(article_pk)

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("article_id", flat=True))
        super().delete_queryset(request, queryset)
        for pk in pks:
            services.refresh(pk)
