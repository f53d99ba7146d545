"""
Editions in the admin: the coverage view (which event each edition has covered, and
which counterparts are behind a change to their source), story groups, and desks
(DeskMember: who works on which editions), on their own and on each user's page.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.editorial.admin import STATE_LABELS
from articles.editorial.desks import edition_choices, in_desks
from articles.editorial.revisions import local_label
from articles.stories.models import Article, is_editor

from . import registry
from .models import DeskMember, StoryGroup, editions_of

# Story groups per page of the coverage view.
GROUPS_PER_PAGE = 50


def original_of(stories):
    """
    The story a group's others follow: the one the most translations translate,
    else the first written (the oldest).
    """
    if not stories:
        return None
    counts = {}
    for story in stories:
        if story.translation_of_id:
            counts[story.translation_of_id] = counts.get(story.translation_of_id, 0) + 1
    by_pk = {story.pk: story for story in stories}
    translated = [pk for pk in sorted(counts, key=lambda pk: -counts[pk]) if pk in by_pk]
    if translated:
        return by_pk[translated[0]]
    return min(stories, key=lambda story: (story.created_at, story.pk))


def source_of(story, stories, original):
    """
    What ``story`` follows: the story it translates (if in its group), else the group's
    original; None for the original itself.
    """
    by_pk = {other.pk: other for other in stories}
    if story.translation_of_id in by_pk:
        return by_pk[story.translation_of_id]
    if original is None or original.pk == story.pk:
        return None
    return original


def coverage_rows(groups, user):
    """
    One row per group: its cells in the editions' order (a story, or None), each story
    with its state and whether it is behind its source. Stories come in one query for
    all the groups (prefetched by the caller).
    """
    editions = registry.all_editions()
    rows = []
    for group in groups:
        stories = list(group.stories.all())
        original = original_of(stories)
        by_edition = {story.edition: story for story in stories}
        cells = []
        for edition in editions:
            story = by_edition.get(edition.code)
            cell = {"edition": edition, "story": story, "mine": in_desks(user, edition.code)}
            if story is not None:
                source = source_of(story, stories, original)
                cell["state"] = STATE_LABELS.get(story.state, story.state)
                cell["is_original"] = original is not None and story.pk == original.pk
                cell["is_translation"] = source is not None and source.pk == story.translation_of_id
                cell["source"] = source
                cell["behind"] = source is not None and source.modified_at > story.modified_at
                cell["source_changed"] = local_label(source.modified_at) if cell["behind"] else ""
            cells.append(cell)
        # What the viewer may read: another desk's draft lends neither its headline to
        # the row nor itself as the source of a new counterpart.
        readable = [story for story in stories if story.is_public or in_desks(user, story.edition)]
        add_from = original if original in readable else (readable[0] if readable else None)
        title = group.name or (add_from.headline if add_from else str(group))
        rows.append(
            {
                "group": group,
                "title": title,
                "original": original,
                "add_from": add_from,
                "cells": cells,
            }
        )
    return rows


@admin.register(StoryGroup)
class StoryGroupAdmin(admin.ModelAdmin):
    """Editors only. Groups are made by linking stories (the story page's counterparts box)."""

    list_display = ["__str__", "created_at"]
    fields = ["name"]
    search_fields = ["name"]
    show_full_result_count = False

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        # A group names an event every desk covers: editors of every edition rename it.
        return is_editor(request.user) and editions_of(request.user) is None

    def has_add_permission(self, request):
        return False  # groups are made by linking stories

    def has_delete_permission(self, request, obj=None):
        return False  # unlink the stories instead

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "coverage/",
                self.admin_site.admin_view(self.coverage_view),
                name=f"{name}_coverage",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        # The list of groups is the coverage view.
        return HttpResponseRedirect(reverse("admin:articles_storygroup_coverage"))

    def coverage_view(self, request):
        """
        admin/articles/storygroup/coverage.html: the newest groups first, one column per
        edition. Two queries for the page however many groups it shows: the groups,
        then all their stories.
        """
        if not is_editor(request.user):
            raise PermissionDenied
        try:
            page = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            raise Http404 from None
        if page > 100_000:  # beyond any newsroom's archive, and beyond a database integer
            raise Http404
        start = (page - 1) * GROUPS_PER_PAGE
        stories = Article.objects.only(
            "pk",
            "headline",
            "edition",
            "status",
            "published_at",
            "created_at",
            "modified_at",
            "translation_of_id",
            "story_group_id",
        ).order_by("edition", "pk")
        groups = list(
            StoryGroup.objects.order_by("-created_at", "-pk").prefetch_related(
                Prefetch("stories", queryset=stories)
            )[start : start + GROUPS_PER_PAGE + 1]
        )
        has_next = len(groups) > GROUPS_PER_PAGE
        groups = groups[:GROUPS_PER_PAGE]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Coverage by edition"),
            "opts": self.opts,
            "editions": registry.all_editions(),
            "rows": coverage_rows(groups, request.user),
            "page": page,
            "has_next": has_next,
            "desks": [name for _code, name in edition_choices(request.user)],
        }
        return TemplateResponse(request, "admin/articles/storygroup/coverage.html", context)


def _edition_field(db_field, **kwargs):
    """The edition as a choice of the configured editions."""
    return forms.ChoiceField(
        label=_("Edition"), choices=lambda: [("", "---------"), *registry.choices()]
    )


@admin.register(DeskMember)
class DeskMemberAdmin(admin.ModelAdmin):
    """Who works on which editions. Staff with no desk work on every edition."""

    list_display = ["user", "edition_name"]
    list_filter = ["edition"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "edition":
            return _edition_field(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("edition"), ordering="edition")
    def edition_name(self, desk):
        try:
            return registry.get(desk.edition).english_name
        except KeyError:
            return desk.edition


class DeskMemberInline(admin.TabularInline):
    model = DeskMember
    extra = 1
    verbose_name = _("desk")
    verbose_name_plural = _("Desks (the editions this person works on; none means every edition)")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "edition":
            return _edition_field(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


User = get_user_model()


class NewsroomUserAdmin(UserAdmin):
    """Django's user admin, with the person's desks."""

    inlines = [*UserAdmin.inlines, DeskMemberInline]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)
