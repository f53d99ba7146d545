"""
Sitemaps for search engines, one set per edition under its prefix: an index
(/ckb/sitemap.xml) of one sitemap each for stories, sections, tags and authors, plus a
Google News sitemap of the stories published in the last 48 hours
(/ckb/sitemap-news.xml, also in the index). Each lists its edition's pages only: its
stories and sections, and the tags and authors of its stories (their pages under its
prefix list its stories). ``/sitemap.xml`` (all_editions_index) is the index of every
edition's sitemaps, for robots.txt and a search console that wants one address.

Only what readers can open is listed: stories from Article.objects.published(),
and tags and authors that have at least one such story (a tag or a guest author
of a draft would otherwise reveal it). ``lastmod`` is a story's ``modified_at``,
and for a section, tag or author the latest ``modified_at`` of its stories.

The stories sitemap lists each story's hero image (Google's image extension,
``<image:image><image:loc>``, templates/sitemaps/stories.xml), its absolute address
built from the row: no query and no storage call more; and, for a story with
published counterparts, an ``xhtml:link rel="alternate"`` per story of its group
(itself included) and ``x-default``, the same set the story pages' hreflang links
give (structured_data.hreflang_alternates), fetched for the whole page in one query.
The news sitemap gives each story its edition's language: ``<news:language>`` is the
edition's hreflang (``ckb``, ``kmr``: ISO 639-3 codes, which Google News accepts as
"two or three letters"; docs/editions.md).

The indexes (per edition and of all editions) cost four queries whatever the number
of editions: the latest change and the number of stories, of news stories and of
tags, per edition, grouped.
"""

import math
from collections import defaultdict
from datetime import timedelta
from urllib.parse import urljoin

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from taggit.models import Tag

from articles.editions import registry as editions
from articles.stories.models import Article, Author, Section

from .structured_data import COUNTERPART_FIELDS, hreflang_alternates

NEWS_WINDOW = timedelta(hours=48)


class EditionSitemap(Sitemap):
    """A sitemap of one edition's pages (``edition``, a code)."""

    def __init__(self, edition):
        self.edition = edition

    def stories(self):
        return Article.objects.published().filter(edition=self.edition)

    def latest_modified(self, **filters):
        """The newest modified_at of the edition's stories matching ``filters`` (a subquery)."""
        stories = self.stories().filter(**filters).order_by("-modified_at")
        return Subquery(stories.values("modified_at")[:1])

    def get_latest_lastmod(self):
        # One aggregate, not a walk over every item (Django's default).
        return self.stories().aggregate(latest=Max("modified_at"))["latest"]


