"""What every search backend provides."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

from apps.search.services.query import SearchRequest, SearchResults


class BackendUnavailable(RuntimeError):  # noqa: N818 - read as the situation: "backend unavailable"
    """The configured backend cannot serve (extension missing, client not configured): raised at start-up."""


class SearchBackend(ABC):
    """A backend ranks ``SearchDocument`` rows for a request.

    The PostgreSQL backends read the document table itself; an external one (Algolia) mirrors it: indexing
    writes the table first and then tells the backend which rows changed (``documents_changed``) and which
    disappeared (``documents_removed``), and ``rebuild`` hands it every row.
    """

    name = ""

    def check(self) -> None:  # noqa: B027 - optional hook (the PostgreSQL backends need none)
        """Raise :class:`BackendUnavailable` when this backend cannot serve here."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResults:
        """The request's hits, facets and total."""

    def documents_changed(self, document_ids: Iterable[int]) -> None:  # noqa: B027 - optional hook (the PostgreSQL backends need none)
        """These SearchDocument rows were created or updated (committed)."""

    def documents_removed(self, refs: Iterable[tuple[str, int]]) -> None:  # noqa: B027 - optional hook (the PostgreSQL backends need none)
        """The documents (type, object_id) no longer exist."""

    def rebuild(self, documents: Iterable) -> None:  # noqa: B027 - optional hook (the PostgreSQL backends need none)
        """Every document, after a full reindex."""
