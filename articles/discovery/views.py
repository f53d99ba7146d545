"""The reader's search page."""

from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property

from articles.stories.context_processors import nav_sections
from articles.stories.models import Article, Author, Byline
from articles.stories.views import StoryListView

from . import search
from .forms import SearchForm


class SearchView(StoryListView):
    """
    templates/articles/search.html: /<edition>/search/?q=…&section=…&author=…&tag=…&since=…&until=…

    Searches the request's edition only, reading the query with its rules.
    Context: ``form`` (SearchForm; its ``q`` errors are the messages for queries
    that cannot be searched), ``query`` (the searched text, empty when there is
    none), ``articles`` / ``page_obj`` (one page of results, best first, each
    with ``snippet_html``: escaped text with the matches in <mark>), and
    ``page_query`` (the query string the pagination links keep).
    """

    template_name = "articles/search.html"

    @cached_property
    def form(self):
        edition = self.request.edition
        published = Article.objects.published().filter(edition=edition.code)
        authors = (
            Author.objects.filter(
                Exists(Byline.objects.filter(author=OuterRef("pk"), article__in=published))
            )
            .values_list("slug", "name")
            .order_by("name")
        )
        return SearchForm(
            self.request.GET or None,
            sections=nav_sections(self.request),
            authors=authors,
            rules=edition.search_rules,
        )

    def get_queryset(self):
        if not self.form.is_valid() or not self.form.cleaned_data["q"]:
            return Article.objects.none()
        return search.search_articles(
            self.form.cleaned_data["q"], edition=self.request.edition.code, **self.form.filters()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for article in context["articles"]:
            article.snippet_html = search.snippet_html(article)
        kept = [(k, v) for k, v in self.request.GET.items() if k != self.page_kwarg and v]
        return {
            **context,
            "form": self.form,
            "query": self.form.cleaned_data["q"] if self.form.is_valid() else "",
            "page_query": urlencode(kept) + "&" if kept else "",
        }
