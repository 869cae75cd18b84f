"""BM25 backend: ParadeDB's ``pg_search`` index on the document table, where the extension exists.

Each query word must match (``paradedb.boolean``'s ``must``), in the name (boost 3), the aliases (1.5) or
the body (1), exactly or within 1 edit (words of 4+ letters) or 2 (8+); the last word also as a prefix. Fuzzy
hits all score alike in pg_search, so the shared rerank orders them by edit distance to the title's words and
by popularity (``apps.search.backends.postgres``)."""

import logging

from django.db import InternalError, connection

from apps.search.backends import register
from apps.search.backends.base import BackendUnavailable
from apps.search.backends.postgres import Match, PostgresBackend
from apps.search.services.vocabulary import allowed_distance

logger = logging.getLogger(__name__)

FIELDS = (("name_folded", 3.0), ("alias_folded", 1.5), ("body_folded", 1.0))


def pg_search_installed() -> bool:
    """Whether the database has the pg_search extension installed (the migration installs it where available)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_search'")
        return cursor.fetchone() is not None


def _word_clause(word: str, *, prefix: bool, fields=FIELDS, max_distance: int = 2) -> tuple[str, list]:
    parts, params = [], []
    distance = min(allowed_distance(word), max_distance)
    for field, boost in fields:
        parts.append(f"paradedb.boost({boost}, paradedb.term('{field}', %s))")
        params.append(word)
        if distance and field == "name_folded":  # fuzzy on names only: an automaton over every word costs
            parts.append(
                f"paradedb.boost({boost * 0.5}, paradedb.fuzzy_term('{field}', %s, distance => {distance}, "
                "transposition_cost_one => true))"
            )
            params.append(word)
        if prefix and field != "body_folded":
            parts.append(
                f"paradedb.boost({boost * 0.8}, paradedb.fuzzy_term('{field}', %s, distance => 0, prefix => true))"
            )
            params.append(word)
    return f"paradedb.boolean(should => ARRAY[{', '.join(parts)}])", params


@register
class Bm25Backend(PostgresBackend):
    name = "bm25"
    corrects_typos_itself = True

    def check(self) -> None:
        if not pg_search_installed():
            raise BackendUnavailable("SEARCH_BACKEND 'bm25' needs the pg_search extension, absent from this database")

    def search(self, request):
        """BM25's answer; should the index fail to read (pg_search reported a damaged block once under the
        test suite's rolled-back writes), the full-text backend answers instead, its name in ``backend``, and
        the error is logged: a visitor never gets a 500 from search."""
        try:
            return super().search(request)
        except InternalError:
            logger.exception("search: the bm25 index failed; answering with full-text search")
            from apps.search.backends.fts import FtsBackend

            return FtsBackend().search(request)

    def match(self, words, *, prefix_last, fields="all", as_you_type=False):
        if fields == "name":
            # One or two letters typed: pg_search expands a prefix over every indexed term, which costs
            # tens of milliseconds for 's'; the tsvector's GIN on names does it in a few.
            from apps.search.backends.fts import FtsBackend

            return FtsBackend().match(words, prefix_last=prefix_last, fields=fields)
        clauses, params = [], []
        for i, word in enumerate(words):
            clause, clause_params = _word_clause(
                word,
                prefix=prefix_last and i == len(words) - 1,
                # Two edits only for a full search: the distance-2 automaton is what makes a keystroke slow.
                max_distance=1 if as_you_type else 2,
            )
            clauses.append(clause)
            params += clause_params
        query = f"paradedb.boolean(must => ARRAY[{', '.join(clauses)}])"
        return Match(
            condition=f"id @@@ {query}",
            params=params,
            score="paradedb.score(id)",
            score_params=[],
            best_first="paradedb.score(id) DESC",
        )