class StorySitemap(EditionSitemap):
    def items(self):
        return (
            self.stories()
            # An image field reads its width and height fields on load: loaded with it.
            .only(
                "pk",
                "slug",
                "edition",
                "story_group_id",
                "modified_at",
                "hero_image",
                "hero_width",
                "hero_height",
            )
            .order_by("-pk")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        groups = self.published_groups({url["item"].story_group_id for url in urls} - {None})
        for url in urls:
            article = url["item"]
            hero = article.hero_image
            url["images"] = [urljoin(origin, hero.url)] if hero else []
            others = [s for s in groups.get(article.story_group_id, ()) if s.pk != article.pk]
            url["alternates"] = (
                hreflang_alternates(article, others, absolute=lambda path: urljoin(origin, path))
                if others
                else []
            )
        return urls

    def published_groups(self, group_ids):
        """The published stories of these groups, every edition's, by group: one query."""
        if not group_ids:
            return {}
        groups = defaultdict(list)
        found = Article.objects.published().filter(story_group_id__in=group_ids)
        for story in found.only(*COUNTERPART_FIELDS):
            groups[story.story_group_id].append(story)
        return groups

    def lastmod(self, article):
        return article.modified_at


class SectionSitemap(EditionSitemap):
    def items(self):
        return Section.objects.filter(edition=self.edition).annotate(
            latest=self.latest_modified(section=OuterRef("pk"))
        )

    def lastmod(self, section):
        return section.latest


class TagSitemap(EditionSitemap):
    def items(self):
        return (
            Tag.objects.annotate(latest=self.latest_modified(tags=OuterRef("pk")))
            .filter(latest__isnull=False)
            .order_by("name", "pk")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.latest


class AuthorSitemap(EditionSitemap):
    def items(self):
        return Author.objects.annotate(
            latest=self.latest_modified(bylines__author=OuterRef("pk"))
        ).filter(latest__isnull=False)

    def lastmod(self, author):
        return author.latest


class NewsSitemap(EditionSitemap):
    """
    Google News: stories published in the last 48 hours, at most 1,000.
    Rendered by templates/sitemaps/news.xml (publication name, language, date, title).
    """

    limit = 1000

    def stories(self):
        return super().stories().filter(published_at__gte=timezone.now() - NEWS_WINDOW)

    def items(self):
        return (
            self.stories()
            .only("pk", "slug", "headline", "edition", "published_at", "modified_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.modified_at


SITEMAPS = {
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "news": NewsSitemap,
}
TEMPLATES = {"news": "sitemaps/news.xml", "stories": "sitemaps/stories.xml"}


def sitemaps_of(edition):
    """Every sitemap of ``edition`` (a code), by name."""
    return {name: sitemap(edition) for name, sitemap in SITEMAPS.items()}


def index_entries(request, codes):
    """
    The sitemaps of the editions ``codes``, each with its pages (``?p=2``...) and
    latest change, as Django's sitemap_index.xml lists them: four queries in all.
    """
    since = timezone.now() - NEWS_WINDOW
    stories = Article.objects.published().filter(edition__in=codes)
    per_edition = {
        row["edition"]: row
        for row in stories.values("edition").annotate(
            latest=Max("modified_at"),
            count=Count("pk"),
            news_latest=Max("modified_at", filter=Q(published_at__gte=since)),
            news_count=Count("pk", filter=Q(published_at__gte=since)),
        )
    }
    sections = dict(
        Section.objects.filter(edition__in=codes)
        .values("edition")
        .annotate(count=Count("pk"))
        .values_list("edition", "count")
    )
    tags = dict(
        stories.values("edition")
        .annotate(count=Count("tags", distinct=True))
        .values_list("edition", "count")
    )
    authors = dict(
        stories.values("edition")
        .annotate(count=Count("bylines__author", distinct=True))
        .values_list("edition", "count")
    )
    origin = f"{request.scheme}://{get_current_site(request).domain}"
    entries = []
    for code in codes:
        row = per_edition.get(code, {})
        counts = {
            "stories": row.get("count", 0),
            "sections": sections.get(code, 0),
            "tags": tags.get(code, 0),
            "authors": authors.get(code, 0),
            "news": row.get("news_count", 0),
        }
        with editions.get(code).activate():
            for name, sitemap in sitemaps_of(code).items():
                location = origin + reverse("articles:sitemap", kwargs={"section": name})
                latest = row.get("news_latest" if name == "news" else "latest")
                pages = max(1, math.ceil(counts[name] / sitemap.limit))
                entries.append(sitemap_views.SitemapIndexItem(location, latest))
                entries.extend(
                    sitemap_views.SitemapIndexItem(f"{location}?p={page}", latest)
                    for page in range(2, pages + 1)
                )
    return entries


def render_index(request, codes):
    entries = index_entries(request, codes)
    latest = [entry.last_mod for entry in entries if entry.last_mod]
    headers = {"Last-Modified": http_date(max(latest).timestamp())} if latest else None
    response = TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def sitemap_index(request):
    """/<edition>/sitemap.xml: every sitemap of the edition with its latest lastmod."""
    return render_index(request, [request.edition.code])


def all_editions_index(request):
    """/sitemap.xml: every edition's sitemaps (an index may not list other indexes)."""
    return render_index(request, editions.codes())


def sitemap(request, section):
    """/<edition>/sitemap-<section>.xml, the Google News one in its own namespace."""
    template_name = TEMPLATES.get(section, "sitemap.xml")
    return sitemap_views.sitemap(
        request, sitemaps_of(request.edition.code), section=section, template_name=template_name
    )
