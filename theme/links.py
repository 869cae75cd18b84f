"""Absolute links to the site, as visitors reach it (feeds, e-mails and other documents read off the site)."""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from wagtail.models import Site


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


def page_urls(request) -> Callable[[str], str | None]:
    """``page_url`` for pages known only by their ``url_path`` (rows read with ``values()``, no model
    instances): the URL Wagtail's ``get_url_parts`` gives, from the site root paths Wagtail caches, with the
    site root, the root paths and the serve view's prefix read once for all the rows. None for a page under
    no site."""
    try:  # most specific first, as Wagtail orders them; its per-request memo when a page read them already
        root_paths = [root.root_path for root in request._wagtail_cached_site_root_paths]
    except AttributeError:
        root_paths = [root.root_path for root in Site.get_site_root_paths()]
    prefix = reverse("wagtail_serve", args=("",))
    base = site_root(request)

    def url(url_path: str) -> str | None:
        root_path = next((root for root in root_paths if url_path.startswith(root)), None)
        if root_path is None:
            return None
        rest = url_path[len(root_path) :]
        # What reverse gives for a plain path, without its cost per call; anything else goes through it.
        path = prefix + rest if PLAIN_PATH.fullmatch(rest) else reverse("wagtail_serve", args=(rest,))
        return base + path

    return url
