"""The search service every presentation uses (site, REST, GraphQL, Slack).

    from apps.search.services import search, InvalidSearch

    results = search("djnago", types=["project"], filters={"level": "flagship"}, limit=10, facets=True)
    results.hits       # [Hit(type, key, title, url, snippet, score, facets={...}), ...], best first
    results.facets     # {"type": [("project", 12), ...], "level": [...], ...} when ``facets=True``
    results.total      # how many documents match (before limit/offset)
    results.did_you_mean  # the corrected query when the backend corrected a typo, else None
    results.backend    # "bm25", "fts" or "algolia"

``query`` is free text (typos, prefixes, acronyms, synonyms and accents are each backend's job);
``types`` limits the entity types (``DocumentType`` values); ``filters`` maps a facet (``FILTERS``) to a value
or a list of values (any of them); ``as_you_type`` asks for the fast path of the header box (names and keys
first, issue titles only from ``MIN_ISSUE_PREFIX`` characters, a short statement timeout that falls back to
names only). Invalid arguments raise :class:`InvalidSearch` naming the parameter, which the APIs answer with
400. The backend is the ``SEARCH_BACKEND`` setting's ("auto": BM25 when the database has ``pg_search``, else
PostgreSQL full-text search), resolved once per process.
"""

from apps.search.services.query import (
    FACETS,
    FILTERS,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_QUERY_LENGTH,
    MIN_ISSUE_PREFIX,
    Hit,
    InvalidSearch,
    SearchRequest,
    SearchResults,
    search,
)

__all__ = [
    "FACETS",
    "FILTERS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_QUERY_LENGTH",
    "MIN_ISSUE_PREFIX",
    "Hit",
    "InvalidSearch",
    "SearchRequest",
    "SearchResults",
    "search",
]
