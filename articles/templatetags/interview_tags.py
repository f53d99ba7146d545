"""
``{% transcript interview %}``: an interview's participants and turns, as stored;
``{% recorded interview %}``: the line saying when and where it was recorded.
"""

from django import template

from articles.interviews.rendering import recorded_line, transcript_html

register = template.Library()


@register.simple_tag
def transcript(interview):
    return transcript_html(interview)


@register.simple_tag
def recorded(interview):
    return recorded_line(interview)
