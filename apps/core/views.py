from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, JsonResponse
from django.views import static
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


def serve_media(request, path, document_root=None):
    """Uploaded files in development; a path leading out of the media folder is simply not found."""
    try:
        return static.serve(request, path, document_root=document_root)
    except SuspiciousFileOperation as exc:
        raise Http404(path) from exc
