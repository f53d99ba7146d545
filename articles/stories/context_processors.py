from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Section


def nav_sections(request):
    """The sections of the navigation, fetched at most once per request."""
    if not hasattr(request, "_nav_sections"):
        request._nav_sections = list(Section.objects.all())
    return request._nav_sections


def site(request):
    """The masthead: outlet name and the section navigation (one query, when rendered)."""
    return {
        "site_name": settings.NEWSROOM_NAME,
        "site_tagline": settings.NEWSROOM_TAGLINE,
        "nav_sections": SimpleLazyObject(lambda: nav_sections(request)),
    }
