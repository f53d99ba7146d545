"""The moderators' privacy page: export or erase what is held about one email address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import PrivacyRequestForm
from .models import ErasureRecord


@login_required
@permission_required("comments.moderate_comment", raise_exception=True)
@never_cache
def privacy_request(request):
    """
    templates/comments/privacy.html. GET: the form. POST (the address never goes in
    a URL): ``action=export`` downloads the JSON; ``action=erase`` (with ``confirm``)
    erases and comes back here with what was done.
    """
    if request.method != "POST":
        return render(request, "comments/privacy.html", {"form": PrivacyRequestForm()})
    form = PrivacyRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "comments/privacy.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    if form.cleaned_data["action"] == "export":
        response = HttpResponse(
            services.export_json(email=email), content_type="application/json; charset=utf-8"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="comments-export-{stamp}.json"'
        return response
    erasure = services.erase_personal_data(
        email=email, by=request.user, source=ErasureRecord.Source.STAFF
    )
    record = erasure.record
    messages.success(
        request,
        _(
            "Erased: %(erased)d comment(s) now read “comment removed at the author’s "
            "request”, %(deleted)d pending comment(s) deleted."
        )
        % {"erased": record.comments_erased, "deleted": record.comments_deleted},
    )
    if erasure.repeat:
        messages.info(request, _("This address had been erased before."))
    return redirect("comments:privacy")
