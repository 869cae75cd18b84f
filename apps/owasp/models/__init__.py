"""The OWASP app's own tables: sync runs and the GitHub source cache (``sync``), and community snapshots."""

from apps.owasp.models.snapshot import (
    InvalidOrdering,
    Snapshot,
    SnapshotContent,
    SnapshotMember,
    SnapshotQuerySet,
    SnapshotStatus,
)
from apps.owasp.models.sync import SourceBlob, SourceListing, SyncRun

__all__ = [
    "InvalidOrdering",
    "Snapshot",
    "SnapshotContent",
    "SnapshotMember",
    "SnapshotQuerySet",
    "SnapshotStatus",
    "SourceBlob",
    "SourceListing",
    "SyncRun",
]
