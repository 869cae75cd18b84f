"""Fixtures of the embedding tests: the real OWASP data embedded once per run with the local model."""

import time

import pytest

from apps.ai.services.embedding import sync_embeddings


@pytest.fixture(scope="session")
def embedded_owasp(django_db_setup, django_db_blocker):
    """Every published page of the real data, embedded with all-MiniLM-L6-v2 (once per run, committed), and
    the run's report. The synced snapshot is taken again with the embeddings in it, so that a test that puts
    the synced state back puts them back too."""
    from tests.database_state import Snapshot

    with django_db_blocker.unblock():
        django_db_setup.ensure("synced")
        started = time.monotonic()
        report = sync_embeddings()
        report.seconds = time.monotonic() - started
        assert not report.errors, report.errors
        django_db_setup.synced = Snapshot.take("synced")
    return report


@pytest.fixture
def embedded(embedded_owasp, db):
    """The embedded real data in a test's own (rolled back) transaction."""
    return embedded_owasp
