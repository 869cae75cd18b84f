import uuid

import pytest
from django.core.cache import cache


@pytest.fixture
def client_address():
    """A client address of this test alone, so its rate-limit counters start at zero (the cache is the real
    Redis, shared by the run: never cleared). The counters it made are deleted afterwards."""
    number = uuid.uuid4().int
    address = f"198.18.{number % 250}.{(number >> 8) % 250 + 1}"  # the benchmarking range: no one's address
    yield address
    cache.delete_many([f"throttle_{scope}_{address}" for scope in ("anonymous", "token")])
