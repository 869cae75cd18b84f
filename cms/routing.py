"""Finding the page a request asks for in one query instead of six.

Wagtail serves a page by finding the request's Site (a query), then walking the tree from the site's root one
level at a time: a query for the child with the next slug and another for its specific row, per level. Both
answers change only when an editor edits sites or moves, renames, publishes or unpublishes pages, so:

- the Site of a host and port is cached with the sites version it was read under, which any saved or deleted
  Site bumps;
- the root page remembers, per URL path, which page (its model and id) answered it last time, and fetches
  that page's specific row directly: one query, which also checks the page still has that URL path and is
  live, so a moved, renamed or unpublished page is never served from a stale entry; the tree walk runs
  instead, and remembers the new answer.
"""

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from cms import restrictions

logger = logging.getLogger(__name__)

SITES_VERSION_KEY = "cms:sites-version"
ROUTE_SECONDS = 24 * 3600
SITE_SECONDS = 3600


def _sites_version() -> int:
    version = cache.get(SITES_VERSION_KEY)
    if version is None:
        cache.add(SITES_VERSION_KEY, 1, timeout=None)
        version = cache.get(SITES_VERSION_KEY) or 1
    return int(version)


def forget_sites(**kwargs) -> None:
    """A Site was saved or deleted: every cached host lookup is stale."""
    try:
        cache.incr(SITES_VERSION_KEY)
    except ValueError:
        cache.set(SITES_VERSION_KEY, 2, timeout=None)
    except Exception:
        logger.warning("routing: cannot forget the cached sites", exc_info=True)


def site_for_request(request, *, with_root: bool = False) -> Site | None:
    """``Site.find_for_request``, answered from the cache after the first request for a host and port; with
    ``with_root``, the site's root page is the specific one (as routing needs it), read once and kept.

    One round trip: the sites version, the host's entry (stored with the version it was read under) and the
    view-restricted paths (``cms.restrictions``; for the request's memo, since serving or listing a page asks
    them next)."""
    if hasattr(request, "_wagtail_site"):  # Wagtail's own per-request memo
        return request._wagtail_site
    try:
        host = request._get_raw_host()
        key = "cms:site:" + hashlib.sha256(f"{host}|{request.get_port()}".encode()).hexdigest()[:24]
        found = cache.get_many([SITES_VERSION_KEY, key, restrictions.CACHE_KEY])
        version = found.get(SITES_VERSION_KEY)
        if version is None:
            version = _sites_version()
        entry = found.get(key)
    except Exception:  # a cache outage must not break pages
        logger.warning("routing: site cache read failed", exc_info=True)
        return Site.find_for_request(request)
    restrictions.remember(found.get(restrictions.CACHE_KEY))
    site = entry[1] if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version else None
    store = site is None
    if site is None:
        site = Site.find_for_request(request)
    if site is not None and with_root and "specific" not in site.root_page.__dict__:
        site.root_page.specific  # noqa: B018 - a cached_property: kept with the site from now on
        store = True
    if site is not None and store:
        try:
            cache.set(key, (int(version), site), SITE_SECONDS)
        except Exception:
            logger.warning("routing: site cache write failed", exc_info=True)
    request._wagtail_site = site
    return site


def _route_key(root: Page, url_path: str) -> str:
    return f"cms:route:{root.pk}:{hashlib.sha256(url_path.encode()).hexdigest()[:32]}"


def _remembered(root: Page, url_path: str) -> Page | None:
    try:
        remembered = cache.get(_route_key(root, url_path))
    except Exception:
        logger.warning("routing: route cache read failed", exc_info=True)
        return None
    if not remembered:
        return None
    content_type_id, pk = remembered
    model = ContentType.objects.get_for_id(content_type_id).model_class()  # cached in process by Django
    if model is None:
        return None
    return model.objects.filter(pk=pk, url_path=url_path, live=True, path__startswith=root.path).first()


def route(root: Page, request, path_components: list[str]) -> RouteResult:
    """The page at ``path_components`` under ``root`` (the site's root page), as ``Page.route`` finds it."""
    url_path = root.url_path + "".join(f"{component}/" for component in path_components)
    page = _remembered(root, url_path)
    if page is not None:
        return RouteResult(page)
    result = Page.route(root, request, path_components)  # the tree walk; raises Http404 when nothing matches
    page, args, kwargs = result
    if not args and not kwargs and page.url_path == url_path:  # not a sub-route of a routable page
        try:
            cache.set(_route_key(root, url_path), (page.content_type_id, page.pk), ROUTE_SECONDS)
        except Exception:
            logger.warning("routing: route cache write failed", exc_info=True)
    return result


class CachedRouteMixin:
    """For the site's root page: routes a whole path at once (see ``route``)."""

    def route(self, request, path_components):
        if not path_components:  # the root itself: the site's cached root may be stale, so read it afresh
            page = type(self).objects.filter(pk=self.pk, live=True).first()
            if page is None:
                raise Http404
            return RouteResult(page)
        return route(self, request, path_components)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(forget_sites, sender=Site, dispatch_uid="cms-routing-site-saved")
    post_delete.connect(forget_sites, sender=Site, dispatch_uid="cms-routing-site-deleted")
