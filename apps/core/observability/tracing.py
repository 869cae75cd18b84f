"""OpenTelemetry traces (``NEST_TRACING``, or ``OTEL_EXPORTER_OTLP_ENDPOINT``): Django requests, Celery tasks
(their context travels in the message headers, so a task's spans join the trace of the request that queued it),
psycopg queries, Redis commands and outgoing httpx calls, through the official instrumentations.

Off, nothing is imported and nothing is patched. A worker's prefork children keep exporting: the SDK's batch
processor restarts its thread after a fork by itself.
"""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)

EXPORTERS = ("otlp-http", "otlp-grpc", "console", "none")
_instrumentors: list = []


def exporter_name() -> str:
    """The exporter the settings ask for, or "" (tracing off)."""
    name = str(settings.NEST_TRACING).strip().lower()
    if not name:
        return "otlp-http" if settings.OTEL_EXPORTER_OTLP_ENDPOINT else ""
    if name not in EXPORTERS:
        raise ValueError(f"NEST_TRACING={name!r}: expected one of {', '.join(EXPORTERS)}")
    return name


def make_exporter(name: str):
    """The span exporter called ``name`` (None for "none": spans are made, for the logs' trace ids, not sent)."""
    if name == "otlp-http":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    if name == "otlp-grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    if name == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    return None


def make_provider(exporter=None, *, batch: bool = True):
    """A tracer provider named for the service (``OTEL_SERVICE_NAME``, default "nest") sending to ``exporter``."""
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": "nest"}))  # OTEL_SERVICE_NAME wins
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter))
    return provider


def instrument(provider) -> None:
    """Instrument Django, Celery, psycopg, Redis and httpx with ``provider``. Django's middleware joins
    ``settings.MIDDLEWARE``, so call this before the request handler loads it (``ready()`` is early enough)."""
    from opentelemetry.instrumentation.celery import CeleryInstrumentor
    from opentelemetry.instrumentation.django import DjangoInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    for instrumentor in (
        DjangoInstrumentor(),
        CeleryInstrumentor(),
        PsycopgInstrumentor(),
        RedisInstrumentor(),
        HTTPXClientInstrumentor(),
    ):
        if not instrumentor.is_instrumented_by_opentelemetry:
            # skip_dep_check: psycopg is installed as psycopg[binary]; the check looks for the bare name only.
            instrumentor.instrument(tracer_provider=provider, skip_dep_check=True)
            _instrumentors.append(instrumentor)
    _instrument_django_connections(provider)


def _instrument_django_connections(provider) -> None:
    """Django's connections, open ones included: patching ``psycopg.connect`` reaches neither a connection made
    before (checks at start-up, a test run's) nor, reliably, one Django configures with its own cursor factory."""
    from django.db import connections
    from django.db.backends.signals import connection_created
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

    def instrument_connection(sender=None, connection=None, **kwargs):
        if connection is not None and connection.vendor == "postgresql" and connection.connection is not None:
            PsycopgInstrumentor.instrument_connection(connection.connection, tracer_provider=provider)

    for connection in connections.all(initialized_only=True):
        instrument_connection(connection=connection)
    connection_created.connect(instrument_connection, weak=False, dispatch_uid="nest.tracing.psycopg")


def uninstrument() -> None:
    from django.db import connections
    from django.db.backends.signals import connection_created
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

    while _instrumentors:
        _instrumentors.pop().uninstrument()
    connection_created.disconnect(dispatch_uid="nest.tracing.psycopg")
    for connection in connections.all(initialized_only=True):
        if getattr(connection.connection, "_is_instrumented_by_opentelemetry", False):
            PsycopgInstrumentor.uninstrument_connection(connection.connection)


def setup_tracing() -> None:
    """The configured exporter, a global tracer provider and the instrumentations (once per process)."""
    from opentelemetry import trace

    name = exporter_name()
    provider = make_provider(make_exporter(name))
    trace.set_tracer_provider(provider)
    instrument(trace.get_tracer_provider())
    logger.info("tracing: spans exported with %s", name)
