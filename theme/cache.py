"""Page cache of the public site, invalidated by version counters, never by scanning Redis.

Two kinds of counter: the "site data version", whose bump makes everything stale at once (page moves and
deletions, snippets, what no group describes); and one counter per group of pages (``site:v:<group>``:
"projects", "project:42", "home", ...; ``theme.cache_groups``). A page names the groups it shows
(``depends_on``), its stored copy remembers their versions and the site data version, and it is served only
while they are unchanged (read with the copy in one round trip: ``page_key``, ``read_with_versions``); a
fragment's key holds the site data version and the versions of its groups. A sync's ``data_changed`` or a
publish bumps only the groups of what changed (``theme.signals``), so unrelated pages stay cached. Entries
also expire on their own (``NEST_PAGE_CACHE_SECONDS``) so that time-dependent content ("upcoming" events)
moves on.
"""

import hashlib
import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from apps.core import request_memo

logger = logging.getLogger(__name__)

VERSION_KEY = "site-data-version"


def site_data_version() -> int:
    """The current version (1 when no one has bumped it yet, or when the cache is unreachable)."""
    try:
        return _read_versions([], with_site_version=True)[VERSION_KEY]
    except Exception:  # a cache outage must not break pages; they are rendered uncached
        logger.warning("page cache: cannot read the site data version", exc_info=True)
        return 0


def _read_versions(names: list[str], *, with_site_version: bool = False) -> dict[str, int]:
    """The site data version (under ``VERSION_KEY``, when asked) and the version of each group in ``names``
    (under its name), in one round trip; a request reads each of them once (``apps.core.request_memo``)."""
    memo = request_memo.current()
    # In a request the site data version is read with the first groups: every page needs it soon after, and
    # so the versions every page's frame reads (``FRAME_GROUPS``).
    with_site_version = with_site_version or memo is not None
    keys = [GROUP_PREFIX + name for name in names] + ([VERSION_KEY] if with_site_version else [])
    if memo is not None:
        keys += [GROUP_PREFIX + name for name in FRAME_GROUPS if name not in names]
    known = {key: memo[key] for key in keys if key in memo} if memo is not None else {}
    missing = [key for key in keys if key not in known]
    if missing:
        found = cache.get_many(missing)
        for key in missing:
            version = found.get(key)
            if version is None and key == VERSION_KEY:
                version = 1
            elif version is None:
                cache.add(key, _fresh_version(), timeout=None)
                version = cache.get(key)
            known[key] = int(version)
        if memo is not None:
            memo.update((key, known[key]) for key in missing)
    versions = {name: known[GROUP_PREFIX + name] for name in names}
    if with_site_version:
        versions[VERSION_KEY] = known[VERSION_KEY]
    return versions


def bump_site_data_version(reason: str = "") -> int:
    """Invalidate every cached page (and fragment)."""
    request_memo.forget(VERSION_KEY)
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


GROUP_PREFIX = "site:v:"
# The group of pages that name none: bumped by every change, so such a page is never served stale.
UNDECLARED = "undeclared"
# The groups of the fragments every page's frame reads (``theme.context_processors``: the last GitHub sync
# and the demo marker), read with a request's first versions rather than one round trip each.
FRAME_GROUPS = ("github", UNDECLARED)


def _fresh_version() -> int:
    # Above any version a counter held before it was evicted, so that no stored copy matches it by chance.
    return time.time_ns() // 1000


def group_versions(groups: Iterable[str]) -> dict[str, int] | None:
    """The current version of each group (a counter missing from the cache starts afresh); None when the
    cache is unreachable."""
    try:
        return _read_versions(sorted(set(groups)))
    except Exception:  # a cache outage must not break pages; they are rendered uncached
        logger.warning("page cache: cannot read the group versions", exc_info=True)
        return None


def bump_groups(groups: Iterable[str], reason: str = "", *, level: int = logging.INFO) -> None:
    """Make the cached pages and fragments of ``groups`` stale; every other one stays."""
    names = sorted(set(groups))
    request_memo.forget(*(GROUP_PREFIX + name for name in names))
    try:
        for name in names:
            try:
                cache.incr(GROUP_PREFIX + name)
            except ValueError:  # never read yet, or evicted: start above any version in use
                cache.set(GROUP_PREFIX + name, _fresh_version(), timeout=None)
    except Exception:  # a cache outage must not fail a publish or a sync
        logger.warning("page cache: cannot bump %s (%s)", names, reason, exc_info=True)
        return
    logger.log(level, "page cache: %s stale (%s)", ", ".join(names), reason or "bumped")


