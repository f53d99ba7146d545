"""
The front page's admin: arrangements with their pinned stories (inline), their
history (django-reversion, one revision per save with who and when), a preview of
an arrangement as readers would see it, and edit conflicts as in the story form.
Only editors arrange the front page; each edition has its own (one arrangement live
per edition), and an editor limited to some desks arranges only theirs.
"""

from contextlib import contextmanager
from datetime import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from ..editions import registry
from ..editorial.admin import DeskLimitedAdmin, EditConflictMixin, EditionFilter
from ..editorial.revisions import local_label
from ..stories.models import is_editor
from . import services
from .forms import FrontPageForm, FrontPagePinForm
from .models import FrontPage, FrontPagePin
from .views import FrontPageView


class EditorsOnly:
    """Reporters and other staff see no arrangement; editors do everything."""

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_editor(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)


class FrontPagePinInline(EditorsOnly, admin.StackedInline):
    model = FrontPagePin
    form = FrontPagePinForm
    fields = ["slot", "section", "position", "article", "starts_at", "ends_at", "showing"]
    readonly_fields = ["showing"]
    autocomplete_fields = ["article"]
    extra = 2
    # One labelled input with the browser's own picker, in the newsroom's time zone.
    formfield_overrides = {
        models.DateTimeField: {
            "form_class": forms.DateTimeField,
            "widget": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        },
    }
    verbose_name = _("pinned story")
    verbose_name_plural = _(
        "Pinned stories: a slot with no pin in force shows the newest story "
        "(of its section, for a section block)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "section")

    @admin.display(description=_("on the page now"))
    def showing(self, pin):
        """Why a saved pin is, or is not, on the page now (another pin may still win)."""
        if pin.pk is None:
            return "—"
        now = timezone.now()
        story = pin.article
        if story.state_for(story.status, story.published_at, now=now) == "scheduled":
            return gettext("Not yet: the story is published at %(when)s") % {
                "when": local_label(story.published_at)
            }
        if not story.is_public:
            return gettext("No: readers cannot see the story (%(status)s)") % {
                "status": story.get_status_display().lower()
            }
        if pin.starts_at and pin.starts_at > now:
            return gettext("From %(when)s") % {"when": local_label(pin.starts_at)}
        if pin.ends_at and pin.ends_at <= now:
            return gettext("No: ended at %(when)s") % {"when": local_label(pin.ends_at)}
        return (
            gettext("Yes")
            if pin.ends_at is None
            else gettext("Until %(when)s") % {"when": local_label(pin.ends_at)}
        )


@admin.register(FrontPage)
class FrontPageAdmin(DeskLimitedAdmin, EditorsOnly, EditConflictMixin, VersionAdmin):
    form = FrontPageForm
    inlines = [FrontPagePinInline]
    list_display = ["name", "edition_name", "is_live", "modified_at", "modified_by"]
    list_filter = [EditionFilter, "is_live"]
    list_select_related = ["modified_by"]
    show_full_result_count = False
    fields = ["edition", "name", "is_live", "last_saved"]
    readonly_fields = ["last_saved"]
    actions = ["make_live"]
    change_form_template = "admin/articles/frontpage/change_form.html"
    # Reversion's "recover deleted" pages are left out (as for stories): its list links them.
    change_list_template = None

    @admin.display(description=_("last saved"))
    def last_saved(self, front_page):
        if front_page.pk is None:
            return "—"
        who = front_page.modified_by
        name = (who.get_full_name() or who.get_username()) if who else gettext("someone")
        return gettext("%(when)s by %(who)s") % {
            "when": local_label(front_page.modified_at),
            "who": name,
        }

    # Revisions: one per save, recorded once the pins are saved too.

    @contextmanager
    def create_revision(self, request):
        with reversion.create_revision(manage_manually=True):
            reversion.set_user(request.user)
            yield

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{name}_preview",
            ),
            *[
                url
                for url in super().get_urls()
                if not (url.name or "").endswith(("_recoverlist", "_recover"))
            ],
        ]

    def save_model(self, request, obj, form, change):
        services.save_front_page(front_page=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.record_revision(form.instance)

    @admin.action(description=_("Make the selected arrangement live"), permissions=["change"])
    def make_live(self, request, queryset):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, gettext("Choose one arrangement."), messages.ERROR)
            return
        with self.create_revision(request):
            services.make_live(front_page=chosen[0], by=request.user)
            services.record_revision(chosen[0])
        self.message_user(
            request,
            gettext("Readers of %(edition)s now see “%(name)s”.")
            % {"edition": self.edition_name(chosen[0]), "name": chosen[0]},
            messages.SUCCESS,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["preview_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_preview", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The preview ------------------------------------------------------------------

    def preview_view(self, request, object_id):
        """
        The real front page with this arrangement, as readers would see it at ``?at=``
        (a local date and time; now by default). Never stored by any cache.
        """
        front_page = self.get_object(request, unquote(object_id))
        if front_page is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, front_page):
            raise PermissionDenied
        at = preview_moment(request.GET.get("at", ""))
        try:
            edition = registry.get(front_page.edition)
        except KeyError:
            edition = registry.default()
        view = FrontPageView.as_view(
            front_page=front_page,
            now=at,
            extra_context={
                "preview": front_page,
                "preview_at": at or timezone.now(),
                "preview_change_url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=[front_page.pk],
                ),
            },
        )
        # As readers of its edition would see it: their language, direction and zone.
        staff_edition = getattr(request, "edition", None)
        request.edition = edition
        try:
            with translation.override(edition.language), timezone.override(edition.zone):
                request.LANGUAGE_CODE = edition.language
                response = view(request).render()
        finally:
            request.edition = staff_edition
            request.LANGUAGE_CODE = translation.get_language()
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def preview_moment(value) -> datetime | None:
    """``?at=`` of the preview ("2026-11-30T11:00", local time), or None for now."""
    try:
        moment = parse_datetime(value.strip()) if value else None
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


__all__ = ["FrontPageAdmin", "FrontPagePinInline"]
