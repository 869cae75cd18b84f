"""The full import of the real data for every test in this package: the run's own ``sync_owasp`` of the data
folder (tests/conftest.py), made once when the test database is set up.

Each test runs in a transaction rolled back at its end (pytest-django's ``django_db``), so tests may change
pages freely. The other OWASP sync tests start from an empty database with small copies of the data
(tests/apps/owasp/conftest.py).
"""

from dataclasses import dataclass

import pytest

from apps.owasp.sync.report import SyncReport


@dataclass
class FullImport:
    report: SyncReport
    seconds: float


@pytest.fixture
def full_import(synced_owasp, django_db_setup) -> FullImport:
    return FullImport(report=synced_owasp, seconds=django_db_setup.seconds)
