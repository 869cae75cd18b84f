"""The OWASP sync's figures for ``/metrics``: its latest run, the latest without error, and that run's records
by entity and outcome (from the ``SyncRun`` rows ``sync_owasp`` writes)."""

from apps.core.observability.metrics import SyncStatus
from apps.owasp.models import SyncRun

OUTCOMES = ("created", "updated", "unchanged", "inactivated", "skipped")


def collect() -> list[SyncStatus]:
    latest = SyncRun.objects.only("started_at").first()
    if latest is None:
        return [SyncStatus(source="owasp")]
    finished = SyncRun.objects.filter(finished_at__isnull=False).first()
    succeeded = SyncRun.objects.filter(succeeded=True).only("finished_at").first()
    status = SyncStatus(
        source="owasp",
        last_run_at=latest.started_at,
        last_run_succeeded=finished.succeeded if finished else None,
        last_success_at=succeeded.finished_at if succeeded else None,
    )
    if finished:
        report = finished.report or {}
        for entity, counts in (report.get("by_entity") or {}).items():
            for outcome in OUTCOMES:
                status.records[(entity, outcome)] = int(counts.get(outcome, 0))
        status.errors = len(report.get("errors") or [])
    return [status]
