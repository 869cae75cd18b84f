"""Whole-page cache for anonymous GET requests to the public site (see theme.cache)."""

import logging

from django.core.cache import cache

from theme.cache import page_cache_seconds, versioned_key

logger = logging.getLogger(__name__)

# Never cached: admin, APIs, health, language switch, anything with per-user or live state.
EXCLUDED_PREFIXES = ("/cms/", "/django-admin/", "/api/", "/graphql/", "/healthz", "/lang/", "/documents/", "/static/")
CACHE_HEADER = "X-Nest-Cache"
CACHEABLE_TYPES = (
    "text/html",
    "application/json",
    "application/geo+json",
    "application/xml",
    "text/calendar",
    "text/plain",
)


class PageCacheMiddleware:
    """Serve a stored copy of a public page when the site data has not changed since it was rendered.

    Cached only: GET/HEAD by anonymous visitors, status 200, HTML/JSON/XML/iCal responses that set no cookie
    and are not marked private or no-store. The key holds the site data version, the language and the full path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        try:
            cached = cache.get(key)
        except Exception:  # cache outage: render normally
            logger.warning("page cache: read failed", exc_info=True)
            cached = None
        if cached is not None:
            cached[CACHE_HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if self._cacheable(response):
            try:
                if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                    response.render()
                cache.set(key, response, page_cache_seconds())
            except Exception:
                logger.warning("page cache: write failed", exc_info=True)
            response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def _key(request):
        if page_cache_seconds() <= 0:
            return None
        if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PREFIXES):
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        language = getattr(request, "LANGUAGE_CODE", "")
        return versioned_key("page", request.method, language, request.get_host(), request.get_full_path())

    @staticmethod
    def _cacheable(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
            return False
        content_type = response.get("Content-Type", "")
        return content_type.startswith(CACHEABLE_TYPES)
