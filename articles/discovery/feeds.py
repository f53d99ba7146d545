"""
RSS 2.0 and Atom feeds: the latest stories, and the latest of a section, a tag
or an author. Every feed starts from Article.objects.published(), so drafts and
scheduled stories never appear, and costs a fixed number of queries (the stories,
their bylines with authors, their tags; plus the section, tag or author).

Each edition has its own feeds, under its prefix (``/ckb/feed/``): its stories only,
its language announced (RSS ``<language>``, Atom ``xml:lang``: the edition's hreflang,
docs/editions.md) and the feed's own words (title, description) in that language.

Items name every author (RSS: one dc:creator each; Atom: one <author> each, with
the author page as its uri) and carry the section and the tags as categories.
A story with a hero image carries it as Media RSS ``<media:content>`` (in RSS and
Atom alike), which feed readers (Feedly, Inoreader, NetNewsWire, NewsBlur) show as
the item's picture: an absolute address, its type, width and height and its alt
text, all from the story's row (an RSS <enclosure> would need the file's length,
which means asking the storage for every item).

An imported story whose page gave a day and no hour goes out at that day's local
midnight: RSS and Atom dates must carry a time (the story page shows the day alone).
An item's id is the story's short address (/stories/<id>/, unprefixed), which
survives a change of headline, slug or edition prefix, so feed readers never show a
story twice.

Plain text stays text: feed readers read RSS titles and descriptions and Atom
summaries as HTML, so a headline, a dek or a section's description is escaped for
them (Atom titles and subtitles are declared text and go as typed); whatever a row holds, the
characters XML 1.0 forbids are left out, so a feed is always well-formed.
"""

import copy
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.xmlutils import SimplerXMLGenerator
from taggit.models import Tag

from articles.stories.models import Article, Author, Byline, Section
from newsroom.text import xml_safe

FEED_SIZE = 30
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"


def add_image(handler, image):
    """The item's hero image as <media:content> (Media RSS), when it has one."""
    if not image:
        return
    attrs = {"url": image["url"], "medium": "image", "type": image["type"]}
    if image["width"] and image["height"]:
        attrs |= {"width": str(image["width"]), "height": str(image["height"])}
    handler.startElement("media:content", attrs)
    if image["alt"]:
        handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
    if image["credit"]:
        handler.addQuickElement("media:credit", image["credit"])
    handler.endElement("media:content")


class XmlSafeGenerator(SimplerXMLGenerator):
    """Writes text and attribute values without the characters XML 1.0 forbids."""

    def characters(self, content):
        super().characters(xml_safe(content))

    def startElement(self, name, attrs):  # noqa: N802 - the SAX handler's name
        attrs = {key: xml_safe(value) for key, value in attrs.items()} if attrs else attrs
        super().startElement(name, attrs)


class NewsroomRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per author (RSS's <author> wants an email we keep private)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC, "xmlns:media": MEDIA}

    def write(self, outfile, encoding):
        # RssFeed.write() with the safe generator (it takes no handler class).
        handler = XmlSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        add_image(handler, item["image"])


class NewsroomAtomFeed(Atom1Feed):
    """Atom with one <author> (name and author page) per author."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA}

    def write(self, outfile, encoding):
        # Atom1Feed.write() with the safe generator (it takes no handler class).
        handler = XmlSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        add_image(handler, item["image"])


class StoryFeed(Feed):
    """The latest stories (RSS 2.0); subclasses narrow them to one section, tag or author."""

    feed_type = NewsroomRssFeed

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request: work on a copy that knows this request,
        # which the absolute ids and author addresses need.
        feed = copy.copy(self)
        feed.request = request
        feed.edition = request.edition
        # What readers and aggregators are told the items are written in.
        feed.language = request.edition.hreflang
        return Feed.__call__(feed, request, *args, **kwargs)

    def feed_title(self, obj):
        """The feed's name, as plain text."""
        return settings.NEWSROOM_NAME

    def title(self, obj):
        return self.as_feed_text(self.feed_title(obj))

    def as_feed_text(self, text):
        # RSS readers show titles as HTML: escaped, they read as typed.
        return escape(text)

    def summary(self, obj):
        """What the feed is, as plain text."""
        return self.edition.tagline or settings.NEWSROOM_TAGLINE

    def description(self, obj):
        # RSS readers show a channel's description as HTML: escaped, it reads as typed.
        return escape(self.summary(obj))

    def subtitle(self, obj):
        return self.summary(obj)  # Atom's <subtitle> is text

    def link(self, obj):
        return reverse("articles:front")

    def author_name(self, obj):
        # Atom wants an author for entries without a byline: the outlet itself.
        return settings.NEWSROOM_NAME

    def feed_copyright(self, obj):
        return f"© {settings.NEWSROOM_NAME}"

    def stories(self, obj):
        return Article.objects.published()

    def edition_stories(self, obj):
        """The feed's stories in the request's edition (a feed never mixes languages)."""
        return self.stories(obj).filter(edition=self.edition.code)

    def items(self, obj):
        return (
            self.edition_stories(obj)
            .defer("body", "body_html", "search_vector")
            .select_related("section")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")), "tags"
            )
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, article):
        return self.as_feed_text(article.headline)

    def item_description(self, article):
        # RSS <description> and Atom <summary type="html"> are HTML: the dek is text.
        return escape(article.dek)

    def item_guid(self, article):
        # The short address from before editions (it still leads to the story, by a 301):
        # the id feed readers already hold, so a story never shows twice after a move.
        return self.request.build_absolute_uri(f"/stories/{article.pk}/")

    item_guid_is_permalink = True

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at if article.show_updated else article.published_at

    def item_categories(self, article):
        return [article.section.name, *(tag.name for tag in article.tags.all())]

    def item_extra_kwargs(self, article):
        seen, authors = set(), []
        for byline in article.bylines.all():
            if byline.author_id not in seen:
                seen.add(byline.author_id)
                url = self.request.build_absolute_uri(byline.author.get_absolute_url())
                authors.append((byline.author.name, url))
        return {"authors": authors, "image": self.item_image(article)}

    def item_image(self, article):
        """The hero image as <media:content> wants it, from the row alone (no storage call)."""
        if not article.hero_image:
            return None
        return {
            "url": self.request.build_absolute_uri(article.hero_image.url),
            "type": mimetypes.guess_type(article.hero_image.name)[0] or "image/jpeg",
            "width": article.hero_width,
            "height": article.hero_height,
            "alt": article.hero_alt,
            "credit": article.hero_credit,
        }


def titled(name):
    # Translators: a feed's title: what it follows, then the outlet's name.
    return gettext("%(name)s | %(site)s") % {"name": name, "site": settings.NEWSROOM_NAME}


class SectionFeed(StoryFeed):
    def get_object(self, request, slug):
        # Each edition has its own sections; a slug may repeat in another edition.
        return get_object_or_404(Section, edition=request.edition.code, slug=slug)

    def feed_title(self, section):
        return titled(section.name)

    def summary(self, section):
        if section.description:
            return section.description
        # Translators: a section feed's description when the section has none.
        return gettext("The latest stories in %(section)s.") % {"section": section.name}

    def link(self, section):
        return section.get_absolute_url()

    def stories(self, section):
        return Article.objects.published().filter(section=section)


class TagFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def feed_title(self, tag):
        return titled(tag.name)

    def summary(self, tag):
        return gettext("Stories about %(tag)s from %(site)s.") % {
            "tag": tag.name,
            "site": settings.NEWSROOM_NAME,
        }

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def stories(self, tag):
        return Article.objects.published().filter(tags=tag)


class AuthorFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def feed_title(self, author):
        return titled(author.name)

    def summary(self, author):
        return gettext("Stories by %(author)s in %(site)s.") % {
            "author": author.name,
            "site": settings.NEWSROOM_NAME,
        }

    def link(self, author):
        return author.get_absolute_url()

    def stories(self, author):
        # Through a subquery: an author with two roles on a story lists it once.
        bylines = Byline.objects.filter(author=author).values("article_id")
        return Article.objects.published().filter(pk__in=bylines)


class AtomMixin:
    feed_type = NewsroomAtomFeed

    def as_feed_text(self, text):
        return text  # Atom's <title> is declared text: sent as typed


class StoryAtomFeed(AtomMixin, StoryFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass
