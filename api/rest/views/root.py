from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.rest.errors import exception_handler


class ApiRoot(APIView):
    """What /api/v0/ answers: a greeting and where the documentation is, as Nest's root does. A DRF view, so a
    key or token sent here is checked as anywhere else in the API."""

    renderer_classes = [JSONRenderer]
    schema = None  # not an operation of the schema

    def get_exception_handler(self):
        return exception_handler

    def get(self, request):
        return Response(
            {
                "message": _("Welcome to the OWASP Nest API v0"),
                "docs_url": request.build_absolute_uri("docs/"),
                "redoc_url": request.build_absolute_uri("redoc/"),
                "schema_url": request.build_absolute_uri("schema/"),
            }
        )


api_root = ApiRoot.as_view()


def not_found(request, *args, **kwargs):
    """Any other path under /api/v0/: a JSON 404, never the site's HTML page."""
    return JsonResponse({"message": _("Not found")}, status=404)
