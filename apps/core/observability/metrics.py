"""``/metrics`` in Prometheus' text format, for signed-in staff or a scraper with ``NEST_METRICS_TOKEN``.

Counted as they happen, in the process that sees them:
- requests by route, method and status, and their latency (``RequestMetricsMiddleware``);
- cache reads by hit or miss (``apps.core.cache.RedisCache``).
With several web processes (gunicorn workers) set ``PROMETHEUS_MULTIPROC_DIR`` to a folder they share: the
client library then keeps these in files there and a scrape of any worker adds them all up.

Task outcomes happen in the workers, often on other hosts, so they are counted in Redis (one hash, ``HINCRBY``)
and any web process reports them all. Read at scrape time: database connections (``pg_stat_activity``, and the
pool's figures when it has one), Celery queue lengths on the broker, and each app's sync figures
(``NEST_METRICS_COLLECTORS``: functions returning ``SyncStatus`` lists, named by dotted path so that
apps.core never imports the apps above it). A part that cannot be read (the broker down) is left out and
``nest_metrics_part_up{part}`` says 0: a scrape never fails for it.
"""

import hmac
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

logger = logging.getLogger(__name__)

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
REQUESTS = Counter("nest_http_requests", "HTTP requests answered.", ["route", "method", "status"])
LATENCY = Histogram(
    "nest_http_request_duration_seconds",
    "Time from the request reaching Django to its response.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
CACHE = Counter("nest_cache_requests", "Cache reads, by result (hit or miss).", ["result"])
TASKS_KEY_SECONDS = 7 * 24 * 3600


def route_of(request) -> str:
    """The URL pattern's name (or its pattern): a bounded label, never the path itself. Answers made before URL
    resolution (static files, stored pages, redirects) are "unresolved"."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.view_name or match.route or "unresolved"


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        route = route_of(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(route, method, str(response.status_code)).inc()
        LATENCY.labels(route, method).observe(time.perf_counter() - started)
        return response


# Task outcomes, in Redis -----------------------------------------------------------------------------------------

_redis = None


def _redis_client():
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    return _redis


def tasks_key() -> str:
    return f"{settings.CACHE_KEY_PREFIX}:metrics:tasks"


def count_task(task_name: str, outcome: str) -> None:
    """Adds one ``outcome`` of ``task_name``; Redis being down loses the count, never the task."""
    try:
        with _redis_client().pipeline(transaction=False) as pipe:
            pipe.hincrby(tasks_key(), f"{task_name}|{outcome}", 1)
            # Gone after a week without any task (a test run's, an instance taken down); Prometheus reads the
            # restart from zero as a counter reset.
            pipe.expire(tasks_key(), TASKS_KEY_SECONDS)
            pipe.execute()
    except Exception as exc:  # noqa: BLE001 - a metric must not fail the task it counts
        logger.warning("metrics: task %s %s not counted: %s", task_name, outcome, exc)


def _on_success(sender=None, **kwargs):
    count_task(getattr(sender, "name", str(sender)), "success")


def _on_failure(sender=None, **kwargs):
    count_task(getattr(sender, "name", str(sender)), "failure")


def _on_retry(sender=None, **kwargs):
    count_task(getattr(sender, "name", str(sender)), "retry")


def connect_celery_signals() -> None:
    from celery import signals

    signals.task_success.connect(_on_success, weak=False, dispatch_uid="nest.metrics.success")
    signals.task_failure.connect(_on_failure, weak=False, dispatch_uid="nest.metrics.failure")
    signals.task_retry.connect(_on_retry, weak=False, dispatch_uid="nest.metrics.retry")


# Read at scrape time ---------------------------------------------------------------------------------------------


def collect_tasks() -> Iterable:
    family = CounterMetricFamily(
        "nest_celery_tasks",
        "Tasks finished by the workers, by task and outcome (kept in Redis).",
        labels=["task", "outcome"],
    )
    for key, value in sorted(_redis_client().hgetall(tasks_key()).items()):
        task, _, outcome = key.decode().rpartition("|")
        family.add_metric([task, outcome], int(value))
    yield family


def queue_names() -> list[str]:
    from nest.celery import app

    return sorted(app.amqp.queues) or [settings.CELERY_TASK_DEFAULT_QUEUE]


def collect_queues() -> Iterable:
    """Messages waiting in each queue: LLEN on a Redis broker, a passive declare on an AMQP one."""
    from nest.celery import app

    family = GaugeMetricFamily(
        "nest_celery_queue_length", "Messages waiting on the broker, by queue.", labels=["queue"]
    )
    names = queue_names()
    broker = app.conf.broker_url or ""
    if broker.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(broker, socket_timeout=1, socket_connect_timeout=1)
        try:
            with client.pipeline(transaction=False) as pipe:
                for name in names:
                    pipe.llen(name)
                lengths = pipe.execute()
        finally:
            client.close()
    else:
        with app.connection_for_read(connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            lengths = []
            for name in names:
                with conn.channel() as channel:
                    lengths.append(channel.queue_declare(queue=name, passive=True).message_count)
    for name, length in zip(names, lengths, strict=True):
        family.add_metric([name], length)
    yield family


def collect_database() -> Iterable:
    family = GaugeMetricFamily(
        "nest_db_connections", "Client connections to this database, by state (pg_stat_activity).", labels=["state"]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(state, 'unknown'), count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND backend_type = 'client backend' GROUP BY 1 ORDER BY 1"
        )
        for state, count in cursor.fetchall():
            family.add_metric([state], count)
    yield family
    pool = getattr(connection, "pool", None)
    if pool is not None:
        stats = GaugeMetricFamily("nest_db_pool", "This process's psycopg pool (get_stats()).", labels=["stat"])
        for stat, value in sorted(pool.get_stats().items()):
            stats.add_metric([stat], value)
        yield stats


@dataclass
class SyncStatus:
    """What an app tells ``/metrics`` about one of its sync sources (listed in ``NEST_METRICS_COLLECTORS``)."""

    source: str
    last_run_at: datetime | None = None
    last_run_succeeded: bool | None = None
    last_success_at: datetime | None = None
    # (entity, outcome) → records of the last finished run, e.g. ("project", "updated"): 3
    records: dict[tuple[str, str], int] = field(default_factory=dict)
    errors: int = 0  # of the last finished run (OWASP), or items whose last sync failed (GitHub repositories)


def collect_sync() -> Iterable:
    """One family per figure, a series per source: ages, outcomes and records of each app's latest sync."""
    now = timezone.now()
    last_run = GaugeMetricFamily(
        "nest_sync_last_run_timestamp_seconds", "When the last sync started.", labels=["source"]
    )
    succeeded = GaugeMetricFamily(
        "nest_sync_last_run_success", "1 if the last finished sync had no error.", labels=["source"]
    )
    success = GaugeMetricFamily(
        "nest_sync_last_success_timestamp_seconds", "When the last sync without error finished.", labels=["source"]
    )
    age = GaugeMetricFamily("nest_sync_age_seconds", "Seconds since the last sync without error.", labels=["source"])
    records = GaugeMetricFamily(
        "nest_sync_last_run_records",
        "Records of the last finished sync, by entity and outcome.",
        labels=["source", "entity", "outcome"],
    )
    errors = GaugeMetricFamily(
        "nest_sync_errors", "Errors of the last sync (failing items for GitHub).", labels=["source"]
    )
    for path in settings.NEST_METRICS_COLLECTORS:
        for status in import_string(path)():
            if status.last_run_at:
                last_run.add_metric([status.source], status.last_run_at.timestamp())
            if status.last_run_succeeded is not None:
                succeeded.add_metric([status.source], int(status.last_run_succeeded))
            if status.last_success_at:
                success.add_metric([status.source], status.last_success_at.timestamp())
                age.add_metric([status.source], (now - status.last_success_at).total_seconds())
            for (entity, outcome), count in sorted(status.records.items()):
                records.add_metric([status.source, entity, outcome], count)
            errors.add_metric([status.source], status.errors)
    yield from (last_run, succeeded, success, age, records, errors)


class StateCollector:
    """What is read at scrape time, each part on its own: one failing leaves the others."""

    def parts(self) -> dict:
        return {
            "database": collect_database,
            "celery_queues": collect_queues,
            "celery_tasks": collect_tasks,
            "sync": collect_sync,
        }

    def collect(self) -> Iterable:
        up = GaugeMetricFamily(
            "nest_metrics_part_up", "1 when the part could be read for this scrape.", labels=["part"]
        )
        for name, collect in self.parts().items():
            try:
                families = list(collect())
            except Exception as exc:  # noqa: BLE001 - the broker or Redis down: that part is absent, the scrape answers
                logger.warning("metrics: %s not read: %s", name, exc)
                up.add_metric([name], 0)
                continue
            up.add_metric([name], 1)
            yield from families
        yield up


def exposition() -> bytes:
    """This process's (or, in multiprocess mode, all processes') counters, then what is read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)
    else:
        counted = REGISTRY
    state = CollectorRegistry(auto_describe=False)
    state.register(StateCollector())
    return generate_latest(counted) + generate_latest(state)


def allowed(request) -> bool:
    """Staff signed in to the site, or the bearer of ``NEST_METRICS_TOKEN`` (what Prometheus' ``authorization``
    scrape option sends). Not "loopback only": behind a proxy every request comes from loopback."""
    token = settings.NEST_METRICS_TOKEN
    scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(sent.strip().encode(), token.encode()):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff)


@never_cache
@require_GET
def metrics_view(request):
    if not allowed(request):
        return HttpResponseForbidden("Staff or the metrics token only.\n", content_type="text/plain")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
