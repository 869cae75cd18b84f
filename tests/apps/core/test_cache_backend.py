"""The Redis cache keeps one client per connection pool (apps.core.cache) and still reads and writes."""

from django.core.cache import cache


def test_one_redis_client_serves_every_operation():
    backend = cache._cache

    first, again = backend.get_client("a"), backend.get_client("b", write=True)

    assert first is again  # one server: reads and writes share its pool and its client
    cache.set("test-cache-backend", {"value": 1}, 30)
    assert cache.get("test-cache-backend") == {"value": 1}
    assert cache.get_many(["test-cache-backend", "test-cache-missing"]) == {"test-cache-backend": {"value": 1}}
    cache.delete("test-cache-backend")
