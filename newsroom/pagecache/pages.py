"""
The page cache itself: ``cache_public_page`` serves anonymous readers a stored copy
(with ETag and Last-Modified, so a match answers 304) under a key that carries the
generations (generations.py), and each process keeps its latest pages in memory
in front of the shared cache (LocalPages).

A stored page is compressed once, when it is stored, and a reader whose browser
accepts gzip gets those bytes (Content-Encoding: gzip, a weak ETag, as Django's
GZipMiddleware gives other responses): a hit never compresses anything. A public
page carries no per-reader secret (no CSRF token: the comment form is checked by
origin), so compressing it beside what a reader typed leaks nothing.

A page is stored under its address and only the query parameters it reads (each view
declares them: ``query=("page",)``); the view sees only those too, so any other
parameter (utm_*, fbclid, gclid, mc_cid, mc_eid, _ga, ref, or one made up to fill the
cache) gets the very same stored page and can neither split the cache nor change a byte.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from .generations import request_generations, seconds_until


class LocalPages:
    """
    Each process's own copies of the pages it served lately, in front of the shared
    cache: a hit then costs one small read (the generations) instead of moving and
    unpickling a whole page. Copies sit under the same keys, which carry the
    generations read from the shared cache on every request, so a copy is never
    served after an invalidation; and never past its entry's own expiry (scheduled
    stories). Bounded by NEWSROOM_PAGE_CACHE_LOCAL_BYTES per process, least
    recently used first out.
    """

    def __init__(self):
        self._entries = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry["expires_at"] <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def set(self, key, entry):
        limit = settings.NEWSROOM_PAGE_CACHE_LOCAL_BYTES
        size = len(entry["content"]) + len(entry.get("gzip", b""))
        if "expires_at" not in entry or size > limit // 4:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._size += size
            while self._size > limit:
                self._drop(next(iter(self._entries)))

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._size = 0

    def _drop(self, key):
        self._size -= len(self._entries.pop(key)["content"])


local_pages = LocalPages()


# The decorator -------------------------------------------------------------------------


def _public_cache_control():
    """NEWSROOM_PUBLIC_CACHE_CONTROL as a header value, built once per settings."""
    global _cache_control_header
    if _cache_control_header is None:
        response = HttpResponse()
        patch_cache_control(response, **settings.NEWSROOM_PUBLIC_CACHE_CONTROL)
        _cache_control_header = response["Cache-Control"]
    return _cache_control_header


_cache_control_header = None


@receiver(setting_changed)
def _forget_cache_control(*, setting, **kwargs):
    global _cache_control_header
    if setting == "NEWSROOM_PUBLIC_CACHE_CONTROL":
        _cache_control_header = None


def page_cache_headers(response):
    if response.has_header("Cache-Control"):
        patch_cache_control(response, **settings.NEWSROOM_PUBLIC_CACHE_CONTROL)
    else:  # a page from the cache: the header is always the same
        response["Cache-Control"] = _public_cache_control()
    # For nginx in front (docs/nginx.conf): keep this page until the end of the current
    # second at most. nginx counts whole seconds, so "1 s" would mean up to 2 s; this
    # bounds its copy's age to 1 s. nginx takes the header off; it reaches no reader.
    response["X-Accel-Expires"] = f"@{int(time.time())}"
    return response


# What Django's session store hands out (get_random_string: 32 of a-z0-9). Any other
# cookie value names no session, and is known so without asking the store.
SESSION_KEY = re.compile(r"[a-z0-9]{32}")


def is_anonymous_read(request):
    """
    A GET or HEAD without a live session: only staff have sessions (previews,
    banners), and their pages are never served from nor put in the cache.

    A session cookie is checked against the session store (one lookup, only when it
    has a session key's shape); one naming no session is then dropped from this
    request, so that neither the views nor the session middleware act on it: the
    reader gets the public page, with no Set-Cookie and no Vary: Cookie.
    """
    if request.method not in ("GET", "HEAD"):
        return False
    name = settings.SESSION_COOKIE_NAME
    key = request.COOKIES.get(name)
    if key is None:
        return True
    if SESSION_KEY.fullmatch(key) and request.session.exists(key):
        return False
    del request.COOKIES[name]
    return True


def page_key(request, query, generations):
    """The cache key of this page: address, generations and the parameters it reads."""
    address = request.build_absolute_uri(request.path)
    if query:
        address += "?" + query.urlencode()
    # Server code may tell variants apart (the bench forces misses this way); a reader
    # has no way to set this.
    address += getattr(request, "page_cache_variant", "")
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return "page:{}:{}".format(":".join(str(g) for g in generations), digest)


def read_query(request, names):
    """The request's query string cut to ``names``, one value each (the last, as .get())."""
    query = QueryDict(mutable=True)
    for name in names:
        if name in request.GET:
            query[name] = request.GET[name]
    query._mutable = False
    return query


def cache_public_page(
    view=None, *, query=(), story_pk_kwarg=None, page=None, timeout=None, expires=None
):
    """
    Serve ``view`` to anonymous readers from the page cache.

    ``query`` names the query parameters the page reads: the page is stored under
    its path and those, and the view sees no other (for readers: staff get the
    request as sent). ``story_pk_kwarg`` names the URL argument holding a story's
    id, for pages that also depend on that story's comments; ``page`` names a page
    with a generation of its own, bumped by ``invalidate_page(page)`` (the front
    page and its arrangement), so that a change to it refreshes it alone. ``expires`` returns a
    datetime (or None) at which the page may change with no write at all, e.g. when
    a scheduled story goes live; entries never outlive it.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_anonymous_read(request):
                response = view(request, *args, **kwargs)
                if request.method in ("GET", "HEAD"):
                    patch_cache_control(response, private=True)
                    response["X-Page-Cache"] = "bypass"
                return response
            part = kwargs.get(story_pk_kwarg) if story_pk_kwarg else page
            generations = request_generations(request, part)
            # 0: the generations cannot be read. No stored page is then known to be
            # current, and one stored now could never be invalidated: render, keep nothing.
            usable = all(generations)
            # The view renders from the request as keyed: its links and canonical
            # address (build_absolute_uri) never carry what the key leaves out. META is
            # copied: the server's own environ, and its access log, keep the request as sent.
            request.GET = read_query(request, query)
            request.META = {**request.META, "QUERY_STRING": request.GET.urlencode()}
            key = page_key(request, request.GET, generations)
            use_local = settings.NEWSROOM_PAGE_CACHE_LOCAL_BYTES
            entry = None
            if usable:
                entry = local_pages.get(key) if use_local else None
                if entry is None:
                    entry = cache.get(key)
                    if entry is not None and use_local:
                        local_pages.set(key, entry)
            if entry is not None:
                response = _rebuild(entry, request)
                response["X-Page-Cache"] = "hit"
                return page_cache_headers(response)

            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            public = (
                response.status_code == 200
                and not response.cookies
                and not response.streaming
                and not getattr(response, "private_page", False)
            )
            if public and not usable:
                response["X-Page-Cache"] = "miss"
                return page_cache_headers(response)
            if public:
                entry = {
                    "content": response.content,
                    "gzip": compress_string(response.content),
                    "content_type": response["Content-Type"],
                    "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
                    "last_modified": http_date(),
                }
                lifetime = seconds_until(
                    timeout or settings.NEWSROOM_PAGE_CACHE_SECONDS,
                    getattr(request, "_page_changes_at", None),
                    expires() if expires is not None else None,
                )
                entry["expires_at"] = time.time() + lifetime
                if not cache.add(key, entry, lifetime):
                    # Another process stored this page first: answer with its copy, so
                    # every process serves the same bytes under the same ETag.
                    stored = cache.get(key)
                    if stored is not None and "expires_at" in stored:
                        entry = stored
                if use_local:
                    local_pages.set(key, entry)
                response = _rebuild(entry, request)
                response["X-Page-Cache"] = "miss"
                return page_cache_headers(response)
            if getattr(response, "private_page", False):
                patch_cache_control(response, private=True, no_store=True)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _rebuild(entry, request):
    """The stored page as this reader's browser takes it: gzip if it says it can."""
    if "gzip" in entry and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(entry["gzip"], content_type=entry["content_type"])
        response["Content-Encoding"] = "gzip"
        # Another representation of the same page: weak, as Django's GZipMiddleware makes
        # it; If-None-Match compares weakly, so either tag gets its 304.
        response["ETag"] = "W/" + entry["etag"]
    else:
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
        response["ETag"] = entry["etag"]
    response["Last-Modified"] = entry["last_modified"]
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
