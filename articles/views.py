"""
Public pages. Every read starts from Article.objects.published(); staff may
also see drafts and scheduled stories on the story page, with a banner.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from . import search, structured_data
from .context_processors import nav_sections
from .forms import SearchForm
from .models import Article, Author, Byline, Section
from .pagination import LimitPaginator


class FrontPageView(TemplateView):
    """
    templates/articles/front_page.html

    Context: ``lead`` (Article or None), ``latest`` (the next stories),
    ``section_blocks`` (list of (Section, [Article]) for sections with stories).
    """

    template_name = "articles/front_page.html"
    latest_count = 8
    per_section = 4

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        top = list(Article.objects.for_listing()[: self.latest_count + 1])
        context["lead"] = top[0] if top else None
        context["latest"] = top[1:]
        # One query for every section's newest stories, however many sections there are.
        ranked = (
            Article.objects.for_listing()
            .annotate(
                section_rank=Window(
                    RowNumber(), partition_by="section", order_by=["-published_at", "-pk"]
                )
            )
            .filter(section_rank__lte=self.per_section)
        )
        by_section = {}
        for article in ranked:
            by_section.setdefault(article.section_id, []).append(article)
        context["section_blocks"] = [
            (section, by_section[section.pk])
            for section in nav_sections(self.request)
            if section.pk in by_section
        ]
        return context


class StoryListView(ListView):
    """
    A paginated list of published stories (section, tag and author pages).

    Context: ``object_list`` / ``articles`` (one page of stories), ``page_obj``
    (with ``number``, ``has_next``, ``has_previous``, ``next_page_number``,
    ``previous_page_number``), plus what the subclass adds.
    """

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    paginator_class = LimitPaginator
    context_object_name = "articles"


class SectionView(StoryListView):
    """templates/articles/section_detail.html; adds ``section``."""

    template_name = "articles/section_detail.html"

    @cached_property
    def section(self):
        return get_object_or_404(Section, slug=self.kwargs["slug"])

    def get_queryset(self):
        return Article.objects.for_listing().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(StoryListView):
    """templates/articles/tag_detail.html; adds ``tag``."""

    template_name = "articles/tag_detail.html"

    @cached_property
    def tag(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def get_queryset(self):
        return Article.objects.for_listing().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(StoryListView):
    """templates/articles/author_detail.html; adds ``author``."""

    template_name = "articles/author_detail.html"

    @cached_property
    def author(self):
        return get_object_or_404(Author, slug=self.kwargs["slug"])

    def get_queryset(self):
        return Article.objects.for_listing().filter(bylines__author=self.author).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class SearchView(StoryListView):
    """
    templates/articles/search.html: /search/?q=…&section=…&author=…&tag=…&since=…&until=…

    Context: ``form`` (SearchForm; its ``q`` errors are the messages for queries
    that cannot be searched), ``query`` (the searched text, empty when there is
    none), ``articles`` / ``page_obj`` (one page of results, best first, each
    with ``snippet_html``: escaped text with the matches in <mark>), and
    ``page_query`` (the query string the pagination links keep).
    """

    template_name = "articles/search.html"

    @cached_property
    def form(self):
        authors = (
            Author.objects.filter(
                Exists(
                    Byline.objects.filter(
                        author=OuterRef("pk"), article__in=Article.objects.published()
                    )
                )
            )
            .values_list("slug", "name")
            .order_by("name")
        )
        return SearchForm(
            self.request.GET or None, sections=nav_sections(self.request), authors=authors
        )

    def get_queryset(self):
        if not self.form.is_valid() or not self.form.cleaned_data["q"]:
            return Article.objects.none()
        return search.search_articles(self.form.cleaned_data["q"], **self.form.filters())

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


class ArticleDetailView(DetailView):
    """
    templates/articles/article_detail.html

    Context: ``article`` with ``bylines`` (author selected), ``tags``, and when
    it carries a transcript ``interview`` with ``participants`` and ``turns``
    (each turn's ``participant`` selected); ``related`` (stories sharing tags);
    ``is_preview`` when staff look at a story readers cannot see yet; ``meta``
    (canonical URL, preview image, JSON-LD, share links: see
    structured_data.story_meta).

    The URL carries the id, so a story keeps every old link: a stale slug
    answers 301 to the canonical address.
    """

    model = Article
    related_count = 4

    def get_queryset(self):
        queryset = Article.objects.all() if self.is_staff else Article.objects.published()
        return (
            queryset.defer("search_vector")
            .select_related("section", "interview")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "tags",
            )
        )

    @property
    def is_staff(self):
        # Readers have no session cookie: looking up their user would load an
        # empty session and add "Vary: Cookie", making the page uncacheable.
        if settings.SESSION_COOKIE_NAME not in self.request.COOKIES:
            return False
        return self.request.user.is_active and self.request.user.is_staff

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.kwargs.get("slug") != self.object.slug:
            return redirect(self.object, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        # The "your comment awaits moderation" state is for one reader: never cached.
        response.private_page = "comment" in request.GET
        return response

    def get_object(self, queryset=None):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except Article.DoesNotExist:
            raise Http404("No story here.") from None

    def get_context_data(self, **kwargs):
        article = self.object
        interview = getattr(article, "interview", None)
        if interview is not None:
            interview.participant_list = list(interview.participants.all())
            speakers = {p.pk: p for p in interview.participant_list}
            interview.turn_list = list(interview.turns.all())
            for turn in interview.turn_list:
                # Each turn names its speaker without a query per turn.
                turn.participant = speakers[turn.participant_id]
        tag_ids = [tag.pk for tag in article.tags.all()]
        related = []
        if tag_ids:
            related = list(
                Article.objects.published()
                .filter(tags__in=tag_ids)
                .exclude(pk=article.pk)
                .select_related("section")
                .annotate(shared_tags=Count("tags"))
                .order_by("-shared_tags", "-published_at")[: self.related_count]
            )
        return super().get_context_data(
            interview=interview,
            related=related,
            is_preview=not article.is_public,
            # Hook: when corrections arrive, pass the story's (prefetched) corrections.
            meta=structured_data.story_meta(article, request=self.request, corrections=None),
            **kwargs,
        )


def story_page(request, pk, *, status=200, **extra_context):
    """
    The story page answering another app's request: the comments app renders it
    again, with the reader's form and its errors, when a comment is refused.
    """
    view = ArticleDetailView()
    view.setup(request, pk=pk)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object, **extra_context)
    return view.response_class(
        request=request, template=view.get_template_names(), context=context, status=status
    )


def article_shortlink(request, pk):
    """/stories/<id>/ goes to the story's canonical address."""
    article = get_object_or_404(Article.objects.published(), pk=pk)
    return redirect(article, permanent=True)
