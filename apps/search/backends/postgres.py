"""What the two PostgreSQL backends share: filters, the bounded two-part query (entities, then issues), the
statement timeout that degrades to names only, the rerank in Python, facets and "did you mean".

A backend only says how words match (``match``: a SQL condition and a score expression). The rest is here:

1. Entities (every type but issues) are matched and scored in SQL, best ``CANDIDATES`` by the SQL score
   blended with popularity; issues join from ``MIN_ISSUE_PREFIX`` characters, their matches bounded before
   ranking (a common prefix would otherwise rank hundreds of thousands of titles).
2. The candidates are reranked in Python by how well the query's words meet the title's (exact, prefix, one
   or two edits: pg_search gives every fuzzy hit the same score), popularity and activity.
3. When few documents match, the vocabulary corrects unknown words: the answer carries ``did_you_mean`` and,
   when the backend has no typo tolerance of its own (full-text), the corrected query's hits.
4. All of it runs under ``SET LOCAL statement_timeout``; a cancelled query falls back to a name-prefix
   match over entities (``degraded``), never an error.
5. Hybrid ranking (``semantic_candidates``): on a full search, the entities nearest the query's embedding
   (``apps.ai.services.retrieval.similar``) join the candidates, and the rerank adds their cosine similarity,
   above a floor that MiniLM gives unrelated text, to the lexical score: a question in plain words finds the
   project that answers it although none of its words is in the name. A document search may not show (no
   ``SearchDocument``, or outside the filters) never joins. As you type there is no semantic step (a forward
   pass of the encoder per keystroke is not in the budget); without embeddings (a fresh install) it adds
   nothing.
"""

from __future__ import annotations

import logging
import re
from abc import abstractmethod
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.utils import DatabaseError

from apps.search.backends.base import SearchBackend
from apps.search.models import DocumentType
from apps.search.services import vocabulary
from apps.search.services.query import FACETS, MIN_ISSUE_PREFIX, Hit, SearchRequest, SearchResults
from apps.search.services.text import fold, initials, query_words

logger = logging.getLogger(__name__)

CANDIDATES = 60
ENTITY_CANDIDATES = 500  # entity matches ranked per query
ISSUE_CANDIDATES = 300  # issue matches ranked per query (the first found by the index), as the brief bounds
COUNT_CAP = 1000  # no count reads further (each part's is bounded lower still: see ``_candidates``)
FEW_HITS = 3
SNIPPET_LENGTH = 200
COLUMNS = (
    "id, type, object_id, key, title, url, snippet, level, project_type, region, country, language, labels, "
    "is_active, popularity, name_folded, alias_folded"
)
# The OWASP entities first: an event, a repository or an issue about a project ranks below the project.
TYPE_PRIOR = {
    DocumentType.EVENT: 0.85,
    DocumentType.REPOSITORY: 0.8,
    DocumentType.MEMBER: 0.85,
    DocumentType.ISSUE: 0.7,
}
FACET_COLUMNS = ("type", "level", "project_type", "region", "country", "language")
# Hybrid ranking: the entities nearest the query's embedding that join the candidates, the cosine similarity
# below which MiniLM's neighbours are unrelated text (a query's random neighbours score 0.2-0.35 on the
# real data), and the weight of what is above it in the rerank (about an exact name match's at 0.7), scaled
# down as the query's words meet the title (``_rerank``).
SEMANTIC_CANDIDATES = 20
SEMANTIC_FLOOR = 0.3
SEMANTIC_WEIGHT = 1.2
# A neighbour the lexical match missed joins the results only when it is close (the questions' answers score
# 0.43-0.80) and near the best neighbour (within 0.12 of it): a name's neighbours ("melbourne":
# Adelaide 0.50, Canberra 0.43, then events at 0.38) would otherwise pad every answer to 20 results.
SEMANTIC_JOIN_FLOOR = 0.4
SEMANTIC_JOIN_WINDOW = 0.15


@dataclass
class Match:
    """A backend's condition on ``search_searchdocument`` and the SQL score of a matching row."""

    condition: str
    params: list
    score: str
    score_params: list
    # How the backend's index returns its best matches first, if it can (BM25's top-N scan); else the first
    # matches found are the candidates.
    best_first: str = ""


