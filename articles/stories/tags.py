"""
Tags in any script. Tag slugs keep their letters (taggit slugifies with
allow_unicode: "هەولێر" stays "هەولێر", "Zürich" becomes "zürich"), and addresses
accept them (the ``uslug`` converter). A tag whose name has no letter or digit at
all ("!!!") would get an empty slug and no address: it gets "tag-" and a short
digest of its name instead.
"""

import hashlib

from django.utils.text import slugify


class UnicodeSlugConverter:
    """Like Django's ``slug`` converter, with letters and digits of every script."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def fallback_slug(name: str) -> str:
    return "tag-" + hashlib.sha256(name.encode()).hexdigest()[:10]


def give_tag_a_slug(sender, instance, **kwargs):
    """
    Before a tag is stored: one that would get an empty slug gets the fallback, and a
    slug longer than its column (a long name, or letters that normalise into several)
    is cut, with the digest keeping it unique.
    """
    if not instance.slug and not slugify(instance.name, allow_unicode=True):
        instance.slug = fallback_slug(instance.name)
    longest = type(instance)._meta.get_field("slug").max_length
    if len(instance.slug) > longest:
        tail = fallback_slug(instance.name).removeprefix("tag")
        instance.slug = instance.slug[: longest - len(tail)] + tail
