"""The site's URLconf plus the views these tests need: one that logs, touches PostgreSQL, Redis and an HTTP
server and queues a task; one that fails with personal data in its message."""

import logging

import httpx
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.urls import path

from nest.urls import handler404, handler500
from nest.urls import urlpatterns as site_urlpatterns
from tests.apps.core.observability.tasks import log_line_task

__all__ = ["handler404", "handler500", "urlpatterns"]

logger = logging.getLogger("nest.tests.observability")


def queue_task_view(request):
    logger.info("view queues a task")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    cache.get("observability-test-key")
    if target := request.GET.get("call"):
        httpx.get(target, timeout=5)
    result = log_line_task.delay(request.GET.get("text", "hello"))
    return JsonResponse({"task_id": result.id})


def failing_view(request):
    raise RuntimeError("failed for alice@example.org with token=view-secret-value")


urlpatterns = [
    path("test-observability/queue/", queue_task_view, name="test_queue"),
    path("test-observability/fail/", failing_view, name="test_fail"),
    *site_urlpatterns,
]
