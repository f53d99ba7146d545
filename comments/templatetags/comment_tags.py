"""The story page asks the comments app for its comment section through this tag."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Window
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from comments import moderation, services
from comments.forms import CommentForm
from comments.guidelines import GUIDELINES
from comments.models import Comment, body_as_html
from newsroom.pagecache import page_changes_at, story_generation

register = template.Library()


def comment_item(pk, name, body, body_html, submitted_at, *, write_time, zone):
    """
    One approved comment as its list item. Built here rather than in a template loop:
    fifty of them through the template engine were the largest part of a full render.
    ``write_time`` is articles.stories.dates.reader_formatter("datetime") and ``zone``
    the active zone, looked up once for the page rather than once per comment.
    """
    submitted = submitted_at.astimezone(zone)
    return (
        f'<li class="comment" id="comment-{pk}"><article aria-labelledby="comment-{pk}-name">'
        '<header class="comment__header">'
        f'<span class="comment__name" id="comment-{pk}-name" dir="auto">'
        f"{escape(name)}</span>"
        f'<time class="comment__time" datetime="{submitted.isoformat(timespec="seconds")}">'
        f"{escape(write_time(submitted))}</time></header>"
        f'<div class="comment__body" dir="auto">{body_html or body_as_html(body)}</div>'
        "</article></li>"
    )


@register.simple_tag
def community_guidelines():
    """The clauses of the guidelines, each a reason moderators reject by (comments.guidelines)."""
    return GUIDELINES


def _page_number(request):
    value = request.GET.get("comments", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """
    Approved comments of ``article`` (oldest first, one page), the guidelines and
    the form. At most one query: the page of comments carries their total in a
    window, and the rendered page is cached (see _comment_list). The story page
    renders this tag alone into its cached shell (articles.stories.shell.StoryShell).
    """
    request = context["request"]
    number = _page_number(request)
    listing = _comment_list(request, article, number)
    form = CommentForm(article=article)
    is_open = services.comments_open(article)
    if is_open and (closing := services.comments_close_at(article)):
        page_changes_at(request, closing)  # a cached page must not show the form after
    return {
        "article": article,
        "comment_list": mark_safe(listing["html"]),  # rendered by _comment_list
        "total": listing["total"],
        "form": form,
        # The unbound form's fields are the same for every reader: see {% unbound_form %}.
        "form_key": ("comment-form", translation.get_language()),
        "stamp": moderation.make_stamp(article.pk),
        "is_open": is_open,
        "received": request.GET.get("comment") == "received",
        "close_after_days": settings.COMMENTS_CLOSE_AFTER_DAYS,
    }


def _comment_list(request, article, number):
    """
    One page of approved comments, rendered, with their total. A comment's words
    never change and every decision bumps the story's comments generation
    (newsroom.pagecache.invalidate_story), so the rendered page is kept under that
    generation: when anything else on the site changes, the story page is rendered
    again without this part.
    """
    generation = story_generation(request, article.pk)
    key = f"comments:{article.pk}:{generation}:{number}"
    if generation:  # 0: the cache cannot be read
        found = cache.get(key)
        if found is not None:
            return found
    per_page = settings.COMMENTS_PER_PAGE
    start = (number - 1) * per_page
    # Rows, not model instances: fifty comments' instances cost more than their query.
    rows = list(
        Comment.objects.approved()
        .filter(article=article)
        .annotate(total=Window(Count("pk")))
        .order_by("submitted_at", "pk")
        .values_list("pk", "name", "body", "body_html", "submitted_at", "total")[
            start : start + per_page
        ]
    )
    total = rows[0][-1] if rows else 0
    html = render_to_string(
        "comments/comment_list.html",
        {
            "comments": rows,
            "page_number": number,
            "has_next": start + len(rows) < total,
            "has_previous": number > 1,
        },
    )
    listing = {"html": html, "total": total}
    if generation:
        cache.set(key, listing, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    return listing


# The unbound form's fields, rendered: the same for every reader of every story (the
# per-request stamp and any errors are outside them), so they depend on nothing but
# the code and the language, like a compiled template: kept in each process, per
# language, for its lifetime (a deploy starts new processes). Django's form renderer
# was about a tenth of an uncached story page.
_unbound_forms = {}
UNBOUND_FORMS_KEPT = 1000


class UnboundFormNode(template.Node):
    def __init__(self, key, nodelist):
        self.key = key
        self.nodelist = nodelist

    def render(self, context):
        key = self.key.resolve(context)
        if not key:  # a bound form: the reader's words and errors
            return self.nodelist.render(context)
        html = _unbound_forms.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_unbound_forms) >= UNBOUND_FORMS_KEPT:
                _unbound_forms.clear()
            _unbound_forms[key] = html
        return html


@register.tag("unbound_form")
def do_unbound_form(parser, token):
    """
    ``{% unbound_form form_key %}…{% endunbound_form %}``: its content rendered once
    per ``form_key`` (comment_section gives one for an unbound form only), else
    every time.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the key")
    nodelist = parser.parse(("endunbound_form",))
    parser.delete_first_token()
    return UnboundFormNode(parser.compile_filter(bits[1]), nodelist)
