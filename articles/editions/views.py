"""
The editions' own public pages: ``/`` (choose an edition) and the addresses the
newsroom had before it had editions, each answered with a 301 to its new home.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from articles.stories.models import Article

from . import registry


class EditionChooserView(TemplateView):
    """
    ``/``: every edition by its own name. The page is the same for every reader, so one
    cached copy serves all (no Vary on language or cookie); static/js/edition-choice.js
    takes a returning reader to the edition they read last.
    """

    template_name = "articles/edition_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(editions=registry.all_editions(), **kwargs)


def old_story(request, pk, slug=None):
    """``/stories/<id>/<slug>/``, before editions: the story's own address."""
    article = get_object_or_404(Article.objects.published(), pk=pk)
    return redirect(_with_query(request, article.get_absolute_url()), permanent=True)


def old_page(request, rest=""):
    """Any other address from before editions: the same page in the default edition."""
    if rest.startswith("/") or ".." in rest:
        raise Http404
    return redirect(_with_query(request, f"{registry.default().prefix}{rest}"), permanent=True)


def _with_query(request, url):
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url
