"""The Slack endpoints: each hands the request to Bolt's Django adapter, which verifies the signature first."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from slack_sdk.signature import SignatureVerifier

from apps.slack import bolt


def _not_configured() -> JsonResponse:
    missing = ", ".join(bolt.missing_settings())
    return JsonResponse({"error": _("NestBot is not configured on this server (missing: %s).") % missing}, status=503)


@csrf_exempt
@require_POST
def slack_events(request):
    """Events API, slash commands and interactivity (one handler: Bolt tells them apart by their body)."""
    handler = bolt.get_handler()
    if handler is None:
        return _not_configured()
    try:
        return handler.handle(request)
    except ValueError:
        # Bolt parses the body before it checks the signature: a body it cannot parse is refused here, as
        # unsigned (401) unless it is signed, then as malformed (400). No handler saw it.
        if not SignatureVerifier(settings.SLACK_SIGNING_SECRET).is_valid_request(request.body, request.headers):
            return JsonResponse({"error": "invalid request"}, status=401)
        return JsonResponse({"error": _("The request's body is not what Slack sends.")}, status=400)


@require_GET
def oauth(request):
    """Bolt's install page and OAuth callback; only when NestBot serves several workspaces."""
    if not bolt.multi_workspace():
        return JsonResponse(
            {"error": _("This NestBot serves one workspace: installing through OAuth is turned off.")}, status=404
        )
    handler = bolt.get_handler()
    if handler is None:
        return _not_configured()
    return handler.handle(request)
