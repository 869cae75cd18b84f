"""Algolia backend: registration point only (implemented separately). Chosen with SEARCH_BACKEND="algolia"."""

from apps.search.backends import register
from apps.search.backends.base import BackendUnavailable, SearchBackend


@register
class AlgoliaBackend(SearchBackend):
    name = "algolia"

    def check(self) -> None:
        raise BackendUnavailable("SEARCH_BACKEND 'algolia' is not implemented yet")