def _filters(request: SearchRequest, *, issues: bool | None) -> tuple[str, list]:
    clauses, params = [], []
    types = list(request.types)
    if issues is False:
        types = [t for t in types if t != DocumentType.ISSUE] if types else None
        clauses.append("type <> 'issue'")
    elif issues is True:
        clauses.append("type = 'issue'")
    if types:
        clauses.append("type = ANY(%s)")
        params.append(types)
    for name, values in request.filters.items():
        column = FACETS[name]
        if column == "labels":
            clauses.append("labels && %s::varchar[]")
        else:
            clauses.append(f"{column} = ANY(%s)")
        params.append(list(values))
    return (" AND ".join(clauses) or "TRUE"), params


def _wants(request: SearchRequest, kind: str) -> bool:
    return not request.types or kind in request.types


class PostgresBackend(SearchBackend):
    """Ranking over the document table; subclasses give ``match`` (and say whether they fix typos)."""

    corrects_typos_itself = False

    @abstractmethod
    def match(self, words: list[str], *, prefix_last: bool, fields: str = "all", as_you_type: bool = False) -> Match:
        """The SQL condition and score of documents matching ``words``."""

    # ----------------------------------------------------------------------------------------------- search

    def search(self, request: SearchRequest) -> SearchResults:
        words = query_words(request.query)
        if not words:
            return SearchResults(hits=[], total=0, backend=self.name)
        # Before the timed transaction: the encoder's forward pass is Python's time, not a statement's.
        nearby = self.semantic_scores(request)
        timeout = (
            settings.SEARCH_AS_YOU_TYPE_TIMEOUT_MS if request.as_you_type else settings.SEARCH_STATEMENT_TIMEOUT_MS
        )
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {int(timeout)}")
                    # Serial plans: a search's scans are small and bounded, and parallel workers' start-up
                    # (pg_search's parallel scan, PERF-FLOOR Q5b) costs more than it saves on two cores.
                    cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                results = self._search(request, words, nearby)
        except (OperationalError, DatabaseError) as exc:
            if "statement timeout" not in str(exc) and "canceling statement" not in str(exc):
                raise
            results = self._names_only(request, words)
        return results

    def _search(self, request: SearchRequest, words: list[str], nearby: dict | None = None) -> SearchResults:
        prefix_last = True
        rows, total, capped = self._candidates(request, words, prefix_last)
        did_you_mean = None
        if total < FEW_HITS:
            fixed = vocabulary.corrections(words, last_is_prefix=prefix_last)
            if fixed:
                corrected = [fixed.get(word, word) for word in words]
                if self.corrects_typos_itself and rows:
                    did_you_mean = " ".join(corrected)  # what the backend's fuzzy match found
                else:
                    more, more_total, more_capped = self._candidates(request, corrected, prefix_last)
                    # Only a correction that finds something is offered: a question's plain words the names
                    # do not hold ("work out") would otherwise be "corrected" into names ("cork").
                    if more:
                        did_you_mean = " ".join(corrected)
                        seen = {row["id"] for row in rows}
                        rows += [row for row in more if row["id"] not in seen]
                        total += more_total
                        capped = capped or more_capped
                        words = corrected
        added = self.semantic_candidates(request, rows, nearby or {})
        rows += added
        total += len(added)
        hits = self._rerank(rows, words)
        facets = self._facets(request, words, prefix_last) if request.facets else {}
        if facets and added:
            _count_into(facets, added)
        page = hits[request.offset : request.offset + request.limit]
        return SearchResults(
            hits=page,
            total=max(total, len(hits)),
            total_is_estimate=capped,
            facets=facets,
            did_you_mean=did_you_mean,
            backend=self.name,
        )

    def semantic_scores(self, request: SearchRequest) -> dict[tuple[str, int], float]:
        """(type, object id) -> cosine similarity of the entities nearest the query's embedding, for a full
        search; {} as you type, without embeddings, or when the types asked for have none (members)."""
        if request.as_you_type:
            return {}
        from apps.ai.models import EntityType
        from apps.ai.services.retrieval import similar

        kinds = [kind for kind in request.types if kind in EntityType.values] if request.types else None
        if kinds == []:
            return {}
        try:
            with transaction.atomic():  # a savepoint when the caller holds a transaction: a failure leaves it usable
                matches = similar(request.query, types=kinds, limit=SEMANTIC_CANDIDATES)
        except DatabaseError:
            # The hybrid step is a bonus: a failed nearest-neighbour read leaves the lexical answer.
            logger.exception("search: the semantic step failed; answering with the lexical ranking")
            return {}
        return {(match.entity_type, match.object_id): match.score for match in matches}

    def semantic_candidates(self, request: SearchRequest, rows: list[dict], nearby: dict) -> list[dict]:
        """Hybrid step: mark each candidate with its semantic similarity (``semantic``, None when not among the
        nearest) and return the close neighbours the lexical match missed, within the request's filters."""
        for row in rows:
            row["semantic"] = nearby.get((row["type"], row["object_id"]))
        if not nearby:
            return []
        bar = max(SEMANTIC_JOIN_FLOOR, max(nearby.values()) - SEMANTIC_JOIN_WINDOW)
        close = {key for key, similarity in nearby.items() if similarity >= bar}
        missing = close - {(row["type"], row["object_id"]) for row in rows}
        if not missing:
            return []
        where, params = _filters(request, issues=None)
        found = self._query(
            f"SELECT {COLUMNS}, 0.0 AS sql_score FROM search_searchdocument "  # noqa: S608 - SQL fragments are constants; values are parameters
            f"WHERE type = ANY(%s) AND object_id = ANY(%s) AND {where}",
            [sorted({kind for kind, _ in missing}), sorted({pk for _, pk in missing}), *params],
        )
        added = []
        for row in found:
            key = (row["type"], row["object_id"])
            if key in missing:
                row["semantic"] = nearby[key]
                added.append(row)
        return added

    def _query(self, sql: str, params: list) -> list[dict]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _candidates(self, request: SearchRequest, words: list[str], prefix_last: bool) -> tuple[list[dict], int, bool]:
        """The candidates, how many matched (up to what the pages can reach), and whether more matched than
        that count (the total is then a lower bound: "500+")."""
        want = max(CANDIDATES, request.offset + request.limit)
        rows: list[dict] = []
        total, capped = 0, False
        # While typing one or two letters, names only: every body word starting with 's' is no answer yet.
        names_only = request.as_you_type and len(words[-1]) < MIN_ISSUE_PREFIX
        match = self.match(
            words, prefix_last=prefix_last, fields="name" if names_only else "all", as_you_type=request.as_you_type
        )
        blend = "(raw_score * (0.5 + 0.5 * popularity) * (CASE WHEN is_active THEN 1.0 ELSE 0.4 END))"
        order = f"ORDER BY {match.best_first}" if match.best_first else ""
        parts = []
        if any(_wants(request, kind) for kind in DocumentType.values if kind != DocumentType.ISSUE):
            parts.append((False, ENTITY_CANDIDATES))
        if _wants(request, DocumentType.ISSUE) and len(request.query) >= MIN_ISSUE_PREFIX and not names_only:
            parts.append((True, ISSUE_CANDIDATES))
        for issues, bound in parts:
            where, params = _filters(request, issues=issues)
            # A bounded set of matches is ranked (the index's best, or its first), never every match of a
            # common prefix: GIN cannot return rows in rank order (PERF-FLOOR Q4b).
            found = self._query(
                f"SELECT *, {blend} AS sql_score FROM (SELECT {COLUMNS}, {match.score} AS raw_score "  # noqa: S608 - SQL fragments are constants; values are parameters
                f"FROM search_searchdocument WHERE {match.condition} AND {where} {order} LIMIT %s) AS found "
                "ORDER BY sql_score DESC LIMIT %s",
                [*match.score_params, *match.params, *params, bound, want],
            )
            rows += found
            # The header box shows no total: counting every match of a short prefix costs more than the hits.
            # A results page can reach only the ``bound`` best matches of each part, so that is what is counted
            # (every page the total announces has results), one more read to know whether more matched.
            if request.as_you_type:
                counted, more = len(found), len(found) >= want
            else:
                counted = self._count(match, where, params, cap=bound + 1)
                counted, more = min(counted, bound), counted > bound
            total += counted
            capped = capped or more
        return rows, total, capped

    def _count(self, match: Match, where: str, params: list, *, cap: int = COUNT_CAP) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM search_searchdocument WHERE {match.condition} AND {where} "  # noqa: S608 - SQL fragments are constants; values are parameters
                "LIMIT %s) AS capped",
                [*match.params, *params, min(cap, COUNT_CAP)],
            )
            return cursor.fetchone()[0]

    # ----------------------------------------------------------------------------------------------- rerank

    def _rerank(self, rows: list[dict], words: list[str]) -> list[Hit]:
        top = max((row.get("sql_score") or 0.0 for row in rows), default=0.0) or 1.0
        query = " ".join(words)
        scored = []
        for row in rows:
            name_words = row["name_folded"].split()
            alias_words = row["alias_folded"].split()
            closeness = sum(
                max(
                    _closeness(word, name_words, last=i == len(words) - 1),
                    0.7 * _closeness(word, alias_words, last=i == len(words) - 1),
                )
                for i, word in enumerate(words)
            ) / len(words)
            bare = " ".join(w for w in name_words if w != "owasp")
            exact = 1.0 if query in (bare, row["name_folded"], row["key"].lower().replace("-", " ")) else 0.0
            exact = max(exact, 1.0 if query in _short_names(row["title"]) else 0.0)
            # The name starts with what was typed: names first while typing.
            leading = 1.0 if bare.startswith(query) else 0.0
            # Meaning fills in where the words do not meet the title: a row the query's words already name
            # (closeness 1) ranks by them, as without embeddings; a question's answer (closeness ~0) by meaning.
            semantic = max(0.0, ((row.get("semantic") or 0.0) - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR))
            semantic *= 1 - closeness
            score = (
                0.30 * (row.get("sql_score") or 0.0) / top
                + 0.40 * closeness
                + 0.30 * row["popularity"]
                + 0.35 * exact
                + 0.15 * leading
                + SEMANTIC_WEIGHT * semantic
            )
            if not row["is_active"]:
                score *= 0.6
            score *= TYPE_PRIOR.get(row["type"], 1.0)
            scored.append((score, row))
        scored.sort(key=lambda pair: (-pair[0], pair[1]["title"].lower(), pair[1]["id"]))
        return [_hit(row, score) for score, row in scored]

    # ----------------------------------------------------------------------------------------------- facets

    def _facets(self, request: SearchRequest, words: list[str], prefix_last: bool) -> dict:
        match = self.match(words, prefix_last=prefix_last)
        with_issues = len(request.query) >= MIN_ISSUE_PREFIX
        where, params = _filters(request, issues=None if with_issues else False)
        facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
        sets = ", ".join(f"({column})" for column in FACET_COLUMNS)
        rows = self._query(
            f"SELECT {', '.join(FACET_COLUMNS)}, GROUPING({', '.join(FACET_COLUMNS)}) AS g, count(*) AS n "  # noqa: S608 - SQL fragments are constants; values are parameters
            f"FROM search_searchdocument WHERE {match.condition} AND {where} GROUP BY GROUPING SETS ({sets})",
            [*match.params, *params],
        )
        width = len(FACET_COLUMNS)
        for row in rows:
            for position, column in enumerate(FACET_COLUMNS):
                # GROUPING() has a 0 bit for the column this row groups by.
                if not (row["g"] >> (width - 1 - position)) & 1 and row[column]:
                    name = next(facet for facet, col in FACETS.items() if col == column)
                    facets[name].append((row[column], row["n"]))
        labels = self._query(
            f"SELECT label, count(*) AS n FROM search_searchdocument, unnest(labels) AS label "  # noqa: S608 - SQL fragments are constants; values are parameters
            f"WHERE {match.condition} AND {where} GROUP BY label ORDER BY n DESC, label LIMIT 30",
            [*match.params, *params],
        )
        facets["label"] = [(row["label"], row["n"]) for row in labels]
        for name in facets:
            facets[name].sort(key=lambda pair: (-pair[1], pair[0]))
        return facets

    # --------------------------------------------------------------------------------------------- degraded

    def _names_only(self, request: SearchRequest, words: list[str]) -> SearchResults:
        """After a timeout: the first entities whose name holds every query word (the last as a prefix), by
        the full-text index on names alone, unranked in SQL (bounded), then reranked. When few names match, the
        vocabulary's correction (two cheap statements) still runs: a typo typed against a busy database gets
        its "did you mean" and the corrected names."""
        where, params = _filters(request, issues=False)
        rows = self._names(words, where, params)
        did_you_mean = None
        if len(rows) < FEW_HITS:
            fixed = vocabulary.corrections(words, last_is_prefix=True)
            if fixed:
                words = [fixed.get(word, word) for word in words]
                did_you_mean = " ".join(words)
                seen = {row["id"] for row in rows}
                rows += [row for row in self._names(words, where, params) if row["id"] not in seen]
        hits = self._rerank(rows, words)
        page = hits[request.offset : request.offset + request.limit]
        return SearchResults(
            hits=page,
            total=len(hits),
            total_is_estimate=len(rows) >= CANDIDATES,
            did_you_mean=did_you_mean,
            backend=self.name,
            degraded=True,
        )

    def _names(self, words: list[str], where: str, params: list) -> list[dict]:
        from apps.search.backends.fts import FtsBackend

        match = FtsBackend().match(words, prefix_last=True, fields="name")
        return self._query(
            f"SELECT {COLUMNS}, popularity AS sql_score FROM search_searchdocument "  # noqa: S608 - SQL fragments are constants; values are parameters
            f"WHERE {match.condition} AND {where} LIMIT %s",
            [*match.params, *params, CANDIDATES],
        )


