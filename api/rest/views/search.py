"""``GET /api/v0/search/?q=``: the search service's ranked hits of every type and its facets. Thin: the
parameters are read, ``apps.search.services.search`` answers, a bad parameter is a 400 naming it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.rest.errors import exception_handler, invalid_parameters
from api.rest.serializers.common import ValidationErrorSerializer
from api.rest.serializers.search import SearchResultsSerializer
from apps.search.services import FILTERS, MAX_LIMIT, MAX_OFFSET, InvalidSearch, search

FILTER_PARAMETERS = [name for name in FILTERS if name != "type"]


def _number(request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise invalid_parameters({name: [_("Enter a whole number.")]}) from None


class SearchView(APIView):
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self):
        return exception_handler

    @extend_schema(
        operation_id="search",
        summary="Search",
        tags=["Search"],
        description=_(
            "Ranked results of every type (projects, chapters, committees, events, repositories, issues, "
            "members) for a free-text query, typo-tolerant, with facet counts."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="The query."),
            OpenApiParameter("type", OpenApiTypes.STR, many=True, description="Entity types (repeat for several)."),
            *(
                OpenApiParameter(name, OpenApiTypes.STR, many=True, description=f"Filter on {name}.")
                for name in FILTER_PARAMETERS
            ),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"1 to {MAX_LIMIT} (10)."),
            OpenApiParameter("offset", OpenApiTypes.INT, description=f"0 to {MAX_OFFSET}."),
            OpenApiParameter("facets", OpenApiTypes.BOOL, description="Count facets (true by default)."),
            OpenApiParameter("as_you_type", OpenApiTypes.BOOL, description="The fast path of a search box."),
        ],
        responses={200: SearchResultsSerializer, 400: ValidationErrorSerializer},
    )
    def get(self, request):
        params = request.query_params
        if "q" not in params:
            raise invalid_parameters({"q": [_("This parameter is required.")]})
        try:
            results = search(
                params["q"],
                types=params.getlist("type"),
                filters={name: params.getlist(name) for name in FILTER_PARAMETERS if name in params},
                limit=_number(request, "limit", 10),
                offset=_number(request, "offset", 0),
                facets=params.get("facets", "true").lower() not in ("0", "false", "no"),
                as_you_type=params.get("as_you_type", "").lower() in ("1", "true", "yes"),
            )
        except InvalidSearch as exc:
            raise invalid_parameters({exc.parameter: [exc.message]}) from None
        body = results.as_dict()
        return Response(
            {
                "query": params["q"],
                "total": body["total"],
                "total_is_estimate": body["total_is_estimate"],
                "did_you_mean": body["did_you_mean"],
                "backend": body["backend"],
                "degraded": body["degraded"],
                "results": body["hits"],
                "facets": {
                    name: [{"value": value, "count": count} for value, count in pairs]
                    for name, pairs in results.facets.items()
                },
            }
        )


search_view = SearchView.as_view()
