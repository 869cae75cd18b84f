"""BM25 backend: ParadeDB's ``pg_search`` index on the document table (where the extension exists)."""

from django.db import connection

from apps.search.backends import register
from apps.search.backends.base import BackendUnavailable, SearchBackend


def pg_search_installed() -> bool:
    """Whether the database has the pg_search extension installed (the migration installs it where available)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_search'")
        return cursor.fetchone() is not None


@register
class Bm25Backend(SearchBackend):
    name = "bm25"

    def check(self) -> None:
        if not pg_search_installed():
            raise BackendUnavailable("SEARCH_BACKEND 'bm25' needs the pg_search extension, absent from this database")

    def search(self, request):
        raise NotImplementedError("interface commit: implemented next")
