"""
The story page's approved comments, each with its report control; erased comments
as tombstones. Loaded as ``comment_reports`` by templates/comments/comment_list.html,
whose output is cached per story generation.
"""

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from comments.guidelines import GUIDELINES
from comments.templatetags.comment_tags import comment_item

register = template.Library()

_controls = {}  # per language: the report control's markup, the same for every comment


def _control_template():
    """The report control with ``{pk}``, ``{action}`` and ``{name}`` to fill, per language."""
    language = translation.get_language()
    if language not in _controls:
        options = "".join(
            format_html('<option value="{}">{}</option>', g.code, g.label) for g in GUIDELINES
        )
        who = escape(_("the comment by %(name)s")).replace("%(name)s", "{name}")
        _controls[language] = (
            '<details class="comment__report"><summary class="comment__report-toggle">'
            f'{escape(_("Report"))}<span class="visually-hidden"> {who}</span></summary>'
            '<form class="report-form" method="post" action="{action}">'
            '<p class="field"><label for="report-{pk}-reason">'
            f"{escape(_('Which guideline does it break?'))}</label>"
            '<select id="report-{pk}-reason" name="reason" required>'
            f'<option value="">{escape(_("Choose…"))}</option>{options}</select></p>'
            '<p class="field"><label for="report-{pk}-note">'
            f"{escape(_('Anything the moderators should know (optional)'))}</label>"
            '<input id="report-{pk}-note" name="note" type="text" maxlength="500" dir="auto">'
            "</p>"
            f'<button type="submit" class="button button--small">{escape(_("Send report"))}'
            "</button></form></details>"
        )
    return _controls[language]


def report_control(pk, name):
    """A disclosure with the report form: no script needed, a plain POST."""
    # Braces a translation or a guideline might hold are not placeholders: fill by replace.
    return (
        _control_template()
        .replace("{action}", reverse("comments:report", args=[pk]))
        .replace("{pk}", str(pk))
        .replace("{name}", f"<bdi>{escape(name)}</bdi>")  # a Latin name in RTL text
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
    items = []
    for pk, name, body, body_html, submitted_at, *_rest in rows:
        if not name and not body:
            items.append(tombstone(pk))
            continue
        item = comment_item(pk, name, body, body_html, submitted_at)
        if item.endswith("</li>"):
            item = item[: -len("</li>")] + report_control(pk, name) + "</li>"
        items.append(item)
    return mark_safe("".join(items))
