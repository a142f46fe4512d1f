"""Django's Redis cache, made to degrade instead of failing requests when Redis is away.

The cache holds rate-limit counters and versioned choice lists; a page must never become an HTTP
500 because Redis restarts. Every operation that cannot reach Redis is logged and answered as if
the cache were empty, which lets rate limits fail open (see RATELIMIT_FAIL_OPEN in settings).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After one failure this process leaves that Redis alone for a few seconds. A Redis that hangs
# instead of refusing costs each call its whole socket timeout, and a page makes several calls.
PAUSE_AFTER_FAILURE = 5.0
_away_until = {}
_lock = threading.Lock()


def _unavailable(operation, error):
    logger.warning("Cache nicht erreichbar (%s): %s – Ratenbegrenzung ausgesetzt.", operation, error)


class ResilientRedisCache(RedisCache):
    def _guarded(self, operation, call, fallback):
        key = str(self._servers)
        if _away_until.get(key, 0.0) > time.monotonic():
            return fallback()
        try:
            return call()
        except RedisError as error:
            with _lock:
                _away_until[key] = time.monotonic() + PAUSE_AFTER_FAILURE
            _unavailable(operation, error)
            return fallback()

    def add(self, key, value, timeout=None, version=None):
        # Reported as stored: callers that use add() as a lock (allauth) or as a first count
        # (django-ratelimit) then go ahead instead of waiting or refusing.
        return self._guarded("add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
                             lambda: True)

    def get(self, key, default=None, version=None):
        return self._guarded("get", lambda: super(ResilientRedisCache, self).get(key, default, version),
                             lambda: default)

    def set(self, key, value, timeout=None, version=None):
        return self._guarded("set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
                             lambda: None)

    def touch(self, key, timeout=None, version=None):
        return self._guarded("touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
                             lambda: False)

    def delete(self, key, version=None):
        return self._guarded("delete", lambda: super(ResilientRedisCache, self).delete(key, version),
                             lambda: False)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version),
                             dict)

    def has_key(self, key, version=None):
        return self._guarded("has_key", lambda: super(ResilientRedisCache, self).has_key(key, version),
                             lambda: False)

    def incr(self, key, delta=1, version=None):
        def unreachable():
            raise ValueError(f"Schlüssel {key!r} nicht erreichbar")

        return self._guarded("incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version),
                             unreachable)

    def set_many(self, data, timeout=None, version=None):
        return self._guarded("set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
                             lambda: list(data))

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version),
                             lambda: None)

    def clear(self):
        """Remove this cache's keys only: the Redis database may also hold Celery's queue."""
        def clear_own_keys():
            client = self._cache.get_client(None, write=True)
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
            return True

        return self._guarded("clear", clear_own_keys, lambda: False)
