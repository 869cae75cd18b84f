"""The search backends and the choice among them (the ``SEARCH_BACKEND`` setting).

"auto" (the default) is "bm25" when the database has the ``pg_search`` extension installed, else "fts".
"bm25", "fts" and "algolia" force one. A backend registers itself with :func:`register` under its name;
``get_backend`` resolves the setting once per process, and the system check (``apps.search.checks``) makes an
unavailable backend fail at start-up, never per request.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings

from apps.search.backends.base import BackendUnavailable, SearchBackend

__all__ = ["BackendUnavailable", "SearchBackend", "available_backends", "get_backend", "register", "reset"]

# name -> module that defines it (imported on first use, so a backend's client library is only needed when
# it is chosen).
BACKEND_MODULES = {
    "bm25": "apps.search.backends.bm25",
    "fts": "apps.search.backends.fts",
    "algolia": "apps.search.backends.algolia",
}
CHOICES = ("auto", *BACKEND_MODULES)

_registry: dict[str, type[SearchBackend]] = {}
_current: SearchBackend | None = None


def register(cls: type[SearchBackend]) -> type[SearchBackend]:
    """Class decorator: the backend ``cls.name``."""
    _registry[cls.name] = cls
    return cls


def backend_class(name: str) -> type[SearchBackend]:
    if name not in BACKEND_MODULES:
        raise BackendUnavailable(f"SEARCH_BACKEND {name!r} is not one of {', '.join(CHOICES)}")
    import_module(BACKEND_MODULES[name])
    return _registry[name]


def configured_name() -> str:
    """The backend the setting names, "auto" resolved against the database."""
    name = getattr(settings, "SEARCH_BACKEND", "auto") or "auto"
    if name == "auto":
        from apps.search.backends.bm25 import pg_search_installed

        return "bm25" if pg_search_installed() else "fts"
    return name


def get_backend() -> SearchBackend:
    """The configured backend, built and checked once per process (:class:`BackendUnavailable` if it cannot
    serve)."""
    global _current
    if _current is None:
        backend = backend_class(configured_name())()
        backend.check()
        _current = backend
    return _current


def use(name: str) -> SearchBackend:
    """Switch this process to backend ``name`` (tests and benchmarks compare backends on one database)."""
    global _current
    backend = backend_class(name)()
    backend.check()
    _current = backend
    return backend


def reset() -> None:
    """Forget the resolved backend (after a settings change)."""
    global _current
    _current = None


def available_backends() -> list[str]:
    """The PostgreSQL backends this database can serve (both need no external service)."""
    names = ["fts"]
    from apps.search.backends.bm25 import pg_search_installed

    if pg_search_installed():
        names.insert(0, "bm25")
    return names
