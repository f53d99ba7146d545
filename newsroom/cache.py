"""
The page cache for anonymous readers, and a Redis backend that never takes the
site down with it.

Pages are stored under keys that carry *generations*: one for the whole site
(bumped when any published content changes) and, for story pages, one per story
(bumped when a moderator decides one of its comments). Bumping a generation
makes every key built from the old one unreachable at once: invalidation is
exact and costs one write, and there is no list of URLs to keep in step.

Generations live in the cache itself by default (CacheGenerations), so every
process must share it: use Redis (REDIS_URL) whenever more than one process
serves pages; a system check warns when production runs on the per-process
local-memory cache. On a single host they can live in a file every process maps
into memory instead (SharedFileGenerations, NEWSROOM_PAGE_GENERATIONS_FILE): a
hit then needs no round trip at all.
"""

import fcntl
import hashlib
import logging
import mmap
import os
import struct
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)

SITE_GENERATION = "pages:generation"
STORY_GENERATION = "pages:story:{}"


# A cache that fails soft ----------------------------------------------------------------


class ReusedClientRedisCacheClient(RedisCacheClient):
    """
    Django's client builds a new redis.Redis (with its table of response callbacks)
    for every operation; a page-cache hit makes two. One client per connection pool
    is enough: the pool hands out the connections, and a client is thread-safe.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """
    Django's Redis backend, except that a dead or slow server is a cache miss,
    not a 500. After a failure the server is left alone for a few seconds, so
    readers do not each wait for a connection timeout.
    """

    retry_after = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0

    def _guard(name, default=None):  # noqa: N805 - a decorator factory used in the class body
        def decorate(method):
            @wraps(method)
            def wrapper(self, *args, **kwargs):
                if time.monotonic() < self._down_until:
                    return default() if callable(default) else default
                try:
                    return method(self, *args, **kwargs)
                except Exception as error:  # redis.ConnectionError, TimeoutError, OSError…
                    self._down_until = time.monotonic() + self.retry_after
                    logger.warning("cache %s failed, serving without cache: %s", name, error)
                    return default() if callable(default) else default

            return wrapper

        return decorate

    get = _guard("get")(RedisCache.get)
    add = _guard("add", False)(RedisCache.add)
    set = _guard("set")(RedisCache.set)
    touch = _guard("touch", False)(RedisCache.touch)
    delete = _guard("delete", False)(RedisCache.delete)
    get_many = _guard("get_many", dict)(RedisCache.get_many)
    set_many = _guard("set_many", list)(RedisCache.set_many)
    delete_many = _guard("delete_many")(RedisCache.delete_many)
    has_key = _guard("has_key", False)(RedisCache.has_key)
    incr = _guard("incr", 0)(RedisCache.incr)
    clear = _guard("clear", False)(RedisCache.clear)

    def get_or_set(self, key, default, timeout=None, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            self.set(key, value, timeout=timeout, version=version)
        return value


# Generations ---------------------------------------------------------------------------


class CacheGenerations:
    """
    Generations kept in the cache itself (Redis, or local memory in development): every
    process that shares the cache agrees on them, on one host or many. A page-cache hit
    reads them with one round trip.
    """

    def read(self, story_pk=None):
        """
        The current generations; 0 only when the cache cannot be read. A generation
        nobody has bumped yet (a story with no decided comment, an emptied cache) is
        started here, atomically (add), so every process agrees on it.
        """
        keys = [SITE_GENERATION] + ([STORY_GENERATION.format(story_pk)] if story_pk else [])
        found = cache.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                cache.add(key, time.time_ns(), timeout=None)
            found.update(cache.get_many(missing))
        return [found.get(key, 0) for key in keys]

    def bump(self, story_pk=None):
        """A new generation. Nanoseconds: a restarted, empty cache never reuses an old number."""
        key = STORY_GENERATION.format(story_pk) if story_pk else SITE_GENERATION
        cache.set(key, time.time_ns(), timeout=None)


class SharedFileGenerations:
    """
    Generations in a small file that every process on this host maps into memory
    (NEWSROOM_PAGE_GENERATIONS_FILE): reading them is a memory read, so a page-cache
    hit costs no round trip at all. A bump is written under an exclusive lock before
    the writer goes on, and memory shared by a mapping is the same memory for every
    process: the next read anywhere on the host sees it. Exact for ONE host only:
    every process that serves pages or changes content (web workers, management
    commands, cron jobs) must run where the file is. Several hosts share Redis and
    use CacheGenerations.

    Layout, native 8-byte words (aligned, so a word is written and read whole): the
    file's epoch (chosen when the file is made, so a re-created file never reuses a
    key), the site generation, then STORY_SLOTS story generations, story ``pk`` in
    slot ``pk % STORY_SLOTS``. Two stories sharing a slot only refresh each other's
    page more often than needed.
    """

    STORY_SLOTS = 1 << 16
    WORD = struct.Struct("Q")
    SIZE = WORD.size * (2 + STORY_SLOTS)

    def __init__(self, path):
        self.path = os.fspath(path)
        self._map = None
        self._inode = None
        self._lock = threading.Lock()

    def _open(self):
        """The mapping of the file now at ``path``; made (with a new epoch) if missing."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o660)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            info = os.fstat(fd)
            if info.st_size < self.SIZE:
                # Blocks reserved now: a full disk is an error here (ENOSPC), never a
                # SIGBUS on a later write through the mapping. Group-writable whatever
                # the umask: the web server and the commands may run as different users.
                os.posix_fallocate(fd, 0, self.SIZE)
                os.pwrite(fd, self.WORD.pack(time.time_ns()), 0)
                if info.st_uid == os.geteuid():
                    os.fchmod(fd, 0o660)
            mapping = mmap.mmap(fd, self.SIZE)
            return fd, mapping, info.st_ino
        except (OSError, ValueError) as error:
            os.close(fd)
            raise OSError(f"cannot map {self.path}: {error}") from error
        except BaseException:
            os.close(fd)
            raise

    def _mapping(self):
        # One stat per read: a file replaced under a running server (deleted, a new
        # epoch) is followed, never read stale through an orphaned mapping; one cut
        # short in place is made whole again (with a new epoch) before it is read,
        # since reading a mapping past the end of its file kills the process (SIGBUS).
        try:
            info = os.stat(self.path)
            inode = info.st_ino if info.st_size >= self.SIZE else None
        except FileNotFoundError:
            inode = None
        if self._map is None or inode != self._inode:
            with self._lock:
                if self._map is None or inode != self._inode:
                    fd, mapping, inode = self._open()
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    os.close(fd)
                    self._map, self._inode = mapping, inode
        return self._map

    def _offset(self, story_pk):
        return self.WORD.size * (2 + int(story_pk) % self.STORY_SLOTS)

    def read(self, story_pk=None):
        """``epoch.site`` and, for a story, ``epoch.story``: never 0 (always readable)."""
        try:
            mapping = self._mapping()
        except OSError as error:
            logger.warning("page generations file %s unreadable: %s", self.path, error)
            return [0] * (2 if story_pk else 1)
        epoch, site = self.WORD.unpack_from(mapping, 0)[0], self.WORD.unpack_from(mapping, 8)[0]
        found = [f"{epoch:x}.{site}"]
        if story_pk:
            found.append(f"{epoch:x}.{self.WORD.unpack_from(mapping, self._offset(story_pk))[0]}")
        return found

    def bump(self, story_pk=None):
        offset = self._offset(story_pk) if story_pk else self.WORD.size
        # Opened by path each time: the lock must be this process's own open file (a
        # descriptor inherited across fork shares its lock), and the bump goes to the
        # file readers will find, even one re-created since this process mapped it.
        try:
            fd, mapping, _ = self._open()
        except OSError as error:
            # Readers that cannot open the file cache nothing; a process that can may
            # keep a page until it expires. Most management commands refuse to start
            # in that state (system check newsroom.E001); `shell` does not check.
            logger.error("page generations file %s not bumped: %s", self.path, error)
            return
        try:
            (current,) = self.WORD.unpack_from(mapping, offset)
            self.WORD.pack_into(mapping, offset, current + 1)
        finally:
            mapping.close()
            os.close(fd)  # releases the lock