def versioned_key(kind: str, *parts: str, groups: Iterable[str] = ()) -> str | None:
    """A cache key that changes when the site data version, or the version of one of ``groups``, does; None
    when the cache is unreachable."""
    try:
        versions = _read_versions(sorted(set(groups)), with_site_version=True)
    except Exception:  # a cache outage must not break pages; they are rendered uncached
        logger.warning("page cache: cannot read the versions", exc_info=True)
        return None
    version = versions.pop(VERSION_KEY)
    if not version:
        return None
    named = [f"{name}={number}" for name, number in versions.items()]
    digest = hashlib.sha256("\x1f".join([*parts, *named]).encode()).hexdigest()[:32]
    return f"site:{version}:{kind}:{digest}"


def page_key(*parts: str) -> str:
    """A stored page's key: its parts (method, language, host, path, query) only. The versions it was rendered
    from, the site data version among them, are stored with it rather than in the key, so that its lookup
    reads it together with the current versions in one round trip (``read_with_versions``)."""
    return "site:page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def read_with_versions(keys: list[str], groups: Iterable[str]) -> dict:
    """The values of ``keys`` (None when missing), read in the same round trip as the site data version and
    the versions of ``groups``, which the request keeps (``apps.core.request_memo``) for ``group_versions``
    and ``versioned_key`` to find; a version missing from the cache is left to them (they start it afresh).
    Raises what the cache raises."""
    memo = request_memo.current()
    names = sorted(set(groups) | (set(FRAME_GROUPS) if memo is not None else set()))
    version_keys = [VERSION_KEY, *(GROUP_PREFIX + name for name in names)]
    if memo is not None:
        version_keys = [key for key in version_keys if key not in memo]
    found = cache.get_many([*keys, *version_keys])
    if memo is not None:
        for key in version_keys:
            if found.get(key) is not None:
                memo[key] = int(found[key])
            elif key == VERSION_KEY:
                memo[key] = 1  # as _read_versions reads a version nobody has bumped yet
    return {key: found.get(key) for key in keys}


def current_versions(names: Iterable[str]) -> dict[str, int] | None:
    """The site data version (under ``VERSION_KEY``) and the current version of each group of ``names``; None
    when the cache is unreachable."""
    try:
        return _read_versions(sorted(set(names) - {VERSION_KEY}), with_site_version=True)
    except Exception:  # a cache outage must not break pages; they are rendered uncached
        logger.warning("page cache: cannot read the versions", exc_info=True)
        return None


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


GROUPS_ATTRIBUTE = "nest_page_groups"


def depends_on(request, *groups: str) -> None:
    """Tell the page cache which groups of data this page shows (see ``theme.cache_groups``). Call it before
    reading the data: the versions are read now, so a change made while the page renders makes it stale."""
    declared = getattr(request, GROUPS_ATTRIBUTE, None)
    if declared is None:
        declared = {}
        setattr(request, GROUPS_ATTRIBUTE, declared)
    versions = group_versions(name for name in groups if name not in declared)
    if versions is None:
        declared[UNDECLARED] = None  # unknown versions: the page is not stored
        return
    declared.update(versions)


def declared_groups(request) -> dict[str, int | None] | None:
    """The groups the page named, with the versions read when it named them; None when it named none."""
    return getattr(request, GROUPS_ATTRIBUTE, None)


def page_cache_seconds() -> int:
    return int(getattr(settings, "NEST_PAGE_CACHE_SECONDS", 600))


def cached(kind: str, compute, *parts: str, groups: Iterable[str] = (UNDECLARED,), timeout: int | None = None):
    """``compute()``'s result, kept in the cache until the data of ``groups`` changes (or ``timeout`` passes).

    For the small, costly, shared parts of pages: counts and the option lists of filters. Falls back to
    computing when the cache is unreachable. Set NEST_FRAGMENT_CACHE=False to turn it off (benchmarks).
    """
    if not getattr(settings, "NEST_FRAGMENT_CACHE", True):
        return compute()
    key = versioned_key(kind, *parts, groups=groups)
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


@dataclass(frozen=True)
class Fragment:
    """One fragment for ``cached_many``: as ``cached``'s arguments."""

    kind: str
    compute: object
    parts: tuple[str, ...] = ()
    groups: tuple[str, ...] = (UNDECLARED,)


def cached_many(*fragments: Fragment) -> list:
    """Each fragment's value as ``cached`` gives it, read from the cache in one round trip (and the missing
    ones written in one)."""
    if not getattr(settings, "NEST_FRAGMENT_CACHE", True):
        return [fragment.compute() for fragment in fragments]
    keys = [versioned_key(f.kind, *f.parts, groups=f.groups) for f in fragments]
    try:
        found = cache.get_many([key for key in keys if key is not None])
    except Exception:
        logger.warning("fragment cache: read failed", exc_info=True)
        found = {}
    values, computed = [], {}
    for fragment, key in zip(fragments, keys, strict=True):
        if key is not None and key in found:
            values.append(found[key])
            continue
        value = fragment.compute()
        values.append(value)
        if key is not None:
            computed[key] = value
    if computed:
        try:
            cache.set_many(computed, page_cache_seconds() or 600)
        except Exception:
            logger.warning("fragment cache: write failed", exc_info=True)
    return values
