"""The chapters map's data."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from theme.selectors.chapters import chapters_geojson as geojson


@require_GET
def chapters_geojson(request):
    site = Site.find_for_request(request)
    return JsonResponse(geojson(site), content_type="application/geo+json")
