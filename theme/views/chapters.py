"""The chapters map's data."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from theme.cache import cached, depends_on
from theme.cache_groups import CHAPTERS
from theme.selectors.chapters import chapters_geojson as geojson


@require_GET
def chapters_geojson(request):
    depends_on(request, CHAPTERS)
    site = Site.find_for_request(request)
    data = cached("chapters-geojson", lambda: geojson(site), str(site.pk if site else ""), groups=[CHAPTERS])
    return JsonResponse(data, content_type="application/geo+json")
