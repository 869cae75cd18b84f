"""Django's Redis cache, keeping one Redis client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation, and each one
copies redis-py's table of about 200 response callbacks: a few tenths of a millisecond per call, several
milliseconds on a page that makes a dozen. A ``redis.Redis`` is safe to share between threads (it takes a
connection from its pool for each command), so one per pool is kept and reused.

Reads are counted as hits or misses for ``/metrics`` (apps.core.observability.metrics).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

from apps.core.observability.metrics import CACHE

_MISSING = object()
HITS, MISSES = CACHE.labels("hit"), CACHE.labels("miss")


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def get(self, key, default=None, version=None):
        value = super().get(key, _MISSING, version)
        if value is _MISSING:
            MISSES.inc()
            return default
        HITS.inc()
        return value

    def get_many(self, keys, version=None):
        keys = list(keys)
        found = super().get_many(keys, version)
        HITS.inc(len(found))
        MISSES.inc(len(keys) - len(found))
        return found
