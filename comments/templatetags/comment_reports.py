"""
The story page's approved comments, each with its report control; erased comments
as tombstones. Loaded as ``comment_reports`` by templates/comments/comment_list.html,
whose output is cached per story generation.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.stories.dates import reader_formatter
from comments.templatetags.comment_tags import comment_item

register = template.Library()

# Stands for a comment's id in the report address, reversed once per page.
_PK = "2147483647"


def _control_template():
    """
    The report link with ``{action}`` and ``{name}`` to fill, in the active language.
    A link to the comment's report page (comments.reports.views.report_comment), not
    a form under each comment: fifty forms were a third of the story page's weight, sent to
    every reader for the few who report. No script, no account, as before; crawlers
    are asked not to follow it (the report page is noindex too).
    """
    who = escape(_("the comment by %(name)s")).replace("%(name)s", "{name}")
    return (
        '<p class="comment__report"><a class="comment__report-link" href="{action}"'
        f' rel="nofollow">{escape(_("Report"))}<span class="visually-hidden"> {who}</span>'
        "</a></p>"
    )


def report_control(pk, name, *, template, action):
    """The comment's report link: ``template`` is _control_template()'s, ``action`` its address."""
    # Braces a translation might hold are not placeholders: fill by replace.
    return template.replace("{action}", action).replace(
        "{name}",
        f"<bdi>{escape(name)}</bdi>",  # a Latin name in RTL text
    )


def tombstone(pk):
    return (
        f'<li class="comment comment--removed" id="comment-{pk}">'
        f'<p class="comment__removed">{escape(_("Comment removed at the author’s request."))}</p>'
        "</li>"
    )


@register.simple_tag
def comment_items(rows):
    """
    ``rows``: (pk, name, body, body_html, submitted_at, …) of approved comments, as
    comment_tags._comment_list reads them. An erased comment (no name, no words:
    comments.privacy) keeps its place as a tombstone, with nothing to report.
    """
    template = _control_template()
    action = reverse("comments:report", args=[_PK])
    write_time, zone = reader_formatter("datetime"), timezone.get_current_timezone()
    items = []
    for pk, name, body, body_html, submitted_at, *_rest in rows:
        if not name and not body:
            items.append(tombstone(pk))
            continue
        item = comment_item(
            pk, name, body, body_html, submitted_at, write_time=write_time, zone=zone
        )
        control = report_control(pk, name, template=template, action=action.replace(_PK, str(pk)))
        items.append(item[: -len("</li>")] + control + "</li>")
    return mark_safe("".join(items))
