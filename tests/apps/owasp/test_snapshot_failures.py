"""A snapshot build that fails (here: its tables held by another session longer than the build may wait) records
why on the snapshot, keeps the content of the last good build, and is not public until a build completes.
Transactional: the lock must come from a second connection while the earlier build is committed."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from apps.owasp.models import Snapshot, SnapshotStatus
from apps.owasp.services.snapshots import build_snapshot
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def ids(queryset) -> set:
    return set(queryset.values_list("pk", flat=True))


def hold_table(table: str):
    """Take an exclusive lock on ``table`` in another session; returns a function that releases it."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
                locked.set()
                release.wait(60)
        finally:
            connection.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert locked.wait(20), "the other session never got its lock"

    def let_go():
        release.set()
        thread.join(20)

    return let_go


def test_a_failed_build_is_recorded_keeps_the_last_content_and_hides_the_snapshot(synced_owasp, data_dir):
    factories.recorded_github(data_dir)
    start, end = datetime(2024, 7, 1, tzinfo=UTC), datetime(2024, 10, 1, tzinfo=UTC)
    first = build_snapshot(Snapshot.objects.create(key="2024-q3", title="Q3 2024", start_at=start, end_at=end))
    assert first.status == SnapshotStatus.COMPLETED
    issues = ids(first.new_issues)
    assert issues

    let_go = hold_table(Snapshot.new_issues.through._meta.db_table)
    try:
        failed = build_snapshot(first, timeout=0.5)
    finally:
        let_go()

    assert failed.status == SnapshotStatus.ERROR
    assert failed.error_message.startswith("OperationalError: canceling statement due to statement timeout")
    assert not Snapshot.objects.completed().filter(pk=first.pk).exists()
    assert ids(failed.new_issues) == issues
    assert failed.counts == first.counts
    assert failed.built_at == first.built_at

    rebuilt = build_snapshot(failed)
    assert rebuilt.status == SnapshotStatus.COMPLETED
    assert rebuilt.error_message == ""
    assert ids(rebuilt.new_issues) == issues
    assert Snapshot.objects.completed().filter(pk=first.pk).exists()
