"""PostgreSQL full-text backend: weighted tsvector, GIN, prefix matching and typo correction in Python."""

from apps.search.backends import register
from apps.search.backends.base import SearchBackend


@register
class FtsBackend(SearchBackend):
    name = "fts"

    def search(self, request):
        raise NotImplementedError("interface commit: implemented next")
