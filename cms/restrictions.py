"""The paths of view-restricted pages, which every public listing leaves out.

Wagtail's ``PageQuerySet.public()`` reads the restrictions with a query each time it is called. Restrictions are
rare and change only when an editor sets one, so their paths are kept in the cache and forgotten when a
restriction is saved or deleted. (Written as a correlated subquery instead, the rule makes PostgreSQL scan the
whole page table once per listed page.) They are not a page fragment: they stay cached with the fragment
cache off, since a saved or deleted restriction forgets them at once.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

CACHE_KEY = "cms:view-restricted-paths"


def _read() -> list[str]:
    from wagtail.models import PageViewRestriction

    return sorted(PageViewRestriction.objects.values_list("page__path", flat=True))


def restricted_paths() -> list[str]:
    """The tree paths of pages that carry a view restriction (their descendants are restricted too)."""
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
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        logger.warning("view restrictions: cache delete failed", exc_info=True)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction

    post_save.connect(forget, sender=PageViewRestriction, dispatch_uid="cms-view-restrictions-saved")
    post_delete.connect(forget, sender=PageViewRestriction, dispatch_uid="cms-view-restrictions-deleted")
