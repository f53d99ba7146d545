"""
Unsubscribing from the readers' notices: the link in every email, no login.

The page (GET) asks for a click on a button (POST, with the usual CSRF token): mail
scanners that open links must not unsubscribe anyone. Mail programs use the
one-click address of the List-Unsubscribe header (RFC 8058), a POST that carries
no CSRF token by design; there the signed token in the address is the proof.
"""

from functools import wraps

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.editions import registry

from . import services

INVALID_LINK = _(
    "This unsubscribe link is not complete or not one of ours. Please open the link from "
    "the email again, or copy the whole of it into your browser."
)


def in_edition(view):
    """
    Answer in the language of the edition the email was written in (``?edition=``, set
    by comments.notices.services on its links); the default edition's without one.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            edition = registry.get(request.GET.get("edition", ""))
        except KeyError:
            return view(request, *args, **kwargs)
        request.edition = edition
        request.LANGUAGE_CODE = edition.language
        with translation.override(edition.language):
            return view(request, *args, **kwargs)

    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
@in_edition
def unsubscribe(request, token):
    address = services.address_of_token(token)
    if address is None:
        return render(request, "comments/unsubscribe.html", {"error": INVALID_LINK}, status=400)
    if request.method == "POST":
        services.unsubscribe(address=address)
        return render(request, "comments/unsubscribe_done.html")
    context = {"token": token, "edition_code": request.GET.get("edition", "")}
    return render(request, "comments/unsubscribe.html", context)


@csrf_exempt
@never_cache
@require_POST
@in_edition
def unsubscribe_one_click(request, token):
    address = services.address_of_token(token)
    if address is None:
        return HttpResponse(str(INVALID_LINK), status=400, content_type="text/plain; charset=utf-8")
    services.unsubscribe(address=address)
    return HttpResponse(
        gettext("Unsubscribed: this address gets no more emails about comments."),
        content_type="text/plain; charset=utf-8",
    )
