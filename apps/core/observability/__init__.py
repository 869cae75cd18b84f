"""Errors, logs, traces and metrics (issue 17). Each part costs nothing unless its setting turns it on:
Sentry with ``SENTRY_DSN``, tracing with ``NEST_TRACING`` / ``OTEL_EXPORTER_OTLP_ENDPOINT``; the request id and
``/metrics`` are always there and cheap."""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def setup() -> None:
    """Start what the settings ask for; called once per process by ``CoreConfig.ready`` (web, worker, beat,
    ``manage.py``). A failure to start an optional exporter is logged, never fatal: the site runs without it."""
    from apps.core.observability import metrics, request_id, sentry, tracing

    request_id.connect_celery_signals()
    metrics.connect_celery_signals()
    if settings.SENTRY_DSN:
        sentry.init_sentry()
    if tracing.exporter_name():
        try:
            tracing.setup_tracing()
        except Exception:
            logger.exception(
                "tracing: could not start the %r exporter; running without traces", tracing.exporter_name()
            )
