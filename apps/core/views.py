from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.health import run_checks


@never_cache
@require_GET
def healthz(request):
    """JSON status of each part; 200 when all are fine, 503 naming what is not."""
    results = run_checks()
    failing = [name for name, result in results.items() if not result.ok]
    body = {
        "status": "error" if failing else "ok",
        "failing": failing,
        "checks": {name: result.as_dict() for name, result in results.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)