_generation_store = None


def generation_store():
    """The configured store: the shared file when NEWSROOM_PAGE_GENERATIONS_FILE is set."""
    global _generation_store
    if _generation_store is None:
        path = settings.NEWSROOM_PAGE_GENERATIONS_FILE
        _generation_store = SharedFileGenerations(path) if path else CacheGenerations()
    return _generation_store


@receiver(setting_changed)
def _forget_generation_store(*, setting, **kwargs):
    global _generation_store
    if setting in ("NEWSROOM_PAGE_GENERATIONS_FILE", "CACHES"):
        _generation_store = None


def _bump_now_and_after_commit(story_pk=None):
    # Now, so this process never serves the old page again; after commit too,
    # because a reader may have cached the old content between the two.
    generation_store().bump(story_pk)
    transaction.on_commit(lambda: generation_store().bump(story_pk))


def invalidate_site():
    """Every cached page is out of date."""
    _bump_now_and_after_commit()


def invalidate_story(pk):
    """The page of story ``pk`` is out of date (its comments changed)."""
    _bump_now_and_after_commit(pk)


def _generations(story_pk=None):
    """The current generations of the site (and of story ``story_pk``); 0: unreadable."""
    return generation_store().read(story_pk)


def _request_generations(request, story_pk=None):
    """The generations for this request, read once per request (0: unreadable)."""
    if not hasattr(request, "_page_generations"):
        request._page_generations = {}
    known = request._page_generations
    keys = [SITE_GENERATION] + ([STORY_GENERATION.format(story_pk)] if story_pk else [])
    if any(key not in known for key in keys):
        known.update(zip(keys, _generations(story_pk), strict=True))
    return [known[key] for key in keys]


