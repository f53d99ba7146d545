"""
Unsubscribing from the readers' notices: the link in every email, no login.

The page (GET) asks for a click on a button (POST, with the usual CSRF token): mail
scanners that open links must not unsubscribe anyone. Mail programs use the
one-click address of the List-Unsubscribe header (RFC 8058), a POST that carries
no CSRF token by design; there the signed token in the address is the proof.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import services

INVALID_LINK = (
    "This unsubscribe link is not complete or not one of ours. Please open the link from "
    "the email again, or copy the whole of it into your browser."
)


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    address = services.address_of_token(token)
    if address is None:
        return render(request, "comments/unsubscribe.html", {"error": INVALID_LINK}, status=400)
    if request.method == "POST":
        services.unsubscribe(address=address)
        return render(request, "comments/unsubscribe_done.html")
    return render(request, "comments/unsubscribe.html", {"token": token})


@csrf_exempt
@never_cache
@require_POST
def unsubscribe_one_click(request, token):
    address = services.address_of_token(token)
    if address is None:
        return HttpResponse(INVALID_LINK, status=400, content_type="text/plain; charset=utf-8")
    services.unsubscribe(address=address)
    return HttpResponse(
        "Unsubscribed: this address gets no more emails about comments.",
        content_type="text/plain; charset=utf-8",
    )
