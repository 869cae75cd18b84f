from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe


@require_safe
def api_root(request):
    """What /api/v0/ answers: a greeting and where the documentation is, as Nest's root does."""
    return JsonResponse(
        {
            "message": _("Welcome to the OWASP Nest API v0"),
            "docs_url": request.build_absolute_uri("docs/"),
            "redoc_url": request.build_absolute_uri("redoc/"),
            "schema_url": request.build_absolute_uri("schema/"),
        }
    )


def not_found(request, *args, **kwargs):
    """Any other path under /api/v0/: a JSON 404, never the site's HTML page."""
    return JsonResponse({"message": _("Not found")}, status=404)
