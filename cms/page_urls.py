"""Wagtail page URLs for pages known only by their ``url_path`` (rows read with ``values()``, no model
instances): what ``Page.get_url_parts`` and ``Page.get_url`` give, with the site root paths (Wagtail's cached
list, or its memo on the request) and the serve view's prefix read once for all the rows. The site and the
APIs both build their links from these."""

import re
from collections.abc import Callable

from django.urls import reverse
from wagtail.models import Site

from cms.routing import site_for_request

# A path that Django's ``reverse`` percent-encodes nothing of (the usual ASCII slugs).
PLAIN_PATH = re.compile(r"[A-Za-z0-9_\-/]*")


def url_parts(request) -> Callable[[str], tuple[int, str, str] | None]:
    """Wagtail's ``Page.get_url_parts`` for a page known only by its ``url_path``: (site id, the site's root
    URL, the path), None for a page under no site."""
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


def page_paths(request) -> Callable[[str], str | None]:
    """Wagtail's ``pageurl`` (``Page.get_url``) for pages known only by their ``url_path``: the path on the
    request's site (or when there is one site), else the page's site's root URL and path."""
    parts = url_parts(request)
    site = site_for_request(request)
    one_site = len({root.site_id for root in request._wagtail_cached_site_root_paths}) == 1

    def url(url_path: str) -> str | None:
        found = parts(url_path)
        if found is None:
            return None
        site_id, root_url, path = found
        return path if one_site or (site is not None and site_id == site.pk) else root_url + path

    return url