def seconds_until(seconds, *moments):
    """``seconds``, cut short so that an entry kept that long outlives none of ``moments``
    (datetimes, or None); at least 1."""
    for moment in filter(None, moments):
        seconds = max(1, min(seconds, int((moment - timezone.now()).total_seconds()) + 1))
    return seconds


def page_changes_at(request, when):
    """
    The page this request renders changes by itself at ``when`` (a datetime), with no
    write to tell the cache: e.g. its comment form goes when comments close by age.
    The page cache keeps it no longer than that.
    """
    known = getattr(request, "_page_changes_at", None)
    if known is None or when < known:
        request._page_changes_at = when


def site_generation(request):
    """The site generation, as the page cache read it for this request."""
    return _request_generations(request)[0]


def story_generation(request, pk):
    """The comments generation of story ``pk``, as the page cache read it for this request."""
    return _request_generations(request, pk)[1]


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
        size = len(entry["content"])
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


def is_anonymous_read(request):
    # A session cookie means staff (preview, banners): never serve or store their pages.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def forced_miss(request):
    """
    bench/pages.py measures misses with a header; it has an effect only when the
    process started with NEWSROOM_BENCH=1, so readers can never force one.
    """
    return settings.NEWSROOM_BENCH and request.META.get("HTTP_X_NEWSROOM_BENCH") == "miss"


