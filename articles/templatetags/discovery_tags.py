"""
``{% story_meta article corrections as meta %}``: what machines read about a story
(canonical URL, Open Graph image, JSON-LD, share links), built by
articles.discovery.structured_data once per story and request.
"""

from django import template

from articles.discovery import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def story_meta(context, article, corrections=()):
    known = getattr(article, "_story_meta", None)
    if known is None:
        # schema.org's "correction" is for corrections; updates and notes are not.
        known = article._story_meta = structured_data.story_meta(
            article,
            request=context["request"],
            corrections=[
                {"text": c.text, "published_at": c.created_at, "kind": c.get_kind_display()}
                for c in corrections
            ],
        )
    return known


@register.simple_tag(takes_context=True)
def edition_alternates(context, viewname="articles:front"):
    """``{% edition_alternates as alternates %}``: the page in every edition (front pages)."""
    return structured_data.edition_alternates(context["request"], viewname)
