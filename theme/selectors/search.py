"""Search on the site: the header box's suggestions and the results page, both from ``apps.search``'s one
``search()`` service, which validates the request, ranks and counts the facets; the site only presents.

Every facet takes one value at a time: the page cache keys a page on the last value of each parameter it
reads, so ``?type=project&type=chapter`` would be served ``?type=chapter``'s copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from apps.search.services import FILTERS, MAX_OFFSET, InvalidSearch, SearchResults, search
from cms.filters import MIN_SEARCH_LENGTH
from cms.models import ProjectLevel, ProjectType
from theme.cache import UNDECLARED, PageParameters, cached
from theme.cache_groups import SEARCH
from theme.forms import SearchForm
from theme.selectors.common import paginate

PER_PAGE = 20
SUGGESTIONS = 8
# The box asks from this many characters on (as the projects list's search did); the service bounds what a
# short prefix costs (issue titles only from its MIN_ISSUE_PREFIX).
SUGGEST_MIN_LENGTH = MIN_SEARCH_LENGTH
# Results come from every kind of data, so they go stale on every change (UNDECLARED is bumped by each), and
# when the index itself is rewritten (SEARCH), which a Celery task may do after the change was announced.
GROUPS = (UNDECLARED, SEARCH)
# The last page a search can reach (the service caps the offset).
LAST_PAGE = MAX_OFFSET // PER_PAGE + 1

TYPE_LABELS = {
    "project": _("Project"),
    "chapter": _("Chapter"),
    "committee": _("Committee"),
    "event": _("Event"),
    "repository": _("Repository"),
    "issue": _("Issue"),
    "member": _("Member"),
}
TYPE_PLURALS = {
    "project": _("Projects"),
    "chapter": _("Chapters"),
    "committee": _("Committees"),
    "event": _("Events"),
    "repository": _("Repositories"),
    "issue": _("Issues"),
    "member": _("Members"),
}
VALUE_LABELS = {"type": TYPE_PLURALS, "level": dict(ProjectLevel.choices), "project_type": dict(ProjectType.choices)}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    selected: str = ""


@dataclass
class SearchPage:
    form: SearchForm
    query: str
    results: SearchResults | None
    facets: list[Facet]
    page: object | None
    parameters: PageParameters
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.form.errors

    @property
    def chart(self) -> dict | None:
        """The counts by type for the bar chart above the results, when they are of more than one type."""
        for facet in self.facets:
            if facet.name == "type" and len(facet.values) > 1:
                return {
                    "labels": [value.label for value in facet.values],
                    "counts": [value.count for value in facet.values],
                }
        return None

    @property
    def unfiltered_query(self) -> str:
        """The query string of the same words without any facet."""
        return urlencode({"q": self.query})


@dataclass
class Suggestions:
    form: SearchForm
    query: str
    results: SearchResults | None
    parameters: PageParameters

    @property
    def valid(self) -> bool:
        return not self.form.errors


def type_label(kind: str) -> str:
    return TYPE_LABELS.get(kind, kind)


def value_label(facet: str, value) -> str:
    """A facet value as a visitor reads it (a level's or a project type's label; other values as they are)."""
    return str(VALUE_LABELS.get(facet, {}).get(value, value))


def _run(form: SearchForm, kind: str, parts: tuple[str, ...], **arguments) -> SearchResults | None:
    """The service's results (cached until the data or the index change), or None with the service's
    complaint added to the form under the parameter it names."""
    try:
        return cached(kind, lambda: search(**arguments), *parts, groups=GROUPS)
    except InvalidSearch as invalid:
        form.add_error(invalid.parameter if invalid.parameter in form.fields else None, invalid.message)
        return None


def _page_number(value) -> int:
    """The page asked for, forgiving as the other lists are: anything but a whole number is page 1."""
    try:
        number = int(str(value or "1").strip())
    except ValueError:
        return 1
    return min(max(number, 1), LAST_PAGE)


def results_page(params) -> SearchPage:
    """The results page: ``q``, one value per facet (``FILTERS``), ``page``. Invalid values, by the form or
    by the service, become form errors and no search is run."""
    form = SearchForm(params)
    accepted = ("q", *FILTERS, "page")
    if not form.is_valid():
        return SearchPage(form, "", None, [], None, PageParameters.of(accepted, {}, valid=False))
    query, filters = form.cleaned_data["q"], form.filters()
    number = _page_number(params.get("page"))
    results = None
    for _attempt in range(2):
        # One JSON part: values may hold any character, the key's separator too.
        parts = (json.dumps([query, sorted(filters.items()), number]),)
        results = _run(
            form,
            "search-page",
            parts,
            query=query,
            filters=filters,
            limit=PER_PAGE,
            offset=(number - 1) * PER_PAGE,
            facets=True,
        )
        last = max(1, min(LAST_PAGE, -(-results.total // PER_PAGE))) if results else 1
        if results is None or number <= last:
            break
        number = last  # past the end: the last page, as the other lists do
    if results is None:  # the service refused a value: nothing is searched, nothing echoed
        return SearchPage(form, "", None, [], None, PageParameters.of(accepted, {}, valid=False))
    reachable = min(results.total, LAST_PAGE * PER_PAGE)
    page = paginate(range(reachable), number, per_page=PER_PAGE)
    normalized = {"q": query, **filters}
    if page.number != 1:
        normalized["page"] = str(page.number)
    return SearchPage(
        form=form,
        query=query,
        results=results,
        facets=facets_of(results, filters),
        page=page,
        parameters=PageParameters.of(accepted, {name: value for name, value in normalized.items() if value}),
        filters=filters,
    )


def facets_of(results: SearchResults, filters: dict[str, str]) -> list[Facet]:
    """The facets the service counted, in its order, each value labelled; a selected value stays listed even
    when the service left it out."""
    facets = []
    labels = SearchForm.base_fields
    for name, pairs in results.facets.items():
        if name not in labels:
            continue
        selected = filters.get(name, "")
        values = [
            FacetValue(str(value), value_label(name, value), count, str(value) == selected)
            for value, count in pairs
            if value not in (None, "")
        ]
        if selected and not any(value.selected for value in values):
            values.insert(0, FacetValue(selected, value_label(name, selected), 0, True))
        if values:
            facets.append(Facet(name, str(labels[name].label), values, selected))
    return facets


def suggestions(params) -> Suggestions:
    """The header box's suggestions for what was typed so far (``q`` only): nothing below
    ``SUGGEST_MIN_LENGTH`` characters, else the service's fast path for typing."""
    form = SearchForm({"q": params.get("q", "")})
    if not form.is_valid():
        return Suggestions(form, "", None, PageParameters.of(("q",), {}, valid=False))
    query = form.cleaned_data["q"]
    parameters = PageParameters.of(("q",), {"q": query} if query else {})
    if len(query) < SUGGEST_MIN_LENGTH:
        return Suggestions(form, query, None, parameters)
    results = _run(form, "search-suggestions", (json.dumps(query),), query=query, limit=SUGGESTIONS, as_you_type=True)
    if results is None:
        parameters = PageParameters.of(("q",), {}, valid=False)
    return Suggestions(form, query, results, parameters)
