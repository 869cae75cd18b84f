"""Absolute links to the site, as visitors reach it (feeds, e-mails and other documents read off the site)."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings

from cms.page_urls import page_paths, url_parts

__all__ = ["page_paths", "page_url", "page_urls", "site_domain", "site_root"]


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


def page_urls(request) -> Callable[[str], str | None]:
    """``page_url`` for pages known only by their ``url_path`` (rows read with ``values()``, no model
    instances); None for a page under no site."""
    parts, base = url_parts(request), site_root(request)

    def url(url_path: str) -> str | None:
        found = parts(url_path)
        return base + found[2] if found else None

    return url
