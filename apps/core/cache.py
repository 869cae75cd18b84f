"""Django's Redis cache, keeping one Redis client per connection pool, and serving misses while Redis is down.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation, and each one
copies redis-py's table of about 200 response callbacks: a few tenths of a millisecond per call, several
milliseconds on a page that makes a dozen. A ``redis.Redis`` is safe to share between threads (it takes a
connection from its pool for each command), so one per pool is kept and reused.

While Redis cannot be reached, a read is a miss and a write is dropped, logged (at most one warning every
``WARN_EVERY`` seconds per process, with how many were dropped) and counted (``unavailable_operations``), rather
than raised: code outside Nest caches through Django too (Wagtail's site root paths, read for every page URL
it builds), and a page must render from the database then, not fail with a 500 (issue 17; measured by
``benchmarks/load.py``). ``incr`` and ``clear`` still raise: their callers guard them, and a counter that was
not counted must not look counted.

Reads are counted as hits or misses for ``/metrics`` (apps.core.observability.metrics); a read Redis could not
answer is a miss.
"""

import logging
import threading
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

from apps.core.observability.metrics import CACHE

logger = logging.getLogger(__name__)

UNAVAILABLE = (redis.ConnectionError, redis.TimeoutError)
WARN_EVERY = 10.0  # seconds

_MISSING = object()
HITS, MISSES = CACHE.labels("hit"), CACHE.labels("miss")

_lock = threading.Lock()
_state = {"count": 0, "unreported": 0, "warned_at": 0.0}


def unavailable_operations() -> int:
    """Cache operations this process answered without Redis (misses and dropped writes) since it started."""
    return _state["count"]


def _unavailable(operation: str, exc: Exception) -> None:
    with _lock:
        _state["count"] += 1
        _state["unreported"] += 1
        now = time.monotonic()
        if now - _state["warned_at"] < WARN_EVERY:
            return
        unreported, _state["unreported"], _state["warned_at"] = _state["unreported"], 0, now
    logger.warning("cache: Redis unavailable (%s: %s); %d operations served as misses", operation, exc, unreported)


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
        try:
            value = super().get(key, _MISSING, version)
        except UNAVAILABLE as exc:
            _unavailable("get", exc)
            value = _MISSING
        if value is _MISSING:
            MISSES.inc()
            return default
        HITS.inc()
        return value

    def get_many(self, keys, version=None):
        keys = list(keys)
        try:
            found = super().get_many(keys, version)
        except UNAVAILABLE as exc:
            _unavailable("get_many", exc)
            found = {}
        HITS.inc(len(found))
        MISSES.inc(len(keys) - len(found))
        return found

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as exc:
            _unavailable("has_key", exc)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE as exc:
            _unavailable("add", exc)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNAVAILABLE as exc:
            _unavailable("set", exc)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE as exc:
            _unavailable("set_many", exc)
            return list(data)  # the keys that failed to be set, as Django's API reports them

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE as exc:
            _unavailable("touch", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE as exc:
            _unavailable("delete", exc)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNAVAILABLE as exc:
            _unavailable("delete_many", exc)
