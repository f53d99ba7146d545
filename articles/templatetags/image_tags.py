"""
``{% picture %}`` and ``{% portrait %}``: an image's renditions as <picture> with
WebP and JPEG ``srcset``s, built from the database row alone (the stored name,
width and height, and the widths in settings): no storage access per request.
The renditions themselves are made once, on save (articles/images.py).
"""

from django import template

from articles.media import images

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(field_file, width, height, *, alt, sizes, **attrs):
    """
    A hero image: ``{% picture article.hero_image article.hero_width
    article.hero_height alt=article.hero_alt sizes="(min-width: 62em) 62rem, 100vw"
    loading="lazy" %}``. Extra keywords become attributes of the <img>.
    """
    return {
        "picture": images.picture(field_file, width=width, height=height),
        "field_file": field_file,
        "width": width,
        "height": height,
        "alt": alt,
        "sizes": sizes,
        "attrs": sorted(attrs.items()),
    }


@register.inclusion_tag("includes/picture.html")
def portrait(field_file, *, alt, size, **attrs):
    """
    A square author photo shown ``size`` CSS pixels wide, at 1x, 2x and 3x:
    ``{% portrait author.photo alt="Portrait of …" size=120 class="…" %}``.
    """
    return {
        "picture": images.picture(field_file, display=size),
        "field_file": field_file,
        "width": size,
        "height": size,
        "alt": alt,
        "sizes": "",
        "attrs": sorted(attrs.items()),
    }
