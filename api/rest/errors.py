"""Error bodies of the REST API, shaped as OWASP Nest's v0: ``{"message": ...}``, and for bad parameters
``{"message": ..., "errors": {"<parameter>": ["<what is wrong>"]}}`` with status 400 (404 for an unknown
detail, in the entity's words: "Project not found")."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback


def invalid_parameters(errors: dict) -> exceptions.ValidationError:
    """A 400 naming each bad parameter: ``errors`` maps a parameter to its messages."""
    return exceptions.ValidationError({name: [str(m) for m in _messages(value)] for name, value in errors.items()})


def _messages(value) -> list:
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, inner in value.items() for message in _messages(inner)]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [value]


def exception_handler(exc, context):
    """DRF's errors in Nest's shape; anything else is left to Django (a real bug is still a 500 in the logs)."""
    view = context.get("view")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(getattr(view, "not_found_message", None) or _("Not found"))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = {
            "message": _("Invalid parameters: %(names)s") % {"names": ", ".join(sorted(detail))},
            "errors": {name: [str(m) for m in _messages(value)] for name, value in detail.items()},
        }
        code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc.detail, dict) and "detail" in exc.detail:
        # A refused key or token says what and why (``detail``, ``code``): kept, under Nest's ``message`` too.
        body = {"message": str(exc.detail["detail"]), **{key: str(value) for key, value in exc.detail.items()}}
        code = exc.status_code
    else:
        body = {"message": " ".join(str(m) for m in _messages(exc.detail))}
        code = exc.status_code
    set_rollback()
    return Response(body, status=code, headers=headers)