def _count_into(facets: dict[str, list[tuple[str, int]]], rows: list[dict]) -> None:
    """Add the semantic candidates (found apart from the lexical match the facet query counted) to the facets."""
    for name, column in FACETS.items():
        counts = dict(facets.get(name, []))
        for row in rows:
            values = (row[column] or []) if column == "labels" else [row[column]]
            for value in values:
                if value:
                    counts[value] = counts.get(value, 0) + 1
        facets[name] = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _short_names(title: str) -> set[str]:
    """What a title is also called: itself without 'OWASP', its initials, and its parenthesised short name
    ('OWASP Application Security Verification Standard (ASVS)': 'asvs')."""
    inner = re.findall(r"\(([^)]*)\)", title)
    outer = re.sub(r"\([^)]*\)", " ", title)
    bare = " ".join(word for word in fold(outer).split() if word != "owasp")
    return {bare, initials(outer), *(fold(name) for name in inner)} - {""}


def _closeness(word: str, candidates: list[str], *, last: bool) -> float:
    """How well one query word meets the best of a title's words: 1 exact, 0.85 prefix (last word while
    typing; 0.6 otherwise), 0.6 one edit, 0.4 two."""
    best = 0.0
    limit = vocabulary.allowed_distance(word)
    for candidate in candidates:
        if candidate == word:
            return 1.0
        if candidate.startswith(word):
            best = max(best, 0.85 if last else 0.6)
        elif limit:
            distance = vocabulary.osa_distance(word, candidate, limit)
            if distance <= limit:
                best = max(best, 0.6 if distance == 1 else 0.4)
    return best


def _snippet(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) <= SNIPPET_LENGTH:
        return text
    return text[: SNIPPET_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _hit(row: dict, score: float) -> Hit:
    return Hit(
        type=row["type"],
        key=row["key"],
        title=row["title"],
        url=row["url"],
        snippet=_snippet(row["snippet"]),
        score=round(score, 6),
        facets={
            "level": row["level"],
            "project_type": row["project_type"],
            "region": row["region"],
            "country": row["country"],
            "language": row["language"],
            "labels": list(row["labels"] or []),
        },
        is_active=row["is_active"],
    )
