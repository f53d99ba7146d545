"""
Text for readers of every edition, whatever the script of the names in it.

``{{ value|bdi }}``: ``value`` isolated (``<bdi>``), for a name, handle, tag or number
set inside a sentence of another direction; safe to pass to ``{% blocktranslate with
%}``, so the message id stays free of markup.

``{% byline_names bylines %}``: "By Ada Okafor, Tomas Lind and Ines Carvalho" in the
page's language, each name isolated so a Latin name keeps its place in a Sorani or
Arabic sentence, and the other way round.

The list is joined by translated sentences with placeholders, never by gluing
translated words: Arabic and Sorani join the last name with a "و" written against it,
Sorani puts "By" around the names ("لەلایەن ... ەوە"), and each language has its own
comma ("،" in Arabic script).
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

register = template.Library()


def _fill(sentence: str, **parts) -> str:
    """
    A translated sentence, escaped, with ``parts`` in its placeholders: safe HTML as it
    is, anything else escaped (conditional_escape), so only escaped text is marked safe.
    """
    escaped = {name: conditional_escape(part) for name, part in parts.items()}
    return mark_safe(conditional_escape(sentence) % escaped)


def name_list(names) -> str:
    """
    ``names`` as one list: "A", "A and B", "A, B and C" (safe HTML kept, text escaped).
    """
    names = [conditional_escape(name) for name in names]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    # Translators: between the names of a list ("Ada, Tomas and Ines"); Arabic
    # script uses "، ".
    separator = conditional_escape(pgettext("list separator", ", "))
    # Translators: the end of a list of names: %(names)s is every name but the last,
    # already joined by the list separator. Arabic and Sorani may write "و" against
    # the last name: "%(names)s و%(last)s".
    sentence = gettext("%(names)s and %(last)s")
    return _fill(sentence, names=mark_safe(separator.join(names[:-1])), last=names[-1])


@register.filter
def bdi(value):
    """``value``, escaped, in a <bdi>: it keeps its own direction inside the sentence."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.simple_tag
def byline_names(bylines):
    """The authors of ``bylines`` as one phrase: "By Ada Okafor and Tomas Lind"."""
    names = [format_html("<bdi>{}</bdi>", byline.author.name) for byline in bylines]
    if not names:
        return ""
    # Translators: a story's authors in a listing; %(names)s is one name or a list
    # of names ("Ada Okafor and Tomas Lind"). Sorani: "لەلایەن %(names)s ـەوە".
    return _fill(gettext("By %(names)s"), names=name_list(names))
