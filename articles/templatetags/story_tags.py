"""What the story page builds in Python rather than in a template loop."""

from django import template
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def transcript_turns(turns):
    """
    A transcript's turns as list items (each turn's ``participant`` already set).
    Forty turns through the template engine cost more than the rest of the story.
    """
    items = []
    for turn in turns:
        asks = turn.participant.is_interviewer
        timecode = (
            f' <span class="turn__timecode">[{escape(turn.timecode)}]</span>'
            if turn.timecode
            else ""
        )
        items.append(
            f'<li class="turn {"turn--question" if asks else "turn--answer"}"'
            f' id="turn-{turn.position}"><p class="turn__speaker">'
            f'<span class="turn__label">{escape(turn.participant.label)}</span>'
            f'<span class="visually-hidden">{" asks" if asks else " answers"}</span>'
            f'{timecode}</p><div class="turn__text">{linebreaks(turn.text, autoescape=True)}'
            "</div></li>"
        )
    return mark_safe("".join(items))
