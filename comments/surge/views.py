"""The queue's small form per story: pause, slow mode, reopen (moderators and editors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article
from comments import desks

from . import services
from .forms import SurgeControlForm


def can_control(user) -> bool:
    """Moderators and editors (who publish stories) set a story's surge controls."""
    return user.has_perm("comments.moderate_comment") or user.has_perm("articles.publish_article")


@login_required
@require_POST
def update_controls(request, pk):
    """POST the story's controls; back to the queue's view of that story with a message."""
    if not can_control(request.user):
        raise PermissionDenied
    article = get_object_or_404(Article, pk=pk)
    back = HttpResponseRedirect(reverse("comments:queue") + f"?article={article.pk}#surge")
    if not desks.may_moderate(request.user, article.edition):
        messages.error(
            request,
            _(
                "This story is in the %(edition)s edition, which you do not work on: its "
                "comment controls were not changed."
            )
            % {"edition": desks.edition_name(article.edition)},
        )
        return back
    form = SurgeControlForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        messages.info(request, _("The story's comment controls were not changed."))
        return back
    data = form.cleaned_data
    controls = services.update_controls(
        article=article,
        by=request.user,
        paused=data["paused"],
        notice=data["notice"],
        slow_mode_minutes=data["slow_mode_minutes"],
        reopen=data["reopen"],
    )
    parts = [_("paused") if controls.paused else _("taking comments")]
    if controls.slow_mode_minutes:
        parts.append(_("slow mode %(minutes)d min") % {"minutes": controls.slow_mode_minutes})
    if data["reopen"]:
        parts.append(_("reopened"))
    messages.success(
        request,
        _("%(headline)s: %(state)s.") % {"headline": article.headline, "state": ", ".join(parts)},
    )
    return back
