from celery import shared_task
from django.conf import settings

from apps.owasp.services.snapshots import BuildOutcome, build_if_due, process_due_snapshots
from apps.owasp.sources.base import SourceUnavailable
from apps.owasp.sync.owasp import sync_owasp


@shared_task(
    name="owasp.sync",
    bind=True,
    autoretry_for=(SourceUnavailable,),
    retry_backoff=60,
    max_retries=5,
    ignore_result=False,
)
def sync_owasp_task(self, source: str | None = None, only: list[str] | None = None) -> dict:
    """Sync OWASP's projects, chapters, committees, events and sponsors (beat runs it daily); returns the report."""
    return sync_owasp(source or settings.NEST_DATA_DIR, only=only).as_dict()


@shared_task(name="owasp.snapshots.build", ignore_result=False)
def build_snapshot_task(snapshot_id: int) -> dict | None:
    """Build one snapshot if it is still due (queued when staff create or rebuild it); returns its outcome, None
    when another worker built it first. A failed build is recorded on the snapshot, so nothing is retried here."""
    snapshot = build_if_due(snapshot_id)
    return BuildOutcome.of(snapshot).as_dict() if snapshot else None


@shared_task(name="owasp.snapshots.process", ignore_result=False)
def process_snapshots_task() -> list[dict]:
    """Build every due snapshot (beat runs it every few minutes, so a snapshot whose queued build was lost or
    whose worker died is built anyway); returns each outcome."""
    return [BuildOutcome.of(snapshot).as_dict() for snapshot in process_due_snapshots()]
