"""A fixed-window request budget per client, counted in the default cache (Redis): for the site's forms that
do expensive work per request, such as ``/ask/``'s answers. The APIs use DRF's throttles (``api.rest.throttling``).

``allow(scope, ident, rate)`` counts one request of ``ident`` (a client address) in ``scope`` and says whether
it is within ``rate`` ("10/minute": a number and second, minute, hour or day). Like the APIs' throttles, a
cache that cannot be reached lets the request through: an outage of the cache must not take the site down.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the window ends (when not allowed)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/minute" -> (10, 60). A malformed rate is a configuration error, raised as ValueError."""
    number, _, period = str(rate).partition("/")
    if not number.strip().isdigit() or not period.strip() or period.strip()[0].lower() not in PERIODS:
        raise ValueError(f"a rate is 'N/second|minute|hour|day', not {rate!r}")
    return int(number), PERIODS[period.strip()[0].lower()]


def allow(scope: str, ident: str, rate: str) -> Verdict:
    limit, period = parse_rate(rate)
    window = int(time.time()) // period
    key = f"rate:{scope}:{ident}:{window}"
    try:
        count = 1 if cache.add(key, 1, timeout=period + 1) else cache.incr(key)
    except Exception:  # the cache is unreachable (or the key expired between add and incr)
        logger.warning("rate limit %s: cache unavailable, request let through", scope, exc_info=True)
        return Verdict(True)
    if count <= limit:
        return Verdict(True)
    return Verdict(False, retry_after=max(1, (window + 1) * period - int(time.time())))


def client_address(request) -> str:
    """The client's address as the proxy in front of Django reports it (REMOTE_ADDR, which the deployment's
    proxy sets; X-Forwarded-For is not trusted here)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
