"""``search(query:, types:, limit:, ...)``: the search service's hits and facets, as the REST endpoint gives
them. The resolver only calls ``apps.search.services.search``; a refused argument is a GraphQL error naming
it."""

import graphene

from api.graphql.types.common import bad_argument
from apps.search.services import FILTERS, MAX_LIMIT, InvalidSearch, search

# The service's parameter names as the schema spells them.
ARGUMENTS = {"q": "query", "type": "types"}


class SearchHitType(graphene.ObjectType):
    type = graphene.String(required=True)
    key = graphene.String(required=True)
    title = graphene.String(required=True)
    url = graphene.String(required=True)
    snippet = graphene.String(required=True)
    score = graphene.Float(required=True)
    is_active = graphene.Boolean(required=True)
    level = graphene.String(required=True)
    project_type = graphene.String(required=True)
    region = graphene.String(required=True)
    country = graphene.String(required=True)
    language = graphene.String(required=True)
    labels = graphene.List(graphene.NonNull(graphene.String), required=True)

    @staticmethod
    def of(hit) -> dict:
        return {
            **hit.facets,
            **{name: getattr(hit, name) for name in ("type", "key", "title", "url", "snippet")},
            "score": hit.score,
            "is_active": hit.is_active,
        }


class FacetValueType(graphene.ObjectType):
    value = graphene.String(required=True)
    count = graphene.Int(required=True)


class FacetType(graphene.ObjectType):
    name = graphene.String(required=True)
    values = graphene.List(graphene.NonNull(FacetValueType), required=True)


class SearchResultsType(graphene.ObjectType):
    hits = graphene.List(graphene.NonNull(SearchHitType), required=True)
    total = graphene.Int(required=True)
    total_is_estimate = graphene.Boolean(
        required=True, description="More matched than were counted: total is a lower bound (shown as 500+)."
    )
    did_you_mean = graphene.String()
    backend = graphene.String(required=True)
    degraded = graphene.Boolean(required=True)
    facets = graphene.List(graphene.NonNull(FacetType), required=True)


class SearchQuery(graphene.ObjectType):
    """The root query's ``search`` field (mixed into ``Query``)."""

    search = graphene.Field(
        SearchResultsType,
        required=True,
        query=graphene.String(required=True),
        types=graphene.List(graphene.NonNull(graphene.String)),
        filters=graphene.JSONString(description=f"Facet filters: {', '.join(FILTERS)} (a value or a list)."),
        limit=graphene.Int(default_value=10, description=f"1 to {MAX_LIMIT} (default 10)."),
        offset=graphene.Int(default_value=0),
        facets=graphene.Boolean(default_value=False),
        description="Ranked results of every type for a free-text query (typos, prefixes, synonyms, accents).",
    )

    def resolve_search(root, info, query, limit, offset, facets, types=None, filters=None):
        if filters is not None and not isinstance(filters, dict):
            raise bad_argument("filters", "must be an object")
        try:
            results = search(query, types=types, filters=filters, limit=limit, offset=offset, facets=facets)
        except InvalidSearch as exc:
            raise bad_argument(ARGUMENTS.get(exc.parameter, exc.parameter), exc.message) from None
        return {
            "hits": [SearchHitType.of(hit) for hit in results.hits],
            "total": results.total,
            "total_is_estimate": results.total_is_estimate,
            "did_you_mean": results.did_you_mean,
            "backend": results.backend,
            "degraded": results.degraded,
            "facets": [
                {"name": name, "values": [{"value": v, "count": n} for v, n in pairs]}
                for name, pairs in results.facets.items()
            ],
        }
