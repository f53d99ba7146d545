"""
What every API answer goes through, outermost first (``public_api_view``):

1. CORS: any origin may read (``Access-Control-Allow-Origin: *``, no credentials);
   an OPTIONS preflight is answered here, before anything else.
2. The per-client rate limit: NEWSROOM_API_RATE_LIMIT requests per
   NEWSROOM_API_RATE_WINDOW seconds and client, then 429 with Retry-After. The
   client is the address as the comments derive it (comments.moderation.client_ip,
   which trusts X-Forwarded-For only behind a trusted proxy), kept only as its keyed
   hash (sender_hash): no raw address is ever stored.
3. The page cache (newsroom.pagecache.cache_public_page), as the story pages use it:
   ETag, Last-Modified, 304s, ``Cache-Control: public, s-maxage=...``, entries keyed
   on the site generation (and for a story's comments the story's), so a change that
   refreshes a page refreshes its API answers with it: no invalidation of its own.

Why not ninja's throttling: it keeps a list of request times per client that it
reads and writes back (requests in parallel lose counts), keys it by the raw
address, and runs inside the operation, after the cache, so cached answers would
not count. A fixed window with an atomic increment, as the comments' stamps use, has
none of these.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from comments.moderation import client_ip, sender_hash
from newsroom.pagecache import cache_public_page

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# Headers a script on another origin may read from an answer.
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After"
PREFLIGHT_MAX_AGE = 86400
# Requests per client and window (settings NEWSROOM_API_RATE_LIMIT, 0: no limit, and
# NEWSROOM_API_RATE_WINDOW override them): a page of 100 stories a second for a minute.
RATE_LIMIT = 600
RATE_WINDOW = 60


def allow_any_origin(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def preflight(request):
    """The answer to a CORS preflight: GET and HEAD from any origin, with any header."""
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    asked = request.headers.get("Access-Control-Request-Headers", "")
    if asked:
        # Request headers a client may send (If-None-Match, Accept...): read-only data.
        response["Access-Control-Allow-Headers"] = asked[:500]
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    response["Allow"] = ALLOWED_METHODS
    return allow_any_origin(response)


def rate_limited(request):
    """
    Count this request against its client's window; seconds to wait when it is over
    the limit, else None. A cache that cannot answer lets the request through.
    """
    limit = getattr(settings, "NEWSROOM_API_RATE_LIMIT", RATE_LIMIT)
    if not limit:
        return None
    window = getattr(settings, "NEWSROOM_API_RATE_WINDOW", RATE_WINDOW)
    now = time.time()
    start = int(now) // window * window
    key = f"api:rate:{sender_hash(client_ip(request))}:{start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        return None
    if count <= limit:
        return None
    return max(1, int(start + window - now) + 1)


def too_many_requests(wait):
    response = JsonResponse(
        {"detail": f"Too many requests: wait {wait} seconds before asking again."}, status=429
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


def not_modified_or(request, response):
    """
    304 when the client's copy is current. Done here rather than left to
    ConditionalGetMiddleware, whose 304 would drop the CORS headers: a script on
    another origin could then not read it. (The middleware leaves a 304 alone.)
    """
    if response.status_code != 200:
        return response
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if not (etag or last_modified):
        return response
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def public_api_view(view, *, query=(), story_pk_kwarg=None, expires=None):
    """``view`` behind CORS, the rate limit and the page cache (see the module's docstring)."""
    cached = cache_public_page(view, query=query, story_pk_kwarg=story_pk_kwarg, expires=expires)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return preflight(request)
        wait = rate_limited(request)
        if wait is not None:
            return allow_any_origin(too_many_requests(wait))
        if request.method == "HEAD":
            # Answered as a GET (the page cache keys HEAD and GET alike); the server
            # sends the headers only.
            request.method = "GET"
        response = not_modified_or(request, cached(request, *args, **kwargs))
        if response.status_code >= 400 and not response.has_header("Cache-Control"):
            # An error names what was wrong with this request: nobody keeps it.
            response["Cache-Control"] = "no-store"
        return allow_any_origin(response)

    wrapper.csrf_exempt = True
    return wrapper
