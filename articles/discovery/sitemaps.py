"""
Sitemaps for search engines: an index (/sitemap.xml) of one sitemap each for
stories, sections, tags and authors, plus a Google News sitemap of the stories
published in the last 48 hours (/sitemap-news.xml, also in the index).

Only what readers can open is listed: stories from Article.objects.published(),
and tags and authors that have at least one such story (a tag or a guest author
of a draft would otherwise reveal it). ``lastmod`` is a story's ``modified_at``,
and for a section, tag or author the latest ``modified_at`` of its stories.

The stories sitemap lists each story's hero image (Google's image extension,
``<image:image><image:loc>``, templates/sitemaps/stories.xml), its absolute address
built from the row: no query and no storage call more.
"""

from datetime import timedelta
from urllib.parse import urljoin

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.stories.models import Article, Author, Section

NEWS_WINDOW = timedelta(hours=48)


def latest_modified(**filters):
    """The newest modified_at of the published stories matching ``filters`` (a subquery)."""
    stories = Article.objects.published().filter(**filters).order_by("-modified_at")
    return Subquery(stories.values("modified_at")[:1])


class StorySitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            # An image field reads its width and height fields on load: loaded with it.
            .only("pk", "slug", "modified_at", "hero_image", "hero_width", "hero_height")
            .order_by("-pk")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            hero = url["item"].hero_image
            url["images"] = [urljoin(origin, hero.url)] if hero else []
        return urls

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        # One aggregate, not a walk over every story (Django's default).
        return Article.objects.published().aggregate(latest=Max("modified_at"))["latest"]


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.annotate(latest=latest_modified(section=OuterRef("pk")))

    def lastmod(self, section):
        return section.latest

    def get_latest_lastmod(self):
        return StorySitemap().get_latest_lastmod()


class TagSitemap(Sitemap):
    def items(self):
        return (
            Tag.objects.annotate(latest=latest_modified(tags=OuterRef("pk")))
            .filter(latest__isnull=False)
            .order_by("name", "pk")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.latest

    def get_latest_lastmod(self):
        return StorySitemap().get_latest_lastmod()


class AuthorSitemap(Sitemap):
    def items(self):
        return Author.objects.annotate(
            latest=latest_modified(bylines__author=OuterRef("pk"))
        ).filter(latest__isnull=False)

    def lastmod(self, author):
        return author.latest

    def get_latest_lastmod(self):
        return StorySitemap().get_latest_lastmod()


class NewsSitemap(Sitemap):
    """
    Google News: stories published in the last 48 hours, at most 1,000.
    Rendered by templates/sitemaps/news.xml (publication name, language, date, title).
    """

    limit = 1000

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("pk", "slug", "headline", "language", "published_at", "modified_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        since = timezone.now() - NEWS_WINDOW
        stories = Article.objects.published().filter(published_at__gte=since)
        return stories.aggregate(latest=Max("modified_at"))["latest"]


SITEMAPS = {
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "news": NewsSitemap,
}
TEMPLATES = {"news": "sitemaps/news.xml", "stories": "sitemaps/stories.xml"}


def sitemap_index(request):
    """/sitemap.xml: every sitemap with its latest lastmod."""
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="articles:sitemap")


def sitemap(request, section):
    """/sitemap-<section>.xml, the Google News one in its own namespace."""
    template_name = TEMPLATES.get(section, "sitemap.xml")
    return sitemap_views.sitemap(request, SITEMAPS, section=section, template_name=template_name)
