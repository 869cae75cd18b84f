"""Page cache of the public site, invalidated by a "site data version" counter.

Every cached page's key holds the current version; bumping the version (on Wagtail publish/unpublish, and
once per sync run on its ``data_changed`` signals: ``theme.signals``) makes every cached page stale at once,
without scanning Redis. Entries also expire on their own (``NEST_PAGE_CACHE_SECONDS``) so that
time-dependent content ("upcoming" events) moves on.
"""

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "site-data-version"


def site_data_version() -> int:
    """The current version (1 when no one has bumped it yet, or when the cache is unreachable)."""
    try:
        return int(cache.get(VERSION_KEY) or 1)
    except Exception:  # a cache outage must not break pages; they are rendered uncached
        logger.warning("page cache: cannot read the site data version", exc_info=True)
        return 0


def bump_site_data_version(reason: str = "") -> int:
    """Invalidate every cached page (and fragment)."""
    try:
        try:
            version = cache.incr(VERSION_KEY)
        except ValueError:  # the key does not exist yet (or was evicted): start above any version in use
            version = int(timezone.now().timestamp())
            cache.set(VERSION_KEY, version, timeout=None)
    except Exception:  # a cache outage must not fail a publish or a sync
        logger.warning("page cache: cannot bump the site data version (%s)", reason, exc_info=True)
        return 0
    logger.info("page cache: site data version %s (%s)", version, reason or "bumped")
    return version


def versioned_key(kind: str, *parts: str) -> str | None:
    """A cache key that changes when the site data version does; None when the cache is unreachable."""
    version = site_data_version()
    if not version:
        return None
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"site:{version}:{kind}:{digest}"


@dataclass(frozen=True)
class PageParameters:
    """What a page read from its query string, told to the page cache (``describe_page``).

    ``accepted``: the parameter names the page reads (any other is ignored, so it is left out of the key);
    ``normalized``: the validated values it used, sorted; ``valid``: False when some value did not validate
    (the page shows a message; it is not cached)."""

    accepted: frozenset[str]
    normalized: tuple[tuple[str, str], ...]
    valid: bool = True

    @classmethod
    def of(cls, accepted: Iterable[str], normalized: Mapping[str, str], *, valid: bool = True) -> "PageParameters":
        return cls(frozenset(accepted), tuple(sorted(normalized.items())), valid)

    def query(self) -> str:
        return urlencode(self.normalized)


REQUEST_ATTRIBUTE = "nest_page_parameters"


def describe_page(request, parameters: PageParameters) -> None:
    """Tell the page cache which parameters this page reads and the validated values it used."""
    setattr(request, REQUEST_ATTRIBUTE, parameters)


def described_parameters(request) -> PageParameters | None:
    return getattr(request, REQUEST_ATTRIBUTE, None)


def page_cache_seconds() -> int:
    return int(getattr(settings, "NEST_PAGE_CACHE_SECONDS", 600))


def cached(kind: str, compute, *parts: str, timeout: int | None = None):
    """``compute()``'s result, kept in the cache until the site data changes (or ``timeout`` passes).

    For the small, costly, shared parts of pages: counts and the option lists of filters. Falls back to
    computing when the cache is unreachable. Set NEST_FRAGMENT_CACHE=False to turn it off (benchmarks).
    """
    if not getattr(settings, "NEST_FRAGMENT_CACHE", True):
        return compute()
    key = versioned_key(kind, *parts)
    if key is None:
        return compute()
    sentinel = object()
    try:
        value = cache.get(key, sentinel)
    except Exception:
        logger.warning("fragment cache: read failed", exc_info=True)
        return compute()
    if value is sentinel:
        value = compute()
        try:
            cache.set(key, value, timeout if timeout is not None else page_cache_seconds() or 600)
        except Exception:
            logger.warning("fragment cache: write failed", exc_info=True)
    return value
