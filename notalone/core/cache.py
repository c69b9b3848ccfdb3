"""The Redis cache backend: django-redis, whose ``clear()`` empties only NotAlone's own keys.

django-redis's ``clear()`` runs FLUSHDB, which would also drop Huey's job queue when the two
share a Redis database (the default: both use REDIS_URL), and another site's or test
worker's keys. Here it deletes the keys under this cache's ``KEY_PREFIX`` and nothing else.
"""

from __future__ import annotations

from django_redis.cache import RedisCache as _DjangoRedisCache


class RedisCache(_DjangoRedisCache):  # type: ignore[misc]
    def clear(self) -> None:
        """Delete every key of this cache (its prefix), by SCAN: never FLUSHDB."""
        self.delete_pattern("*")
