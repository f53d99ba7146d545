"""
/api/v1/: ninja's URL patterns, each behind api.http.public_api_view (CORS, the rate
limit, the page cache). The page cache passes a view only the query parameters it
names, so each operation's are listed here, from its query schema.
"""

from django.urls import URLPattern

from articles.stories.schedule import next_publication

from .http import public_api_view
from .schemas import (
    EditionFilter,
    EditionPageQuery,
    PageQuery,
    SearchQuery,
    StoryListQuery,
    StoryShape,
)
from .views import api

QUERY = {
    "list_stories": StoryListQuery,
    "get_story": StoryShape,
    "list_comments": PageQuery,
    "search": SearchQuery,
    "list_interviews": EditionPageQuery,
    "list_tags": EditionPageQuery,
    "list_authors": EditionPageQuery,
    "list_corrections": EditionPageQuery,
    "list_sections": EditionFilter,
}
# Answers that depend on a story's comments: kept under that story's generation too.
STORY_KWARG = {"list_comments": "story_id"}


def story_or_site(view, *, query, story_kwarg):
    """
    The cached view keyed on the story's generation when the address names a story id
    (digits), on the site's alone otherwise (the request is then refused anyway).
    """
    by_site = public_api_view(view, query=query, expires=next_publication)
    if not story_kwarg:
        return by_site
    by_story = public_api_view(
        view, query=query, story_pk_kwarg=story_kwarg, expires=next_publication
    )

    def choose(request, *args, **kwargs):
        value = kwargs.get(story_kwarg, "")
        if value.isascii() and value.isdigit() and len(value) < 19:
            # An int, as the story pages pass it: the page cache reads a string as the
            # name of a page, not a story id.
            return by_story(request, *args, **{**kwargs, story_kwarg: int(value)})
        return by_site(request, *args, **kwargs)

    choose.csrf_exempt = True
    return choose


def wrapped(patterns):
    for pattern in patterns:
        assert isinstance(pattern, URLPattern), pattern
        schema = QUERY.get(pattern.name)
        query = tuple(schema.model_fields) if schema else ()
        yield URLPattern(
            pattern.pattern,
            story_or_site(pattern.callback, query=query, story_kwarg=STORY_KWARG.get(pattern.name)),
            pattern.default_args,
            pattern.name,
        )


app_name = "api-v1"
urlpatterns = list(wrapped(api.urls[0]))
