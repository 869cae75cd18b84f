"""OpenTelemetry: with the instrumentations on (an in-memory exporter), one request that reads PostgreSQL and
Redis, calls an HTTP server and queues a task makes one trace, the task's spans in it: its context travels in
the Celery message to the worker."""

import time

import pytest
from django.test import Client
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from apps.core.observability import tracing

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.apps.core.observability.urls")]


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    tracing.instrument(tracing.make_provider(exporter, batch=False))
    yield exporter
    tracing.uninstrument()


def wait_for_consumer_span(exporter, timeout=10.0):
    """The worker stores the result before its run's span ends (task_postrun): wait for that span."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        finished = exporter.get_finished_spans()
        if any(span.kind == SpanKind.CONSUMER for span in finished):
            return finished
        time.sleep(0.02)
    return exporter.get_finished_spans()


def test_a_requests_trace_reaches_the_task_it_queued(spans, celery_thread_worker, fake_sentry):
    response = Client().get(f"/test-observability/queue/?call={fake_sentry.url}/ping")
    celery_thread_worker.app.AsyncResult(response.json()["task_id"]).get(timeout=20)

    finished = wait_for_consumer_span(spans)
    (request,) = [span for span in finished if span.kind == SpanKind.SERVER]
    trace_id = request.context.trace_id
    in_trace = [span for span in finished if span.context.trace_id == trace_id]
    (publish,) = [span for span in in_trace if span.kind == SpanKind.PRODUCER]
    (run,) = [span for span in in_trace if span.kind == SpanKind.CONSUMER]
    assert request.attributes["http.route"] == "test-observability/queue/" or "queue" in request.name
    assert publish.attributes["celery.task_name"] == "tests.observability.log_line"
    assert run.parent.span_id == publish.context.span_id  # the worker's span continues the request's
    assert run.name.endswith("tests.observability.log_line")
    clients = {span.instrumentation_scope.name.rsplit(".", 1)[-1] for span in in_trace if span.kind == SpanKind.CLIENT}
    assert {"psycopg", "redis", "httpx"} <= clients, clients


def test_tracing_is_off_unless_configured(settings):
    settings.NEST_TRACING, settings.OTEL_EXPORTER_OTLP_ENDPOINT = "", ""
    assert tracing.exporter_name() == ""

    settings.OTEL_EXPORTER_OTLP_ENDPOINT = "http://collector:4318"
    assert tracing.exporter_name() == "otlp-http"

    settings.NEST_TRACING = "otlp-grpc"
    assert type(tracing.make_exporter(tracing.exporter_name())).__module__.endswith("grpc.trace_exporter")

    settings.NEST_TRACING = "zipkin"
    with pytest.raises(ValueError, match="NEST_TRACING"):
        tracing.exporter_name()
