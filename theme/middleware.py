"""Whole-page cache for anonymous GET requests to the public site (see theme.cache)."""

import logging
from urllib.parse import urlencode

from django.core.cache import cache
from wagtail.views import serve as wagtail_serve

from cms.routing import site_for_request
from theme.cache import (
    UNDECLARED,
    VERSION_KEY,
    current_versions,
    declared_groups,
    described_parameters,
    page_cache_seconds,
    page_key,
    read_with_versions,
)

logger = logging.getLogger(__name__)

# Never cached: admin, APIs, health, language switch, anything with per-user or live state.
EXCLUDED_PREFIXES = (
    "/cms/",
    "/django-admin/",
    "/accounts/",
    "/api/",
    "/graphql/",
    "/healthz",
    "/lang/",
    "/documents/",
    "/static/",
)
CACHE_HEADER = "X-Nest-Cache"
CACHEABLE_TYPES = (
    "text/html",
    "application/json",
    "application/geo+json",
    "application/xml",
    "text/calendar",
    "text/plain",
)
# Per (host, path): the parameter names the page said it reads (``theme.cache.describe_page``). Only pages that
# describe themselves (the lists) are remembered, so this stays as small as the number of such pages.
ACCEPTED_PARAMETERS: dict[tuple[str, str], frozenset[str]] = {}
# Per stored page: the groups its stored copy was rendered from, as this process last saw them, so that the
# next lookup reads their versions in the same round trip as the copy. A guess: a stale one costs a second
# round trip for the versions it missed, never a stale page. Emptied when it grows past MAX_REMEMBERED_GROUPS.
REMEMBERED_GROUPS: dict[str, tuple[str, ...]] = {}
MAX_REMEMBERED_GROUPS = 20_000


class PageCacheMiddleware:
    """Serve a stored copy of a public page when the site data has not changed since it was rendered.

    Cached only: GET/HEAD by anonymous visitors, status 200, HTML/JSON/XML/iCal responses that set no cookie
    and are not marked private or no-store. The key holds the method, the language, the host, the path and the
    query string. The stored copy holds the site data version and the versions of the groups
    the page said it shows (``theme.cache.depends_on``; a page that names none is in the "undeclared" group,
    which every change bumps), and is served only while those versions are current. The copy and the current
    versions are read in one round trip (the groups as last seen for that key).

    A page that describes its parameters (the lists, through their FilterSets) is keyed on the validated,
    normalized values it used instead, and is not stored when some were invalid; its later requests are
    looked up with only the parameters it reads, sorted, so the order of parameters and ignored ones do not
    make new entries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        key = self._key(request, self._lookup_query(request))
        try:  # the stored copy and the versions it was rendered from: one round trip, once the groups are known
            cached = read_with_versions([key], REMEMBERED_GROUPS.get(key, (UNDECLARED,)))[key]
        except Exception:  # cache outage: render normally
            logger.warning("page cache: read failed", exc_info=True)
            cached = None
        fresh = self._fresh(key, cached)
        if fresh is not None:
            fresh[CACHE_HEADER] = "hit"
            return fresh
        undeclared = current_versions([UNDECLARED])  # before rendering: a change while it renders makes it stale
        response = self.get_response(request)
        described = described_parameters(request)
        if described is not None:
            ACCEPTED_PARAMETERS[(request.get_host(), request.path)] = described.accepted
            if not described.valid:
                return response
            key = self._key(request, described.query())
        versions = declared_groups(request) or undeclared
        if versions is not None and VERSION_KEY not in versions:
            versions = {**versions, **(current_versions([]) or {VERSION_KEY: None})}
        if not versions or None in versions.values():
            return response  # the group versions are unknown (cache outage): a stored copy could not be checked
        if self._cacheable(response):
            try:
                if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                    response.render()
                cache.set(key, (versions, response), page_cache_seconds())
                self._remember(key, versions)
            except Exception:
                logger.warning("page cache: write failed", exc_info=True)
            response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def _remember(key: str, versions: dict) -> None:
        if len(REMEMBERED_GROUPS) >= MAX_REMEMBERED_GROUPS:
            REMEMBERED_GROUPS.clear()
        REMEMBERED_GROUPS[key] = tuple(sorted(set(versions) - {VERSION_KEY}))

    @classmethod
    def _fresh(cls, key: str, cached):
        """The stored response while the site data version and the groups it was rendered from are
        unchanged, else None."""
        if not isinstance(cached, tuple) or len(cached) != 2:
            return None
        versions, response = cached
        if not isinstance(versions, dict) or VERSION_KEY not in versions:
            return None  # stored by an older version of this middleware
        cls._remember(key, versions)
        return response if current_versions(versions) == versions else None

    @staticmethod
    def _cacheable_request(request) -> bool:
        if page_cache_seconds() <= 0:
            return False
        if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PREFIXES):
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated

    @staticmethod
    def _lookup_query(request) -> str:
        """The query string as the page would normalize it, as far as known before rendering: for a page that
        described its parameters, only those it reads, non-empty, last value of a repeated one (as its form
        reads them), sorted; otherwise the query string as sent."""
        accepted = ACCEPTED_PARAMETERS.get((request.get_host(), request.path))
        if accepted is None:
            return request.META.get("QUERY_STRING", "")
        values = {name: request.GET.get(name, "").strip() for name in accepted}
        return urlencode(sorted((name, value) for name, value in values.items() if value))

    @staticmethod
    def _key(request, query: str) -> str:
        language = getattr(request, "LANGUAGE_CODE", "")
        return page_key(request.method, language, request.get_host(), request.path, query)

    @staticmethod
    def _cacheable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
            return False
        content_type = response.get("Content-Type", "")
        return content_type.startswith(CACHEABLE_TYPES)


class CachedSiteMiddleware:
    """Finds the request's Wagtail Site from the cache (``cms.routing``) before a view runs, so that serving a
    page, the menu, ``pageurl`` and the settings do not look it up in the database; inside the page cache, so a
    stored page needs no lookup. Wagtail's page view gets the site with its specific root page, where routing
    starts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        site_for_request(request, with_root=view_func is wagtail_serve)
