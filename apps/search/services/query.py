"""The search request, its validation, and the results every backend returns (see ``apps.search.services``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from apps.search.models import DocumentType

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 50
MAX_OFFSET = 1000
# Issue titles join the results as you type only from this many characters: a one-letter prefix over every
# title costs hundreds of milliseconds (PERF-FLOOR Q4b) and finds nothing useful.
MIN_ISSUE_PREFIX = 3
# The facets a search counts, and the filters it accepts: the facet and the SearchDocument field.
FACETS = {
    "type": "type",
    "level": "level",
    "project_type": "project_type",
    "region": "region",
    "country": "country",
    "language": "language",
    "label": "labels",
}
FILTERS = tuple(FACETS)
MAX_FILTER_VALUES = 20
MAX_FILTER_LENGTH = 100


class InvalidSearch(ValueError):  # noqa: N818 - named for what the caller reports (a 400)
    """A search argument that cannot be: ``parameter`` names it (``q``, ``type``, ``limit``, a filter)."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: what a backend receives."""

    query: str
    types: tuple[str, ...] = ()
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    limit: int = 10
    offset: int = 0
    facets: bool = False
    as_you_type: bool = False

    def with_types(self, types: Iterable[str]) -> SearchRequest:
        return SearchRequest(
            self.query, tuple(types), self.filters, self.limit, self.offset, self.facets, self.as_you_type
        )


@dataclass
class Hit:
    type: str
    key: str
    title: str
    url: str
    snippet: str
    score: float
    facets: dict = field(default_factory=dict)  # level, project_type, region, country, language, labels
    is_active: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResults:
    hits: list[Hit]
    # How many results the pages can reach: exact, unless ``total_is_estimate`` (more matched than were
    # counted: a lower bound, shown "500+").
    total: int
    total_is_estimate: bool = False
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    did_you_mean: str | None = None
    backend: str = ""
    degraded: bool = False  # the statement timeout cut the search to names only

    def as_dict(self) -> dict:
        return {
            "hits": [hit.as_dict() for hit in self.hits],
            "total": self.total,
            "total_is_estimate": self.total_is_estimate,
            "facets": {name: [list(pair) for pair in pairs] for name, pairs in self.facets.items()},
            "did_you_mean": self.did_you_mean,
            "backend": self.backend,
            "degraded": self.degraded,
        }


def _values(parameter: str, value) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else list(value or ())
    if len(values) > MAX_FILTER_VALUES:
        raise InvalidSearch(parameter, f"at most {MAX_FILTER_VALUES} values")
    cleaned = []
    for item in values:
        if not isinstance(item, str) or "\x00" in item or len(item) > MAX_FILTER_LENGTH:
            raise InvalidSearch(parameter, f"each value must be text of at most {MAX_FILTER_LENGTH} characters")
        if item.strip():
            cleaned.append(item.strip())
    return tuple(dict.fromkeys(cleaned))


def _choice(parameter: str, values: tuple[str, ...], choices: Iterable[str]) -> tuple[str, ...]:
    allowed = set(choices)
    for value in values:
        if value not in allowed:
            raise InvalidSearch(parameter, f"'{value}' is not one of: {', '.join(sorted(allowed))}")
    return values


def build_request(
    query, *, types=None, filters=None, limit=10, offset=0, facets=False, as_you_type=False
) -> SearchRequest:
    """The validated request, or :class:`InvalidSearch` for the first argument that cannot be."""
    from cms.models.projects import ProjectLevel, ProjectType

    if not isinstance(query, str) or "\x00" in query:
        raise InvalidSearch("q", "must be text")
    query = query.strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidSearch("q", f"at most {MAX_QUERY_LENGTH} characters")
    type_values = _choice("type", _values("type", types), DocumentType.values)
    checked: dict[str, tuple[str, ...]] = {}
    for name, value in (filters or {}).items():
        if name not in FACETS:
            raise InvalidSearch(name, f"unknown filter; the filters are: {', '.join(FILTERS)}")
        values = _values(name, value)
        if name == "type":
            type_values = tuple(dict.fromkeys(type_values + _choice("type", values, DocumentType.values)))
            continue
        if name == "level":
            values = _choice(name, values, ProjectLevel.values)
        elif name == "project_type":
            values = _choice(name, values, ProjectType.values)
        if values:
            checked[name] = values
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidSearch("limit", f"must be a whole number from 1 to {MAX_LIMIT}")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise InvalidSearch("offset", f"must be a whole number from 0 to {MAX_OFFSET}")
    return SearchRequest(query, type_values, checked, limit, offset, bool(facets), bool(as_you_type))


def search(
    query: str,
    *,
    types=None,
    filters: dict | None = None,
    limit: int = 10,
    offset: int = 0,
    facets: bool = False,
    as_you_type: bool = False,
) -> SearchResults:
    """Ranked hits of every type for ``query`` from the configured backend (see the package docstring)."""
    from apps.search.backends import get_backend

    request = build_request(
        query, types=types, filters=filters, limit=limit, offset=offset, facets=facets, as_you_type=as_you_type
    )
    backend = get_backend()
    if not request.query:
        return SearchResults(hits=[], total=0, facets={}, backend=backend.name)
    return backend.search(request)
