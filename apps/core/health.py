"""Health checks behind /healthz: each part reports ok plus a short detail, never raises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import redis
from django.conf import settings
from django.db import connection
from kombu import Connection

from apps.core.services.heartbeat import last_beat

TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)


def check_database() -> CheckResult:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        (version,) = cursor.fetchone()
    return CheckResult(True, f"PostgreSQL {version}")


def check_vector() -> CheckResult:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        row = cursor.fetchone()
    if row is None:
        return CheckResult(False, "the vector extension is not installed (run migrate)")
    return CheckResult(True, f"pgvector {row[0]}")


def check_redis() -> CheckResult:
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
        version = client.info("server").get("redis_version", "?")
    finally:
        client.close()
    return CheckResult(True, f"Redis {version} at {_safe_url(settings.REDIS_URL)}")


def check_broker() -> CheckResult:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
    return CheckResult(True, f"Celery broker reachable at {_safe_url(settings.CELERY_BROKER_URL)}")


def check_heartbeat() -> CheckResult:
    heartbeat = last_beat()
    if heartbeat is None:
        return CheckResult(False, "the heartbeat job has never run: is the Celery worker running?")
    age = int(heartbeat.age_seconds)
    limit = settings.HEARTBEAT_MAX_AGE_SECONDS
    if age > limit:
        return CheckResult(False, f"last heartbeat {age} s ago (limit {limit} s): are worker and beat running?")
    return CheckResult(True, f"last heartbeat {age} s ago")


CHECKS: dict[str, Callable[[], CheckResult]] = {
    "database": check_database,
    "vector": check_vector,
    "redis": check_redis,
    "broker": check_broker,
    "heartbeat": check_heartbeat,
}
# Checks that read the database are pointless once the database itself is down.
NEEDS_DATABASE = {"vector", "heartbeat"}


def run_checks() -> dict[str, CheckResult]:
    results: dict[str, CheckResult] = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and not results["database"].ok:
            results[name] = CheckResult(False, "skipped: the database is unreachable")
            continue
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - a health check reports every failure, whatever its type
            results[name] = CheckResult(False, f"{type(exc).__name__}: {exc}".strip()[:300])
    return results


def _safe_url(url: str) -> str:
    """The URL without its password, for display."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)
