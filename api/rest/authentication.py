"""API key authentication for DRF (and the GraphQL view): the key in the ``X-API-Key`` header, as OWASP Nest's
clients send it. No header, no key: the request stays anonymous (reading needs none). A key that is sent must
be valid: an unknown, revoked or expired one is refused with a 401 that says which."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from apps.core.services import api_keys

HEADER = "X-API-Key"
META_KEY = "HTTP_X_API_KEY"


def sends_api_key(request) -> bool:
    return bool(request.META.get(META_KEY, "").strip())


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        if not sends_api_key(request):
            return None
        check = api_keys.authenticate_api_key(request.META[META_KEY])
        if check.rejection is not None:
            raise exceptions.AuthenticationFailed({"detail": check.message, "code": f"api_key_{check.rejection}"})
        return check.user, check.key

    def authenticate_header(self, request) -> str:
        # Makes DRF answer a refused key (or a missing one where a view requires it) with 401, not 403.
        return f'ApiKey header="{HEADER}"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """The key in the OpenAPI schema (drf-spectacular): an apiKey in the X-API-Key header, as Nest's schema has."""

    target_class = ApiKeyAuthentication
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": HEADER}
