"""
What a story page tells search engines, aggregators and the sites it is shared
on: schema.org NewsArticle JSON-LD, the values of the Open Graph and Twitter card
tags, and plain share links that load nothing from another site.

Everything is built from the story as the story view loads it (section selected,
bylines with authors and tags prefetched): no query of its own.
"""

import json
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.templatetags.time_tags import is_date_only, machine_date

LOGO = ("img/logo.png", 600, 60)
# Shown by link previews and search results for a story without a hero image.
DEFAULT_IMAGE = ("img/share.png", 1200, 630)

# As django.utils.html.json_script: inside <script> only "</script>" or "<!--" could
# end the element early, so <, > and & are written as JSON escapes.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def schema_date(moment):
    """
    A time as JSON-LD (and the API, which says the same facts) writes it: the date
    alone for a day-only time, else ISO 8601 in the newsroom's zone.
    """
    if not moment:
        return None
    if is_date_only(moment):  # an imported story's day: schema.org takes a Date too
        return machine_date(moment)
    return timezone.localtime(moment).isoformat()


def _authors(article):
    """The story's authors in byline order, each once (one may hold two roles)."""
    seen, authors = set(), []
    for byline in article.bylines.all():
        if byline.author_id not in seen:
            seen.add(byline.author_id)
            authors.append(byline.author)
    return authors


def image_of(article, *, request):
    """The story's image for previews: the hero, or the outlet's share card."""
    if article.hero_image:
        return {
            "url": request.build_absolute_uri(article.hero_image.url),
            "width": article.hero_width,
            "height": article.hero_height,
            "alt": article.hero_alt,
            "caption": article.hero_caption,
        }
    path, width, height = DEFAULT_IMAGE
    return {
        "url": request.build_absolute_uri(static(path)),
        "width": width,
        "height": height,
        "alt": settings.NEWSROOM_NAME,
        "caption": "",
    }


def date_modified(article):
    """
    The "Updated" time readers see on the page, or the publish time: search engines
    are asked to show the same dates as the page (``modified_at``, which moves on
    every save, is the sitemap's lastmod instead).
    """
    return article.updated_at if article.show_updated else article.published_at


def correction_data(correction):
    """
    One correction as a schema.org CorrectionComment.

    Hook for the corrections issue: pass a mapping or an object with ``text`` and
    ``published_at`` (a datetime), and optionally ``kind`` (e.g. "Correction").
    """

    def field(name):
        if isinstance(correction, dict):
            return correction.get(name)
        return getattr(correction, name, None)

    data = {"@type": "CorrectionComment", "text": field("text")}
    if field("published_at"):
        data["datePublished"] = schema_date(field("published_at"))
    if field("kind"):
        data["name"] = str(field("kind"))
    return data


def news_article(article, *, request, corrections=None):
    """The schema.org NewsArticle of ``article`` as a dict, ready for JSON-LD."""
    url = request.build_absolute_uri(article.get_absolute_url())
    image = image_of(article, request=request)
    logo, logo_width, logo_height = LOGO
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.dek or article.headline,
        # A draft or scheduled story (seen in a preview) has not been published yet.
        "datePublished": schema_date(article.published_at) if article.is_public else None,
        "dateModified": schema_date(date_modified(article)) if article.is_public else None,
        "author": [],
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_NAME,
            "url": request.build_absolute_uri("/"),
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static(logo)),
                "width": logo_width,
                "height": logo_height,
            },
        },
        "image": [
            {
                "@type": "ImageObject",
                "url": image["url"],
                "width": image["width"],
                "height": image["height"],
                **({"caption": image["caption"]} if image["caption"] else {}),
            }
        ],
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "inLanguage": article.language,
        "isAccessibleForFree": True,
    }
    for author in _authors(article):
        person = {
            "@type": "Person",
            "name": author.name,
            "url": request.build_absolute_uri(author.get_absolute_url()),
        }
        if author.role:
            person["jobTitle"] = author.role
        if author.same_as:
            person["sameAs"] = author.same_as
        data["author"].append(person)
    if article.dateline:
        data["dateline"] = article.dateline
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if corrections:
        data["correction"] = [correction_data(correction) for correction in corrections]
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def json_ld(data) -> SafeString:
    """``data`` in a <script type="application/ld+json"> no string inside it can close."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # escaped for the element above
    )


def share_links(*, url, title):
    """Plain links to share a story: no script, no request to any other site until clicked."""
    text = f"{title} {url}"
    return [
        {
            "name": "Email",
            "href": "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        },
        {"name": "Bluesky", "href": "https://bsky.app/intent/compose?" + urlencode({"text": text})},
        {
            "name": "Facebook",
            "href": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        },
        {
            "name": "LinkedIn",
            "href": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        },
        {
            "name": "X",
            "href": "https://x.com/intent/post?" + urlencode({"text": title, "url": url}),
        },
        {"name": "WhatsApp", "href": "https://wa.me/?" + urlencode({"text": text})},
    ]


def story_meta(article, *, request, corrections=None):
    """
    Everything templates/includes/story_meta.html and share_links.html need:
    ``url`` (canonical), ``image``, ``modified``, ``authors``, ``fediverse_creators``,
    ``json_ld`` (the script element) and ``share_links``.
    """
    url = request.build_absolute_uri(article.get_absolute_url())
    authors = _authors(article)
    return {
        "url": url,
        "image": image_of(article, request=request),
        "modified": date_modified(article),
        "authors": [request.build_absolute_uri(a.get_absolute_url()) for a in authors],
        # Mastodon credits the author of a shared link from this tag: full handles only.
        "fediverse_creators": [a.handle for a in authors if a.handle.count("@") == 2],
        "json_ld": json_ld(news_article(article, request=request, corrections=corrections)),
        "share_links": share_links(url=url, title=article.headline),
    }
