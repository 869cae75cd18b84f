"""The Redis cache keeps one client per connection pool (apps.core.cache), still reads and writes, and answers
with misses while Redis is down."""

import pytest
import redis
from django.core.cache import cache

from apps.core.cache import RedisCache, unavailable_operations


def test_one_redis_client_serves_every_operation():
    backend = cache._cache

    first, again = backend.get_client("a"), backend.get_client("b", write=True)

    assert first is again  # one server: reads and writes share its pool and its client
    cache.set("test-cache-backend", {"value": 1}, 30)
    assert cache.get("test-cache-backend") == {"value": 1}
    assert cache.get_many(["test-cache-backend", "test-cache-missing"]) == {"test-cache-backend": {"value": 1}}
    cache.delete("test-cache-backend")


def test_while_redis_cannot_be_reached_reads_are_misses_and_writes_are_dropped_and_counted():
    unreachable = RedisCache(
        "redis://127.0.0.1:1/0",  # nothing listens there
        {"KEY_PREFIX": "test", "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    )
    before = unavailable_operations()

    assert unreachable.get("page", "default") == "default"
    assert unreachable.get_many(["a", "b"]) == {}
    assert "page" not in unreachable
    assert unreachable.add("page", 1) is False
    unreachable.set("page", 1)
    assert unreachable.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert unreachable.delete("page") is False
    unreachable.delete_many(["a", "b"])

    assert unavailable_operations() - before == 8
    with pytest.raises(redis.ConnectionError):  # a counter that was not counted must not look counted
        unreachable.incr("page")
