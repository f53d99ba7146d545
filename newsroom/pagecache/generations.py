"""
Generations: what makes a stored page current.

Pages are stored under keys that carry *generations*: one for the whole site
(bumped when any published content changes) and, for a page that depends on
something more, one of its own: a story page's (bumped when a moderator decides
one of its comments), the front page's (bumped when its live arrangement
changes). Bumping a generation makes every key built from the old one
unreachable at once: invalidation is exact and costs one write, and there is no
list of URLs to keep in step.

Generations live in the cache itself by default (CacheGenerations), so every
process must share it: use Redis (REDIS_URL) whenever more than one process
serves pages; a system check warns when production runs on the per-process
local-memory cache. On a single host they can live in a file every process maps
into memory instead (SharedFileGenerations, NEWSROOM_PAGE_GENERATIONS_FILE): a
hit then needs no round trip at all.
"""

import fcntl
import logging
import mmap
import os
import struct
import threading
import time
import zlib

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

SITE_GENERATION = "pages:generation"
STORY_GENERATION = "pages:story:{}"
PAGE_GENERATION = "pages:named:{}"


def _part_key(part):
    """The key of a page's own generation: a story's (its pk) or a named page's ("front")."""
    return PAGE_GENERATION.format(part) if isinstance(part, str) else STORY_GENERATION.format(part)


logger = logging.getLogger(__name__)


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
        keys = [SITE_GENERATION] + ([_part_key(story_pk)] if story_pk else [])
        found = cache.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                cache.add(key, time.time_ns(), timeout=None)
            found.update(cache.get_many(missing))
        return [found.get(key, 0) for key in keys]

    def bump(self, story_pk=None):
        """A new generation. Nanoseconds: a restarted, empty cache never reuses an old number."""
        key = _part_key(story_pk) if story_pk else SITE_GENERATION
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
    slot ``pk % STORY_SLOTS``, a named page ("front") in the slot its name hashes to.
    Two pages sharing a slot only refresh each other more often than needed.
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

    def _offset(self, part):
        slot = zlib.crc32(part.encode()) if isinstance(part, str) else int(part)
        return self.WORD.size * (2 + slot % self.STORY_SLOTS)

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


def invalidate_page(name):
    """The page cached with ``cache_public_page(page=name)`` is out of date, and no other."""
    _bump_now_and_after_commit(str(name))


def _generations(story_pk=None):
    """The current generations of the site (and of story ``story_pk``); 0: unreadable."""
    return generation_store().read(story_pk)


def request_generations(request, story_pk=None):
    """The generations for this request, read once per request (0: unreadable)."""
    if not hasattr(request, "_page_generations"):
        request._page_generations = {}
    known = request._page_generations
    keys = [SITE_GENERATION] + ([_part_key(story_pk)] if story_pk else [])
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
    return request_generations(request)[0]


def story_generation(request, pk):
    """The comments generation of story ``pk``, as the page cache read it for this request."""
    return request_generations(request, pk)[1]
