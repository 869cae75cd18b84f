"""The chapters map's data."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from theme.cache import cached
from theme.selectors.chapters import chapters_geojson as geojson


@require_GET
def chapters_geojson(request):
    site = Site.find_for_request(request)
    data = cached("chapters-geojson", lambda: geojson(site), str(site.pk if site else ""))
    return JsonResponse(data, content_type="application/geo+json")
