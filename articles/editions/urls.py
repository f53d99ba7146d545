"""
Addresses outside the editions' prefixes: ``/`` and the old, unprefixed public pages
(each a 301 to the page's address in its edition). newsroom/urls.py includes this
before the editions' own patterns (articles/urls.py, under i18n_patterns).
"""

from django.urls import path, re_path

from articles.discovery import sitemaps
from newsroom.pagecache import cache_public_page

from . import views

app_name = "editions"

# What readers had before editions: the first part of every public page's address.
OLD_PAGES = r"(?P<rest>(?:section|tag|author|search|corrections|preview|feed)/.*|sitemap[^/]*\.xml)"

urlpatterns = [
    path("", cache_public_page(views.EditionChooserView.as_view()), name="choose"),
    # Every edition's sitemap index, for crawlers that only look at the root.
    path("sitemap.xml", sitemaps.all_editions_index, name="sitemap"),
    path("stories/<int:pk>/", views.old_story),
    path("stories/<int:pk>/<str:slug>/", views.old_story),
    re_path(rf"^{OLD_PAGES}$", views.old_page),
]
