from django.urls import path, register_converter

from newsroom.pagecache import cache_public_page

from .discovery import feeds, sitemaps
from .discovery.views import SearchView
from .editorial.views import SharedDraftView
from .frontpage.views import FrontPageView
from .stories import views
from .stories.schedule import next_publication
from .stories.tags import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")


def public(view, **options):
    """
    Anonymous readers get this page from the page cache (newsroom/pagecache), keyed on
    the query parameters it reads (``query``): any other parameter gets the same page.
    """
    return cache_public_page(view, expires=next_publication, **options)


# What listings read from the query string: the page number (their links say ?page=N).
LISTING = ("page",)

app_name = "articles"

urlpatterns = [
    # The front page also has a generation of its own: its arrangement (articles/frontpage).
    path("", public(FrontPageView.as_view(), page="front"), name="front"),
    path("stories/<int:pk>/", views.article_shortlink, name="shortlink"),
    path(
        "stories/<int:pk>/<str:slug>/",
        public(
            views.ArticleDetailView.as_view(),
            # A page of comments; "comment" marks the private "awaits moderation" page,
            # never stored, and must reach the view to be recognised.
            query=("comments", "comment"),
            story_pk_kwarg="pk",
        ),
        name="article",
    ),
    path(
        "section/<uslug:slug>/", public(views.SectionView.as_view(), query=LISTING), name="section"
    ),
    path("tag/<uslug:slug>/", public(views.TagView.as_view(), query=LISTING), name="tag"),
    path("author/<uslug:slug>/", public(views.AuthorView.as_view(), query=LISTING), name="author"),
    path("search/", SearchView.as_view(), name="search"),
    path(
        "corrections/",
        public(views.CorrectionListView.as_view(), query=LISTING),
        name="corrections",
    ),
    # Share-draft links: never through the page cache (private, no-store).
    path("preview/<str:signed>/", SharedDraftView.as_view(), name="share-preview"),
    # Feeds: RSS 2.0 at .../feed/, Atom at .../feed/atom/ (docs/discovery.md).
    path("feed/", feeds.StoryFeed(), name="feed"),
    path("feed/atom/", feeds.StoryAtomFeed(), name="feed-atom"),
    path("section/<uslug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("section/<uslug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tag/<uslug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<uslug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("author/<uslug:slug>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path("author/<uslug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemap-<section>.xml", sitemaps.sitemap, name="sitemap"),
]