def cache_public_page(view=None, *, story_pk_kwarg=None, timeout=None, expires=None):
    """
    Serve ``view`` to anonymous readers from the page cache.

    ``story_pk_kwarg`` names the URL argument holding a story's id, for pages
    that also depend on that story's comments. ``expires`` returns a datetime
    (or None) at which the page may change with no write at all, e.g. when a
    scheduled story goes live; entries never outlive it.
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
            story_pk = kwargs.get(story_pk_kwarg) if story_pk_kwarg else None
            generations = _request_generations(request, story_pk)
            # 0: the generations cannot be read. No stored page is then known to be
            # current, and one stored now could never be invalidated: render, keep nothing.
            usable = all(generations)
            digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
            key = "page:{}:{}".format(":".join(str(g) for g in generations), digest)
            use_local = settings.NEWSROOM_PAGE_CACHE_LOCAL_BYTES
            entry = None
            forced = forced_miss(request)
            if forced:
                # Exactly what a real miss costs: nothing found, and the page stored (for
                # a few seconds) under a key of its own.
                key = f"{key}:bench-{time.time_ns()}"
            elif usable:
                entry = local_pages.get(key) if use_local else None
                if entry is None:
                    entry = cache.get(key)
                    if entry is not None and use_local:
                        local_pages.set(key, entry)
            if entry is not None:
                response = _rebuild(entry)
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
                    "content_type": response["Content-Type"],
                    "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
                    "last_modified": http_date(),
                }
                lifetime = seconds_until(
                    timeout or settings.NEWSROOM_PAGE_CACHE_SECONDS,
                    getattr(request, "_page_changes_at", None),
                    expires() if expires is not None else None,
                )
                if forced:
                    lifetime = min(lifetime, 10)
                entry["expires_at"] = time.time() + lifetime
                if not cache.add(key, entry, lifetime):
                    # Another process stored this page first: answer with its copy, so
                    # every process serves the same bytes under the same ETag.
                    stored = cache.get(key)
                    if stored is not None and "expires_at" in stored:
                        entry, response = stored, _rebuild(stored)
                if use_local:
                    local_pages.set(key, entry)
                response["ETag"] = entry["etag"]
                response["Last-Modified"] = entry["last_modified"]
                response["X-Page-Cache"] = "miss"
                return page_cache_headers(response)
            if getattr(response, "private_page", False):
                patch_cache_control(response, private=True, no_store=True)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def _rebuild(entry):
    response = HttpResponse(entry["content"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = entry["last_modified"]
    return response


def check_shared_cache(app_configs, **kwargs):
    """Production with a per-process cache would serve pages other processes invalidated."""
    from django.core.checks import Warning

    backend = settings.CACHES["default"]["BACKEND"]
    if not settings.DEBUG and backend.endswith("LocMemCache"):
        return [
            Warning(
                "The page cache runs on local memory: with more than one server process, "
                "a change in one process does not refresh pages cached by the others.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0).",
                id="newsroom.W001",
            )
        ]
    return []


def check_generations_file(app_configs, **kwargs):
    """A generations file that cannot be opened would leave every page uncached."""
    from django.core.checks import Error

    path = settings.NEWSROOM_PAGE_GENERATIONS_FILE
    if not path:
        return []
    try:
        SharedFileGenerations(path)._mapping()
    except OSError as error:
        return [
            Error(
                f"The page-cache generations file {path} cannot be opened: {error}.",
                hint="Point NEWSROOM_PAGE_GENERATIONS_FILE at a writable folder on this "
                "host (e.g. /dev/shm/newsroom-generations), or unset it.",
                id="newsroom.E001",
            )
        ]
    return []


def check_bench_hooks(app_configs, **kwargs):
    """NEWSROOM_BENCH lets any request force a page-cache miss: benchmarks only."""
    from django.core.checks import Warning

    if settings.NEWSROOM_BENCH:
        return [
            Warning(
                "NEWSROOM_BENCH is on: anyone can force page-cache misses and "
                "/__bench__/bytes/ is served.",
                hint="Unset NEWSROOM_BENCH; only bench/pages.py sets it.",
                id="newsroom.W002",
            )
        ]
    return []
