"""
Public pages. Every read starts from Article.objects.published(); staff may
also see drafts and scheduled stories on the story page, with a banner.
"""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from newsroom.pagination import LimitPaginator, ListingPaginator

from .models import Article, Author, Byline, Correction, Section
from .shell import COMMENTS_HOLE, StoryShell, comment_section_template

# What a story card never shows: left in the database by listings (at 100,000 stories,
# sorting rows with their bodies for a deep page spills to disk).
CARD_DEFERRED = ("body", "body_html")


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

    paginator_class = ListingPaginator

    template_name = "articles/section_detail.html"

    @cached_property
    def section(self):
        edition = self.request.edition.code
        return get_object_or_404(Section, edition=edition, slug=self.kwargs["slug"])

    def get_queryset(self):
        listing = Article.objects.for_listing().defer(*CARD_DEFERRED)
        return listing.filter(section=self.section, edition=self.request.edition.code)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(StoryListView):
    """templates/articles/tag_detail.html; adds ``tag``."""

    paginator_class = ListingPaginator

    template_name = "articles/tag_detail.html"

    @cached_property
    def tag(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def get_queryset(self):
        listing = Article.objects.for_listing().defer(*CARD_DEFERRED)
        return listing.filter(tags=self.tag, edition=self.request.edition.code)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(StoryListView):
    """templates/articles/author_detail.html; adds ``author``."""

    paginator_class = ListingPaginator

    template_name = "articles/author_detail.html"

    @cached_property
    def author(self):
        return get_object_or_404(Author, slug=self.kwargs["slug"])

    def get_queryset(self):
        listing = Article.objects.for_listing().defer(*CARD_DEFERRED)
        return listing.filter(
            bylines__author=self.author, edition=self.request.edition.code
        ).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleDetailView(DetailView):
    """
    templates/articles/article_detail.html

    Context: ``article`` with ``bylines`` (author selected), ``tags``, and when
    it carries a transcript ``interview`` with ``participants`` and ``turns``
    (each turn's ``participant`` selected); ``related`` (stories sharing tags);
    ``corrections`` (shown at the top) and ``updates`` (updates and editor's
    notes, under the body), newest first; ``is_preview`` when staff look at a
    story readers cannot see yet, and ``share_link`` when the reader came
    through a share-draft link (SharedDraftView); ``meta``
    (canonical URL, preview image, JSON-LD, share links: see
    structured_data.story_meta); ``comments_hole`` when the page is rendered as
    a shell (below): the template writes it where the comment section goes.

    The URL carries the id, so a story keeps every old link: a stale slug
    answers 301 to the canonical address.

    A public story's page is kept rendered without its comment section
    (StoryShell); when it is found (read before the story's row), the view reads
    the story's row alone, to know it is still there, where it lives and whether
    comments are open, and renders only the comment section: none of the context
    above is built. Previews (drafts and scheduled stories seen by staff,
    share-draft links) never read nor store a shell; they are rendered in full.
    """

    model = Article
    related_count = 4
    related_fields = ("headline", "slug", "edition", "published_at", "section__name")
    use_shell = True
    # What the page needs of the story when its shell is found (services.comments_open).
    shell_fields = ("pk", "slug", "edition", "status", "published_at", "comments_enabled")

    @cached_property
    def shell(self):
        pk = self.kwargs["pk"]
        return StoryShell(self.request, pk, enabled=self.use_shell)

    def get_queryset(self):
        if self.shell.halves is not None:
            # The page is rendered already: the story's row says whether it may be shown,
            # where it lives and whether comments are open.
            return self.visible_stories().only(*self.shell_fields)
        return self.full_queryset()

    def full_queryset(self):
        """The story with everything its page shows, in as few queries as can be."""
        return (
            self.visible_stories()
            .defer("search_vector")
            .select_related("section", "interview")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "tags",
            )
            # Most stories have no corrections: asking in the story's own query spares
            # them a query; those that have some fetch them in one more.
            .annotate(has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))))
        )

    def visible_stories(self):
        """
        Readers see published stories; staff preview what they may read in the admin
        (ArticleQuerySet.visible_to), with a banner.
        """
        if not self.is_staff:
            return Article.objects.published()
        return Article.objects.visible_to(self.request.user)

    @property
    def is_staff(self):
        # Readers have no session cookie: looking up their user would load an
        # empty session and add "Vary: Cookie", making the page uncacheable.
        if settings.SESSION_COOKIE_NAME not in self.request.COOKIES:
            return False
        return self.request.user.is_active and self.request.user.is_staff

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # A stale slug, or another edition's prefix: the story's own address.
        if (
            self.kwargs.get("slug") != self.object.slug
            # edition_info: a story of an edition no longer in settings lives in the
            # default one, rather than redirecting to itself forever.
            or self.object.edition_info.code != request.edition.code
        ):
            query = request.META.get("QUERY_STRING", "")
            url = self.object.get_absolute_url() + (f"?{query}" if query else "")
            return redirect(url, permanent=True)
        response = self.render_page()
        # The "your comment awaits moderation" state is for one reader: never cached.
        response.private_page = "comment" in request.GET
        return response

    def render_page(self):
        """
        The page of self.object: a preview in full; a public story from its shell,
        rendered first when it is not found, with the comment section of this request.
        """
        article = self.object
        if not self.use_shell or not article.is_public or not self.shell.key:
            if self.shell.halves is not None:
                # A shell was found for a story readers cannot see (staff reading a draft):
                # never used; the story is read again, in full.
                self.object = self.full_queryset().get(pk=article.pk)
            context = self.get_context_data(object=self.object)
            return self.render_to_response(context)
        halves = self.shell.halves
        if halves is None:
            context = self.get_context_data(object=article, comments_hole=COMMENTS_HOLE)
            html = render_to_string(self.get_template_names(), context, self.request)
            halves = self.shell.store(html)
            if halves is None:  # the hole was not found once: render the page in full
                context = self.get_context_data(object=article)
                return self.render_to_response(context)
        comments = comment_section_template().render({"article": article}, self.request)
        before, after = halves
        return HttpResponse(before + comments + after)

    def get_object(self, queryset=None):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except Article.DoesNotExist:
            raise Http404("No story here.") from None

    def get_context_data(self, **kwargs):
        article = self.object
        interview = getattr(article, "interview", None)
        tag_ids = [tag.pk for tag in article.tags.all()]
        related = []
        if tag_ids:
            related = list(
                Article.objects.published()
                .filter(tags__in=tag_ids, edition=article.edition)
                .exclude(pk=article.pk)
                .select_related("section")
                # What the list shows: the count groups by every column selected.
                .only(*self.related_fields)
                .annotate(shared_tags=Count("tags"))
                .order_by("-shared_tags", "-published_at")[: self.related_count]
            )
        notes = list(article.corrections.all()) if article.has_corrections else []
        corrections = [note for note in notes if note.kind == Correction.Kind.CORRECTION]
        return super().get_context_data(
            interview=interview,
            related=related,
            is_preview=not article.is_public,
            corrections=corrections,
            updates=[note for note in notes if note.kind != Correction.Kind.CORRECTION],
            **kwargs,
        )


def article_shortlink(request, pk):
    """/stories/<id>/ goes to the story's canonical address."""
    article = get_object_or_404(Article.objects.published(), pk=pk)
    return redirect(article, permanent=True)


class CorrectionListView(ListView):
    """
    templates/articles/correction_list.html: /corrections/, every correction,
    update and editor's note on a published story, newest first.

    Context: ``corrections`` / ``object_list`` (one page, each with ``article``
    selected) and ``page_obj`` as in StoryListView.
    """

    template_name = "articles/correction_list.html"
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    paginator_class = LimitPaginator
    context_object_name = "corrections"

    def get_queryset(self):
        return (
            Correction.objects.filter(
                article__in=Article.objects.published().filter(edition=self.request.edition.code)
            )
            .select_related("article")
            .defer("article__search_vector", "article__body", "article__body_html")
            .order_by("-created_at", "-pk")
        )
