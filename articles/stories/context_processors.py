from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from articles.editions.registry import all_editions

from .models import Section


def nav_sections(request):
    """The sections of the request's edition, fetched at most once per request."""
    if not hasattr(request, "_nav_sections"):
        request._nav_sections = list(Section.objects.filter(edition=request.edition.code))
    return request._nav_sections


def site(request):
    """
    The masthead: outlet name, the edition (language, direction) and the section
    navigation (one query, when rendered).
    """
    edition = request.edition
    return {
        "site_name": settings.NEWSROOM_NAME,
        "site_tagline": edition.tagline or settings.NEWSROOM_TAGLINE,
        "edition": edition,
        "editions": all_editions(),
        "nav_sections": SimpleLazyObject(lambda: nav_sections(request)),
        # The masthead's date, formatted in the edition's language and zone.
        "masthead_time": SimpleLazyObject(timezone.now),
    }
