"""``{% transcript interview %}``: an interview's participants and turns, as stored."""

from django import template

from articles.interviews.rendering import transcript_html

register = template.Library()


@register.simple_tag
def transcript(interview):
    return transcript_html(interview)
