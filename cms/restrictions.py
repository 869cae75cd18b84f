"""The paths of view-restricted pages, which every public listing leaves out.

Wagtail's ``PageQuerySet.public()`` reads the restrictions with a query each time it is called. Restrictions are
rare and change only when an editor sets one, so their paths are kept in the cache and forgotten when a
restriction is saved or deleted. (Written as a correlated subquery instead, the rule makes PostgreSQL scan the
whole page table once per listed page.) They are not a page fragment: they stay cached with the fragment
cache off, since a saved or deleted restriction forgets them at once.
"""

import logging

from django.core.cache import cache

from apps.core import request_memo

logger = logging.getLogger(__name__)

CACHE_KEY = "cms:view-restricted-paths"


def _read() -> list[str]:
    from wagtail.models import PageViewRestriction

    return sorted(PageViewRestriction.objects.values_list("page__path", flat=True))


def restricted_paths() -> list[str]:
    """The tree paths of pages that carry a view restriction (their descendants are restricted too)."""
    memo = request_memo.current()
    if memo is not None and CACHE_KEY in memo:
        return memo[CACHE_KEY]
    paths = _cached()
    if memo is not None:
        memo[CACHE_KEY] = paths
    return paths


def remember(paths: list[str] | None) -> None:
    """Keep ``paths``, read from the cache along with something else (``cms.routing``), in the request's memo;
    nothing when they were not cached."""
    memo = request_memo.current()
    if memo is not None and paths is not None and CACHE_KEY not in memo:
        memo[CACHE_KEY] = paths


def _cached() -> list[str]:
    try:
        paths = cache.get(CACHE_KEY)
    except Exception:  # a cache outage must not break listings
        logger.warning("view restrictions: cache read failed", exc_info=True)
        return _read()
    if paths is None:
        paths = _read()
        try:
            cache.set(CACHE_KEY, paths, None)
        except Exception:
            logger.warning("view restrictions: cache write failed", exc_info=True)
    return paths


def forget(**kwargs) -> None:
    """Drop the cached paths (a restriction was saved or deleted)."""
    request_memo.forget(CACHE_KEY)
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        logger.warning("view restrictions: cache delete failed", exc_info=True)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction

    post_save.connect(forget, sender=PageViewRestriction, dispatch_uid="cms-view-restrictions-saved")
    post_delete.connect(forget, sender=PageViewRestriction, dispatch_uid="cms-view-restrictions-deleted")


def may_be_restricted(page) -> bool:
    """Whether a view restriction can apply to ``page``: it or an ancestor carries one, or it is an alias (an
    alias follows its source page's restrictions, wherever that page sits)."""
    if getattr(page, "alias_of_id", None):
        return True
    return any(page.path.startswith(path) for path in restricted_paths())


class CachedRestrictionsMixin:
    """Serving a page checks its restrictions (Wagtail's ``check_view_restrictions``) with two queries, for
    every visitor; a page with no restricted ancestor answers from the cached paths instead."""

    def get_view_restrictions(self):
        if may_be_restricted(self):
            return super().get_view_restrictions()
        from wagtail.models import PageViewRestriction

        return PageViewRestriction.objects.none()
