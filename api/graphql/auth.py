"""Authentication, CSRF and rate limits for the GraphQL endpoint, the same as the REST API's.

The request is authenticated by the REST API's classes (``REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]``):
an ``X-API-Key`` or a ``Bearer`` JWT needs no CSRF token (a browser on another site can neither read nor send
them); a signed-in session (cookie) keeps Django's CSRF check, as DRF's SessionAuthentication does; an
anonymous request reads freely. A refused key or token gets a 401, a missing CSRF token a 403, too many requests
a 429 with Retry-After: each as a GraphQL error body.

Django's CSRF middleware is skipped for the view (``csrf_exempt``) because the check is made here, after the
credentials are known.
"""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.settings import api_settings


class ApiAuthenticationMixin:
    """For a graphene ``GraphQLView`` subclass: ``class View(ApiAuthenticationMixin, GraphQLView)``."""

    @classmethod
    def as_view(cls, **initkwargs):
        return csrf_exempt(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        refused = authenticate_request(request, view=self)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)


class _GraphQLSessionAuthentication(SessionAuthentication):
    """DRF's session authentication, its CSRF check made on the Django request as Django's middleware would:
    on DRF's request it would parse the body (which GraphQL reads itself) with no parsers, and fail."""

    def enforce_csrf(self, request):
        return super().enforce_csrf(request._request)


def _authenticator(authentication_class):
    if issubclass(authentication_class, SessionAuthentication):
        return _GraphQLSessionAuthentication()
    return authentication_class()


def authenticate_request(request, view=None) -> JsonResponse | None:
    """Authenticate and rate-limit ``request`` in place (``request.user``, ``request.auth``); the error
    response when it is refused, else None."""
    authenticators = [_authenticator(authentication) for authentication in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    api_request = Request(request, authenticators=authenticators)
    try:
        user = api_request.user  # runs the authenticators; the session one enforces CSRF
        for throttle in (throttle_class() for throttle_class in api_settings.DEFAULT_THROTTLE_CLASSES):
            if not throttle.allow_request(api_request, view):
                raise exceptions.Throttled(throttle.wait())
    except exceptions.APIException as exc:
        return _refusal(exc, api_request, authenticators)
    request.user = user
    request.auth = api_request.auth
    return None


def _refusal(exc: exceptions.APIException, api_request, authenticators) -> JsonResponse:
    detail = exc.detail
    if isinstance(detail, dict):
        message, code = str(detail.get("detail", "")), str(detail.get("code", "")) or exc.default_code
    elif isinstance(detail, list):
        message, code = " ".join(str(item) for item in detail), exc.default_code
    else:
        message, code = str(detail), getattr(detail, "code", exc.default_code)
    response = JsonResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status=exc.status_code)
    if isinstance(exc, exceptions.AuthenticationFailed | exceptions.NotAuthenticated) and authenticators:
        header = authenticators[0].authenticate_header(api_request)
        if header:
            response["WWW-Authenticate"] = header
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(int(exc.wait))
    return response
