"""The Slack endpoints: each hands the request to Bolt's Django adapter, which verifies the signature first."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

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
    return handler.handle(request)


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
