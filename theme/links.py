"""Absolute links to the site, as visitors reach it (feeds, e-mails and other documents read off the site)."""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from wagtail.models import Site

from cms.routing import site_for_request


def site_root(request) -> str:
    """``NEST_SITE_URL`` when set, else the request's own scheme and host; never Wagtail's Site hostname, which
    is a placeholder (localhost) until an editor sets it."""
    return (settings.NEST_SITE_URL or f"{request.scheme}://{request.get_host()}").rstrip("/")


def site_domain(request) -> str:
    return urlsplit(site_root(request)).hostname or ""


def page_url(request, page) -> str:
    """A Wagtail page's absolute URL under ``site_root``."""
    parts = page.get_url_parts(request)
    path = parts[2] if parts else page.url
    return site_root(request) + path


# A path that Django's ``reverse`` percent-encodes nothing of (the usual ASCII slugs).
PLAIN_PATH = re.compile(r"[A-Za-z0-9_\-/]*")


def _url_parts(request) -> Callable[[str], tuple[int, str, str] | None]:
    """Wagtail's ``Page.get_url_parts`` for a page known only by its ``url_path``: (site id, the site's root
    URL, the path), None for a page under no site; the site root paths (Wagtail's cached list, or its memo on
    the request) and the serve view's prefix are read once for all the rows."""
    try:
        root_paths = request._wagtail_cached_site_root_paths
    except AttributeError:
        root_paths = request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    prefix = reverse("wagtail_serve", args=("",))

    def parts(url_path: str) -> tuple[int, str, str] | None:
        # Most specific first, as Wagtail orders them (and takes the first, bar the rare page of two sites).
        root = next((root for root in root_paths if url_path.startswith(root.root_path)), None)
        if root is None:
            return None
        rest = url_path[len(root.root_path) :]
        # What reverse gives for a plain path, without its cost per call; anything else goes through it.
        path = prefix + rest if PLAIN_PATH.fullmatch(rest) else reverse("wagtail_serve", args=(rest,))
        return root.site_id, root.root_url, path

    return parts


def page_urls(request) -> Callable[[str], str | None]:
    """``page_url`` for pages known only by their ``url_path`` (rows read with ``values()``, no model
    instances); None for a page under no site."""
    parts, base = _url_parts(request), site_root(request)

    def url(url_path: str) -> str | None:
        found = parts(url_path)
        return base + found[2] if found else None

    return url


def page_paths(request) -> Callable[[str], str | None]:
    """Wagtail's ``pageurl`` (``Page.get_url``) for pages known only by their ``url_path``: the path on the
    request's site (or when there is one site), else the page's site's root URL and path."""
    parts = _url_parts(request)
    site = site_for_request(request)
    one_site = len({root.site_id for root in request._wagtail_cached_site_root_paths}) == 1

    def url(url_path: str) -> str | None:
        found = parts(url_path)
        if found is None:
            return None
        site_id, root_url, path = found
        return path if one_site or (site is not None and site_id == site.pk) else root_url + path

    return url
