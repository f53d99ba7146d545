"""
The endpoints of /api/v1/ (docs/api.md). Thin: each reads its query, starts from a
selector (api.selectors) and pages by keyset (``keyset_page``); the answers are
cached, limited and opened to other origins in api.http, around ninja.
"""

from datetime import datetime, time, timedelta

from django.db.models import Prefetch
from django.utils import timezone
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError

from articles.discovery.search import (
    RANKED_MATCHES,
    SearchQueryError,
    search_articles,
    snippet_html,
)
from articles.editions import registry as editions
from articles.models import Article, Turn

from . import cursors, selectors, serializers
from .docs import SchemaPage
from .schemas import (
    MAX_ID,
    AuthorPage,
    CommentPage,
    CorrectionPage,
    EditionFilter,
    EditionPageQuery,
    ErrorOut,
    InterviewOut,
    InterviewPage,
    PageQuery,
    SearchPage,
    SearchQuery,
    SectionList,
    StoryListQuery,
    StoryOut,
    StoryPage,
    StoryShape,
    TagPage,
)


class NewsroomAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        # The view's name alone (list_stories): the same name as its URL's.
        return operation.view_func.__name__


api = NewsroomAPI(
    title="Newsroom API",
    version="1",
    description="Published stories, interviews, sections, tags, authors, corrections and "
    "approved comments, read-only. Lists page by cursor (next_cursor). docs/api.md has more.",
    urls_namespace="api-v1",
    docs=SchemaPage(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# What every operation may answer besides its 200.
ERRORS = {400: ErrorOut, 429: ErrorOut}
NOT_FOUND = {**ERRORS, 404: ErrorOut}


@api.exception_handler(ValidationError)
def bad_request(request, error):
    """A request the schema refuses: 400 (not ninja's 422), saying what and where."""
    problems = []
    for item in error.errors[:5]:
        where = ".".join(str(part) for part in item.get("loc", ())[1:]) or "request"
        message = item.get("msg", "is not valid")
        if item.get("type") == "string_pattern_mismatch":
            message = (
                "contains a character it may not: a cursor is given back as it was "
                "received, other values are printable text"
                if where == "cursor"
                else "contains a control character"
            )
        problems.append(f"{where}: {message}")
    return api.create_response(request, {"detail": "; ".join(problems)}, status=400)


def bad(message):
    return HttpError(400, message)


def names(value, valid, *, what, default):
    try:
        return serializers.parse_names(value, valid, what=what, default=default)
    except ValueError as error:
        raise bad(str(error)) from None


def edition_code(value):
    """``value`` if it names an edition, None when absent; a 400 naming the valid ones else."""
    if value is None:
        return None
    if value not in editions.codes():
        raise bad(f"Unknown edition: {value[:40]}. Valid editions: {', '.join(editions.codes())}.")
    return value


def day_bounds(since, until):
    """[start, end) of the days since..until in the newsroom's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(since, time.min, zone) if since else None
    end = datetime.combine(until + timedelta(days=1), time.min, zone) if until else None
    return start, end


def keyset_page(request, rows, *, listing, order, kinds, key, query, limit, cursor):
    """
    One page of ``rows`` (ordered by ``order``, two fields of types ``kinds``) after
    ``cursor``: the rows, the next cursor (None on the last page) made from ``key(row)``,
    and the next page's address.
    """
    rows = rows.order_by(*order)
    if cursor:
        try:
            after = cursors.decode(listing, cursor, kinds=kinds)
        except cursors.CursorError as error:
            raise bad(str(error)) from None
        rows = rows.filter(selectors.keyset_after(order, after))
    found = list(rows[: limit + 1])
    if len(found) <= limit:
        return found, None, None
    found = found[:limit]
    token = cursors.encode(listing, key(found[-1]))
    return found, token, next_address(request, query, token)


def next_address(request, query, token):
    params = query.copy()  # a mutable copy
    params["cursor"] = token
    return request.build_absolute_uri(request.path + "?" + params.urlencode())


def page(items, token, address):
    return {"items": items, "next_cursor": token, "next": address}


# Stories ---------------------------------------------------------------------------------


@api.get("/stories", response={200: StoryPage, **ERRORS}, exclude_unset=True, tags=["stories"])
def list_stories(request, query: Query[StoryListQuery]):
    """
    Published stories, newest first. Filters combine (edition: one edition's stories);
    the page is chosen by cursor.
    """
    fields = names(
        query.fields, serializers.STORY_FIELDS, what="field", default=serializers.LIST_FIELDS
    )
    includes = names(query.include, serializers.INCLUDES, what="include", default=())
    stories = selectors.filter_stories(
        selectors.with_parts(selectors.story_listing(body="body_html" in fields), includes),
        edition=edition_code(query.edition),
        section=query.section,
        tag=query.tag,
        author=query.author,
        has_transcript=query.has_transcript,
        bounds=day_bounds(query.since, query.until),
    )
    rows, token, address = keyset_page(
        request,
        stories,
        listing="stories",
        order=("-published_at", "-pk"),
        kinds=(datetime, int),
        key=lambda a: (a.published_at, a.pk),
        query=request.GET,
        limit=query.limit,
        cursor=query.cursor,
    )
    items = [serializers.story_data(request, a, fields=fields, includes=includes) for a in rows]
    return page(items, token, address)


def published_story(story_id, stories):
    """The published story ``story_id`` from ``stories``; 404 when there is none."""
    try:
        return stories.get(pk=story_id)
    except Article.DoesNotExist:
        raise HttpError(404, "No published story has this id.") from None


StoryId = Path(..., ge=1, le=MAX_ID, description="The story's id.")


@api.get(
    "/stories/{story_id}",
    response={200: StoryOut, **NOT_FOUND},
    exclude_unset=True,
    tags=["stories"],
)
def get_story(request, query: Query[StoryShape], story_id: int = StoryId):
    """One published story, with every field unless fields= chooses."""
    fields = names(
        query.fields, serializers.STORY_FIELDS, what="field", default=serializers.STORY_FIELDS
    )
    includes = names(query.include, serializers.INCLUDES, what="include", default=())
    stories = selectors.with_parts(selectors.story_listing(body=True), includes)
    article = published_story(story_id, stories)
    return serializers.story_data(request, article, fields=fields, includes=includes)


@api.get(
    "/stories/{story_id}/comments", response={200: CommentPage, **NOT_FOUND}, tags=["comments"]
)
def list_comments(request, query: Query[PageQuery], story_id: int = StoryId):
    """The approved comments of a published story, oldest first."""
    story = published_story(story_id, selectors.published_stories().only("pk"))
    rows, token, address = keyset_page(
        request,
        selectors.approved_comments(story),
        listing=f"comments:{story.pk}",
        order=("submitted_at", "pk"),
        kinds=(datetime, int),
        key=lambda c: (c.submitted_at, c.pk),
        query=request.GET,
        limit=query.limit,
        cursor=query.cursor,
    )
    items = [
        {"id": c.pk, "name": c.name, "body_html": c.body_html, "submitted_at": c.submitted_at}
        for c in rows
    ]
    return page(items, token, address)


@api.get("/search", response={200: SearchPage, **ERRORS}, exclude_unset=True, tags=["stories"])
def search(request, query: Query[SearchQuery]):
    """
    Published stories of one edition (edition; the default edition when left out)
    matching q read with that edition's rules, best first (the site's search: the newest
    1,000 matches are ranked). Pages by cursor like the other lists.
    """
    edition = edition_code(query.edition)
    fields = names(
        query.fields, serializers.STORY_FIELDS, what="field", default=serializers.LIST_FIELDS
    )
    includes = names(query.include, serializers.INCLUDES, what="include", default=())
    offset = 0
    if query.cursor:
        try:
            (offset,) = cursors.decode("search", query.cursor, kinds=(int,))
        except cursors.CursorError as error:
            raise bad(str(error)) from None
        offset = max(0, min(offset, RANKED_MATCHES))
    try:
        results = search_articles(
            query.q,
            edition=edition,
            section=query.section,
            author=query.author,
            tag=query.tag,
            since=query.since,
            until=query.until,
        )
    except SearchQueryError as error:
        raise bad(str(error)) from None
    results = selectors.with_parts(selectors.with_has_transcript(results), includes)
    found = list(results[offset : offset + query.limit + 1])
    token = address = None
    if len(found) > query.limit:
        found = found[: query.limit]
        token = cursors.encode("search", [offset + query.limit])
        address = next_address(request, request.GET, token)
    items = []
    for article in found:
        data = serializers.story_data(request, article, fields=fields, includes=includes)
        data["snippet_html"] = str(snippet_html(article))
        items.append(data)
    return page(items, token, address)


# Interviews ------------------------------------------------------------------------------


@api.get(
    "/interviews", response={200: InterviewPage, **ERRORS}, exclude_unset=True, tags=["interviews"]
)
def list_interviews(request, query: Query[EditionPageQuery]):
    """Interviews of published stories, newest first, with their participants (no turns)."""
    rows, token, address = keyset_page(
        request,
        selectors.interviews(edition=edition_code(query.edition)),
        listing="interviews",
        order=("-article__published_at", "-article_id"),
        kinds=(datetime, int),
        key=lambda i: (i.article.published_at, i.article_id),
        query=request.GET,
        limit=query.limit,
        cursor=query.cursor,
    )
    items = [serializers.interview_data(request, i, article=i.article, turns=False) for i in rows]
    return page(items, token, address)


@api.get("/interviews/{story_id}", response={200: InterviewOut, **NOT_FOUND}, tags=["interviews"])
def get_interview(request, story_id: int = StoryId):
    """The interview of a published story: participants and every turn, in order."""
    interview = (
        selectors.interviews()
        .filter(article_id=story_id)
        .prefetch_related(Prefetch("turns", queryset=Turn.objects.select_related("participant")))
        .first()
    )
    if interview is None:
        raise HttpError(404, "No published story with an interview has this id.")
    return serializers.interview_data(request, interview, article=interview.article, turns=True)


# Sections, tags, authors, corrections ----------------------------------------------------


@api.get("/sections", response={200: SectionList, **ERRORS}, tags=["sections"])
def list_sections(request, query: Query[EditionFilter]):
    """Every section (each belongs to one edition), in the navigation's order (no pages)."""
    sections = selectors.sections(edition=edition_code(query.edition))
    return {"items": [serializers.section_data(request, s, full=True) for s in sections]}


@api.get("/tags", response={200: TagPage, **ERRORS}, tags=["tags"])
def list_tags(request, query: Query[EditionPageQuery]):
    """Tags of published stories (of one edition's, with edition), by slug."""
    edition = edition_code(query.edition)
    rows, token, address = keyset_page(
        request,
        selectors.tags(edition=edition),
        listing="tags",
        order=("slug", "pk"),
        kinds=(str, int),
        key=lambda t: (t.slug, t.pk),
        query=request.GET,
        limit=query.limit,
        cursor=query.cursor,
    )
    return page([serializers.tag_data(request, t, edition) for t in rows], token, address)


@api.get("/authors", response={200: AuthorPage, **ERRORS}, tags=["authors"])
def list_authors(request, query: Query[EditionPageQuery]):
    """
    Every author (with edition: those with a published story in it), by name: the public
    profile (no e-mail, no account).
    """
    edition = edition_code(query.edition)
    rows, token, address = keyset_page(
        request,
        selectors.authors(edition=edition),
        listing="authors",
        order=("name", "pk"),
        kinds=(str, int),
        key=lambda a: (a.name, a.pk),
        query=request.GET,
        limit=query.limit,
        cursor=query.cursor,
    )
    return page([serializers.author_data(request, a, edition) for a in rows], token, address)


@api.get("/corrections", response={200: CorrectionPage, **ERRORS}, tags=["corrections"])
def list_corrections(request, query: Query[EditionPageQuery]):
    """Corrections, updates and editor's notes on published stories, newest first."""
    rows, token, address = keyset_page(
        request,
        selectors.corrections(edition=edition_code(query.edition)),
        listing="corrections",
        order=("-created_at", "-pk"),
        kinds=(datetime, int),
        key=lambda c: (c.created_at, c.pk),
        query=request.GET,
        limit=query.limit,
        cursor=query.cursor,
    )
    items = [
        {
            **serializers.correction_data(c, article=c.article),
            "story": serializers.story_ref(request, c.article),
        }
        for c in rows
    ]
    return page(items, token, address)
