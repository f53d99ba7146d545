"""A Redis cache that never takes the site down with it: errors read as misses."""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


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
