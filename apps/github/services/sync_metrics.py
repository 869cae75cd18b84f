"""The GitHub sync's figures for ``/metrics``, from each repository's ``RepositorySyncState``: the latest
repository synced, how many are synced, and how many failed their last run."""

from django.db.models import Count, Max, Q

from apps.core.observability.metrics import SyncStatus
from apps.github.models import RepositorySyncState


def collect() -> list[SyncStatus]:
    figures = RepositorySyncState.objects.aggregate(
        last_synced=Max("last_synced_at"),
        last_error=Max("last_error_at"),
        synced=Count("pk", filter=Q(last_synced_at__isnull=False)),
        failing=Count("pk", filter=Q(failures__gt=0)),
    )
    last_run = max(filter(None, (figures["last_synced"], figures["last_error"])), default=None)
    return [
        SyncStatus(
            source="github",
            last_run_at=last_run,
            last_run_succeeded=None if last_run is None else figures["failing"] == 0,
            last_success_at=figures["last_synced"],
            records={("repository", "synced"): figures["synced"], ("repository", "failing"): figures["failing"]},
            errors=figures["failing"],
        )
    ]
