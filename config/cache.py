"""Django's Redis cache, made forgiving.

What the cache holds may be lost: the public forms' flood counts and the
API's throttle history. So a Redis that is down or silent reads as an empty
cache that keeps nothing, with a warning in the log, instead of a server
error on every page that counts a request. While Redis is away the flood
limits are lifted; failed logins are counted in the database (django-axes)
and still lock accounts. The connection timeouts in settings keep a silent
Redis from holding a page for long.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)


def _missing(*args):
    raise ValueError("Key not found.")  # what incr() says of a key the cache lacks


# After a failure the cache is not asked again for this long (by this
# process's thread): a silent Redis costs one timeout, not one per cache call.
RETRY_AFTER = 30


def _forgiving(name, fallback):
    """The client's method `name`, answering `fallback(*args)` while Redis is unreachable."""
    method = getattr(RedisCacheClient, name)

    def forgiving(self, *args):
        if time.monotonic() < self.down_until:
            return fallback(*args)
        try:
            return method(self, *args)
        except (RedisConnectionError, RedisTimeoutError):
            log.warning("Redis cache unavailable: %s skipped", name, exc_info=True)
            self.down_until = time.monotonic() + RETRY_AFTER
            return fallback(*args)

    forgiving.__name__ = name
    return forgiving


class ForgivingClient(RedisCacheClient):
    down_until = 0.0

    get = _forgiving("get", lambda key, default: default)
    get_many = _forgiving("get_many", lambda keys: {})
    has_key = _forgiving("has_key", lambda key: False)
    add = _forgiving("add", lambda key, value, timeout: False)
    set = _forgiving("set", lambda key, value, timeout: None)
    set_many = _forgiving("set_many", lambda data, timeout: None)
    touch = _forgiving("touch", lambda key, timeout: False)
    incr = _forgiving("incr", _missing)
    delete = _forgiving("delete", lambda key: False)
    delete_many = _forgiving("delete_many", lambda keys: None)
    clear = _forgiving("clear", lambda: False)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ForgivingClient
        # Connect within a second and give up on a silent server after two:
        # a cache that slow is no faster than the work it saves.
        self._options = {"socket_connect_timeout": 1, "socket_timeout": 2, **self._options}
