"""
What a story page tells search engines, aggregators and the sites it is shared
on: schema.org NewsArticle JSON-LD, the values of the Open Graph and Twitter card
tags, and plain share links that load nothing from another site.

Everything is built from the story as the story view loads it (section selected,
bylines with authors and tags prefetched), plus one query for a story that has
counterparts (a story group): its published counterparts, for the hreflang links,
``og:locale:alternate`` and the JSON-LD translation links. A story with no group
costs nothing more.

Editions (docs/editions.md): the JSON-LD ``inLanguage`` is the story's edition's
``in_language``, ``og:locale`` its ``og_locale``; every time is written in the story's
edition's zone, whatever zone is active, so the API (which says the same facts) and the
page agree. ``alternates`` lists the story and each published counterpart with its
hreflang, plus ``x-default`` (see ``hreflang_alternates``): a set that is the same on
every page of the group, so A lists B exactly when B lists A.
"""

import json
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.editions import registry as editions
from articles.stories.models import Article
from articles.templatetags.time_tags import is_date_only, machine_date

LOGO = ("img/logo.png", 600, 60)
# Shown by link previews and search results for a story without a hero image.
DEFAULT_IMAGE = ("img/share.png", 1200, 630)

# As django.utils.html.json_script: inside <script> only "</script>" or "<!--" could
# end the element early, so <, > and & are written as JSON escapes.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def schema_date(moment, zone=None):
    """
    A time as JSON-LD (and the API, which says the same facts) writes it: the date
    alone for a day-only time, else ISO 8601 in ``zone`` (a story's edition's zone;
    the active zone when None).
    """
    if not moment:
        return None
    with timezone.override(zone or timezone.get_current_timezone()):
        if is_date_only(moment):  # an imported story's day: schema.org takes a Date too
            return machine_date(moment)
        return timezone.localtime(moment).isoformat()


# What a counterpart's link needs of its row (hreflang_alternates, the JSON-LD links).
COUNTERPART_FIELDS = ("pk", "slug", "headline", "edition", "story_group_id", "translation_of_id")


def published_counterparts(article):
    """
    The published stories of ``article``'s group but itself, in the editions' order: one
    query, none for a story with no group. A draft or a scheduled story (a preview)
    gets none: readers cannot reach it, so no published story may point at it either.
    """
    if article.story_group_id is None or not article.is_public:
        return []
    found = (
        Article.objects.published()
        .filter(story_group_id=article.story_group_id)
        .exclude(pk=article.pk)
        .only(*COUNTERPART_FIELDS)
    )
    return in_edition_order(found)


def in_edition_order(stories):
    order = {code: n for n, code in enumerate(editions.codes())}
    return sorted(stories, key=lambda story: (order.get(story.edition, len(order)), story.pk))


def hreflang_alternates(article, counterparts, *, absolute):
    """
    ``[{"hreflang", "url", "story"}]``: ``article`` and each of its published
    ``counterparts`` in the editions' order, then ``x-default``. ``absolute`` makes a
    path an absolute URL (search engines want them so).

    ``x-default`` (the page for a reader whose language no link names) is the default
    edition's story of the group when it is published, else the first of the group in
    the editions' order: every story of the group names the same one, as Google asks.
    A story with no counterparts is its own x-default.
    """
    group = in_edition_order([article, *counterparts])
    links = [
        {
            "hreflang": story.edition_info.hreflang,
            "url": absolute(story.get_absolute_url()),
            "story": story,
        }
        for story in group
    ]
    default_code = editions.default().code
    fallback = next((link for link in links if link["story"].edition == default_code), links[0])
    return [*links, {**fallback, "hreflang": "x-default"}]


def _work(story, *, absolute):
    """A counterpart as a JSON-LD reference: enough to follow it and know its language."""
    return {
        "@type": "NewsArticle",
        "url": absolute(story.get_absolute_url()),
        "headline": story.headline,
        "inLanguage": story.edition_info.in_language,
    }


def translation_links(article, counterparts, *, absolute):
    """
    ``translationOfWork`` (the published story ``article`` translates) and
    ``workTranslation`` (its published translations), among its counterparts only: a
    translation is linked on both sides, or on neither.
    """
    data = {}
    source = next((s for s in counterparts if s.pk == article.translation_of_id), None)
    if source is not None:
        data["translationOfWork"] = _work(source, absolute=absolute)
    translations = [s for s in counterparts if s.translation_of_id == article.pk]
    if translations:
        data["workTranslation"] = [_work(s, absolute=absolute) for s in translations]
    return data


def author_url(author, article):
    """An author's page in ``article``'s edition (an author writes for any desk)."""
    with article.edition_info.activate():
        return author.get_absolute_url()


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


def correction_data(correction, zone=None):
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
        data["datePublished"] = schema_date(field("published_at"), zone)
    if field("kind"):
        data["name"] = str(field("kind"))
    return data


def news_article(article, *, request, corrections=None, counterparts=()):
    """
    The schema.org NewsArticle of ``article`` as a dict, ready for JSON-LD;
    ``counterparts`` (its published ones, published_counterparts) give the translation
    links.
    """
    url = request.build_absolute_uri(article.get_absolute_url())
    zone = article.edition_info.zone
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
        "datePublished": schema_date(article.published_at, zone) if article.is_public else None,
        "dateModified": schema_date(date_modified(article), zone) if article.is_public else None,
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
        "inLanguage": article.edition_info.in_language,
        "isAccessibleForFree": True,
    }
    data.update(translation_links(article, counterparts, absolute=request.build_absolute_uri))
    for author in _authors(article):
        person = {
            "@type": "Person",
            "name": author.name,
            "url": request.build_absolute_uri(author_url(author, article)),
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
        data["correction"] = [correction_data(correction, zone) for correction in corrections]
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
    ``json_ld`` (the script element), ``share_links``, ``alternates`` (hreflang links,
    x-default last; none for a preview), ``og_locale`` and ``og_locale_alternates``.
    """
    absolute = request.build_absolute_uri
    url = absolute(article.get_absolute_url())
    authors = _authors(article)
    counterparts = published_counterparts(article)
    edition = article.edition_info
    alternates = (
        hreflang_alternates(article, counterparts, absolute=absolute) if article.is_public else []
    )
    return {
        "url": url,
        "image": image_of(article, request=request),
        "modified": date_modified(article),
        "authors": [absolute(author_url(a, article)) for a in authors],
        # Mastodon credits the author of a shared link from this tag: full handles only.
        "fediverse_creators": [a.handle for a in authors if a.handle.count("@") == 2],
        "json_ld": json_ld(
            news_article(
                article, request=request, corrections=corrections, counterparts=counterparts
            )
        ),
        "share_links": share_links(url=url, title=article.headline),
        "alternates": alternates,
        "og_locale": edition.og_locale,
        "og_locale_alternates": list(
            dict.fromkeys(
                s.edition_info.og_locale
                for s in counterparts
                if s.edition_info.og_locale != edition.og_locale
            )
        ),
    }


def edition_alternates(request, viewname="articles:front"):
    """
    hreflang links from a page every edition has (its front page) to each edition's, and
    ``x-default`` to the edition chooser (``/``): as hreflang_alternates, for
    templates/includes/alternates.html. No query.
    """
    links = []
    for edition in editions.all_editions():
        with edition.activate():
            links.append(
                {"hreflang": edition.hreflang, "url": request.build_absolute_uri(reverse(viewname))}
            )
    chooser = request.build_absolute_uri(reverse("editions:choose"))
    return [*links, {"hreflang": "x-default", "url": chooser}]
