"""The REST API's own cache, in Redis, under an API data version that sync and publishing bump
(``api.rest.signals``): a bump makes every cached response and count stale at once, without scanning keys.

- Responses (200 and 404) of the read endpoints are stored rendered, with when they were made, for
  ``NEST_API_CACHE_SECONDS`` at most (so time-dependent answers, e.g. upcoming events, move on).
- Every response carries an ETag (a hash of its body) and Last-Modified (when it was made); a request whose
  If-None-Match or If-Modified-Since still matches gets a 304 without a body.
- ``total_count`` of a list is counted once per list, filters and version (``cached_count``).

Inside a request the data version and each cached value are read from Redis once (``apps.core.request_memo``):
a list of 100 projects asks for the GitHub sync status once per item, and reads it once.

A cache outage never fails a request: it is answered uncached.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer

from apps.core import request_memo

logger = logging.getLogger(__name__)

VERSION_KEY = "api:data-version"
CACHED_STATUSES = {200, 404}


def data_version() -> int:
    """The current API data version (0 when the cache cannot be read: nothing is cached then), read once
    per request."""
    memo = request_memo.current()
    if memo is not None and VERSION_KEY in memo:
        return memo[VERSION_KEY]
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
            version = cache.get(VERSION_KEY)
        version = int(version or 0)
    except Exception:
        logger.warning("api cache: cannot read the data version", exc_info=True)
        return 0
    if memo is not None:
        memo[VERSION_KEY] = version
    return version


def bump_data_version(reason: str = "") -> int:
    """Make every cached response and count stale."""
    request_memo.forget(VERSION_KEY)
    try:
        try:
            version = cache.incr(VERSION_KEY)
        except ValueError:  # not set yet, or evicted: start above any version in use
            version = time.time_ns() // 1000
            cache.set(VERSION_KEY, version, timeout=None)
    except Exception:
        logger.warning("api cache: cannot bump the data version (%s)", reason, exc_info=True)
        return 0
    logger.debug("api cache: data version %s (%s)", version, reason or "bumped")
    return version


def _seconds() -> int:
    return int(getattr(settings, "NEST_API_CACHE_SECONDS", 300))


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:32]


def request_key(request, *, exclude: tuple[str, ...] = ()) -> str:
    """The request's path and parameters in a canonical order (parameter order and repeats kept per name)."""
    params = sorted((name, values) for name, values in request.GET.lists() if name not in exclude)
    return _digest(request.path, params)


def _get(key: str):
    try:
        return cache.get(key)
    except Exception:
        logger.warning("api cache: read failed", exc_info=True)
        return None


def _set(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("api cache: write failed", exc_info=True)


def cached_count(view, request, queryset) -> int:
    """The list's exact count, counted once per filters and data version (1 query on a miss, none after)."""
    version, seconds = data_version(), _seconds()
    params = request_key(request, exclude=("page", "page_size", "cursor"))  # the path is part of it
    key = f"api:count:{version}:{params}"
    if version and seconds:
        count = _get(key)
        if count is not None:
            return int(count)
    count = queryset.order_by().count()
    if version and seconds:
        _set(key, count, seconds)
    return count


def cached_value(name: str, compute):
    """A value computed once per data version (e.g. when GitHub was last synced), and once per request
    whatever the cache (``NEST_API_CACHE_SECONDS=0`` or an outage): a list asks for it once per item."""
    version, seconds = data_version(), _seconds()
    key = f"api:value:{version}:{name}"
    memo = request_memo.current()
    if memo is not None and key in memo:
        return memo[key]
    found = _get(key) if version and seconds else None
    if found is not None:
        value = found[0]
    else:
        value = compute()
        if version and seconds:
            _set(key, (value,), seconds)
    if memo is not None:
        memo[key] = value
    return value


def _response(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"], content_type="application/json")
    response["ETag"] = f'"{entry["etag"]}"'
    response["Last-Modified"] = http_date(entry["made"])
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def conditional(request, entry: dict) -> HttpResponse:
    """The entry as a response, or a 304 when the client's validators still match it."""
    response = _response(entry)
    if entry["status"] != 200:
        return response
    return get_conditional_response(request, etag=response["ETag"], last_modified=entry["made"], response=response)


def cached_read(request, view, produce) -> HttpResponse:
    """The response to a read: from the cache when fresh, else ``produce()`` (a DRF Response) rendered as JSON
    and stored when it is a 200 or a 404. Errors (400s) are never stored."""
    version, seconds = data_version(), _seconds()
    key = f"api:r:{version}:{get_language()}:{request_key(request)}"
    if version and seconds:
        entry = _get(key)
        if entry is not None:
            return conditional(request, entry)
    response = produce()
    if response.status_code not in CACHED_STATUSES or getattr(response, "data", None) is None:
        return response
    content = JSONRenderer().render(response.data)
    entry = {
        "status": response.status_code,
        "content": content,
        "etag": hashlib.sha256(content).hexdigest()[:40],
        "made": int(time.time()),
    }
    if version and seconds:
        _set(key, entry, seconds)
    return conditional(request, entry)
