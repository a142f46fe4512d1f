"""Django's Redis cache, made to degrade instead of failing requests when Redis is away.

The cache holds nothing but rate-limit counters; a page must never become an HTTP 500
because Redis restarts. Every operation that cannot reach Redis is logged and answered as if
the cache were empty, which lets rate limits fail open (see RATELIMIT_FAIL_OPEN in settings).
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _unavailable(operation, error):
    logger.warning("Cache nicht erreichbar (%s): %s – Ratenbegrenzung ausgesetzt.", operation, error)


class ResilientRedisCache(RedisCache):
    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _unavailable("add", error)
            # Reported as stored: callers that use add() as a lock (allauth) or as a first count
            # (django-ratelimit) then go ahead instead of waiting or refusing.
            return True

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _unavailable("get", error)
            return default

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            _unavailable("set", error)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            _unavailable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _unavailable("delete", error)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _unavailable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            _unavailable("has_key", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _unavailable("incr", error)
            raise ValueError(f"Schlüssel {key!r} nicht erreichbar") from error

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            _unavailable("set_many", error)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            _unavailable("delete_many", error)

    def clear(self):
        """Remove this cache's keys only: the Redis database may also hold Celery's queue."""
        try:
            client = self._cache.get_client(None, write=True)
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
            return True
        except RedisError as error:
            _unavailable("clear", error)
            return False
