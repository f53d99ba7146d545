"""The story page asks the comments app for its comment section through this tag."""

from django import template
from django.conf import settings
from django.db.models import Count, Window
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from comments import moderation, services
from comments.forms import CommentForm
from comments.models import Comment

register = template.Library()


@register.filter(needs_autoescape=False)
def comment_text(text):
    """A reader's plain text: escaped, line breaks kept, links clickable but not endorsed."""
    linked = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return mark_safe(linebreaks(linked, autoescape=False))


def _page_number(request):
    value = request.GET.get("comments", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """
    Approved comments of ``article`` (oldest first, one page), the guidelines and
    the form. One query: the page of comments carries their total in a window.
    """
    request = context["request"]
    per_page = settings.COMMENTS_PER_PAGE
    number = _page_number(request)
    start = (number - 1) * per_page
    comments = list(
        Comment.objects.approved()
        .filter(article=article)
        .only("pk", "name", "body", "submitted_at")
        .annotate(total=Window(Count("pk")))
        .order_by("submitted_at", "pk")[start : start + per_page]
    )
    total = comments[0].total if comments else 0
    form = context.get("comment_form") or CommentForm(article=article)
    return {
        "article": article,
        "comments": comments,
        "total": total,
        "page_number": number,
        "has_next": start + len(comments) < total,
        "has_previous": number > 1,
        "form": form,
        "stamp": moderation.make_stamp(article.pk),
        "is_open": services.comments_open(article),
        "received": request.GET.get("comment") == "received" and not form.is_bound,
        "closed_refusal": context.get("comments_closed_refusal", False),
        "close_after_days": settings.COMMENTS_CLOSE_AFTER_DAYS,
    }
