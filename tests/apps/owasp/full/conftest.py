"""One full import of the real data for every test in this package, rolled back when the package is done.

The import runs once inside an outer transaction; each test runs in a savepoint within it (pytest-django's
``django_db``), so tests may change pages freely. Only tests that need the whole data set live here; the
rest use small copies (tests/apps/owasp/conftest.py) so they never see these pages.
"""

import time
from dataclasses import dataclass

import pytest
from django.db import transaction

from apps.owasp.sync.owasp import sync_owasp
from apps.owasp.sync.report import SyncReport


@dataclass
class FullImport:
    report: SyncReport
    seconds: float


@pytest.fixture(scope="package")
def full_import(django_db_setup, django_db_blocker, data_dir):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            started = time.perf_counter()
            report = sync_owasp(data_dir)
            yield FullImport(report=report, seconds=time.perf_counter() - started)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
