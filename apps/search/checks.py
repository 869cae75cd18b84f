"""System checks: the configured search backend can serve, so a wrong SEARCH_BACKEND fails ``check`` (and
``runserver``, ``migrate``, the worker's start) rather than every search request."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


@checks.register()
def search_backend_setting(app_configs=None, **kwargs):
    """The setting names a backend, and a backend that needs no database (Algolia) is configured."""
    from apps.search.backends import CHOICES, BackendUnavailable, backend_class

    name = getattr(settings, "SEARCH_BACKEND", "auto")
    if name not in CHOICES:
        return [checks.Error(f"SEARCH_BACKEND {name!r} is not one of {', '.join(CHOICES)}", id="search.E001")]
    if name in ("auto", "bm25", "fts"):
        return []
    try:
        backend_class(name)().check()
    except BackendUnavailable as exc:
        return [checks.Error(str(exc), id="search.E002")]
    return []


@checks.register(checks.Tags.database)
def search_backend_database(app_configs=None, databases=None, **kwargs):
    """SEARCH_BACKEND="bm25" needs the pg_search extension in the database (run with ``check --database``)."""
    if not databases or getattr(settings, "SEARCH_BACKEND", "auto") != "bm25":
        return []
    from apps.search.backends import BackendUnavailable, backend_class

    try:
        backend_class("bm25")().check()
    except BackendUnavailable as exc:
        return [checks.Error(str(exc), id="search.E003")]
    except DatabaseError:
        return []  # no database yet: migrate creates the extension where it exists
    return []
