"""
``{% load comment_surge %}``: a story's surge controls for the templates of its
comment section (templates/comments/section.html) and the queue.
"""

from django import template

from comments.surge.controls import controls_for

register = template.Library()


@register.simple_tag
def story_controls(article):
    """The story's controls (comments.surge.models.SurgeControl), or None."""
    return controls_for(article)


@register.simple_tag(takes_context=True)
def surge_alerts(context):
    """
    Stories whose pending comments are over a threshold (comments.surge.controls), in
    the editions the signed-in moderator works on (comments.desks).
    """
    from articles.editions.models import editions_of
    from comments.surge.controls import surge_alerts as alerts

    request = context.get("request")
    return alerts(editions=editions_of(request.user) if request else None)


@register.simple_tag(takes_context=True)
def story_surge(context, article_pk):
    """
    For the queue's view of one story: ``article``, ``controls`` and ``form`` (the
    small form of its surge controls), or None when there is no such story or the
    user may not change them. One query (the story with its controls).
    """
    from articles.models import Article
    from comments.desks import may_moderate
    from comments.surge.forms import SurgeControlForm
    from comments.surge.views import can_control

    request = context.get("request")
    if not article_pk or not str(article_pk).isdigit() or not request:
        return None
    if not can_control(request.user):
        return None
    article = (
        Article.objects.select_related("surge_control__paused_by", "surge_control__reopened_by")
        .filter(pk=article_pk)
        .first()
    )
    if article is None or not may_moderate(request.user, article.edition):
        return None
    controls = getattr(article, "surge_control", None)
    return {
        "article": article,
        "controls": controls,
        "form": SurgeControlForm.for_controls(controls, auto_id="surge-%s"),
    }
