"""The OpenAPI 3 schema of /api/v0/ (drf-spectacular), Swagger UI and Redoc, their assets served from this
site (drf-spectacular-sidecar), under a Content-Security-Policy of their own (``NEST_API_DOCS_CSP``)."""

from django.urls import path, re_path
from django.views.decorators.gzip import gzip_page
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

PREFIX = "/api/v0/"


def only_api_v0(endpoints, **kwargs):
    """The schema holds the DRF endpoints of /api/v0/ and nothing else: not Wagtail's admin API, nor the
    schema and documentation views themselves (the root, the catch-all 404 and the second spelling of each
    path are plain functions, left out with them)."""
    from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

    documentation = (SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView)
    return [
        (path_, path_regex, method, callback)
        for path_, path_regex, method, callback in endpoints
        if path_.startswith(PREFIX) and hasattr(callback, "cls") and not issubclass(callback.cls, documentation)
    ]


docs_urlpatterns = [
    path("schema/", gzip_page(SpectacularJSONAPIView.as_view()), name="api-schema"),
    path("openapi.json", gzip_page(SpectacularJSONAPIView.as_view()), name="api-openapi-json"),
    re_path(
        r"^docs/?$",
        gzip_page(SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html")),
        name="api-docs",
    ),
    re_path(
        r"^redoc/?$",
        gzip_page(SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")),
        name="api-redoc",
    ),
]
