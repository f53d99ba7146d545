from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from . import registry

# Where staff work: these pages speak the staff member's own language (the language
# cookie set from the admin's menu, else the browser's), whatever edition they edit.
STAFF_PATHS = ("admin/", "moderation/", "i18n/")


class EditionMiddleware:
    """
    Activates the request's language and puts its edition on ``request.edition``.

    - Under an edition's prefix (``/ckb/...``): that edition's language, and its zone
      for the times shown. The page depends on its address alone, so it caches as one.
    - On staff pages (the admin, moderation): the staff member's chosen language, as
      Django's LocaleMiddleware would choose it (``Vary: Accept-Language, Cookie``;
      these pages are private anyway).
    - Anywhere else (``/``, the old addresses, the API): the default edition's
      language, never the reader's browser's, so these pages too cache as one.

    It takes the place of LocaleMiddleware, whose choice for unprefixed public pages
    would vary them by Accept-Language and redirect unknown addresses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.lstrip("/")
        first = path.split("/", 1)[0]
        try:
            edition = registry.get(first)
        except KeyError:
            edition = None
        staff_page = edition is None and path.startswith(STAFF_PATHS)
        if edition is not None:
            language = edition.language
        elif staff_page:
            language = translation.get_language_from_request(request)
        else:
            language = registry.default().language
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        request.edition = edition or registry.for_language(request.LANGUAGE_CODE)
        if edition is not None:
            timezone.activate(edition.zone)
        try:
            response = self.get_response(request)
        finally:
            if edition is not None:
                timezone.deactivate()
        if staff_page:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
