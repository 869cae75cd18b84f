"""The OpenAPI schema (drf-spectacular) names the key as Nest's does, an apiKey in the X-API-Key header, beside
the JWT bearer scheme, and lists the token endpoints."""

import pytest
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


def test_the_schema_declares_the_key_header_and_the_token_endpoints(settings):
    rest_framework = {**settings.REST_FRAMEWORK, "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
    with override_settings(REST_FRAMEWORK=rest_framework):
        schema = SchemaGenerator().get_schema(request=None, public=True)

    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiKeyAuth"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    assert schemes["jwtAuth"]["scheme"] == "bearer"
    assert {"/api/v0/auth/token/", "/api/v0/auth/token/refresh/", "/api/v0/auth/token/verify/"} <= set(schema["paths"])
