"""Test-wide fixtures: a throw-away embedded PostgreSQL per run, the real data folder, helpers."""

import logging
import os
import shutil
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from nest import embedded_db
from tests.database_state import DatabaseStates, Snapshot

logger = logging.getLogger(__name__)
PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """Start this run's own embedded cluster (unless NEST_TEST_DATABASE_URL names a server).

    The Test settings point HOST at ``embedded_db.test_data_dir()``; the cluster is deleted at the end.
    """
    if os.environ.get("NEST_TEST_DATABASE_URL"):
        yield
        return
    path = embedded_db.test_data_dir()
    shutil.rmtree(path, ignore_errors=True)
    started = embedded_db.start(path)
    settings.DATABASES["default"]["HOST"] = str(started.socket_dir)
    yield
    embedded_db.stop(path)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> DatabaseStates:
    """The migrated test database plus the real ``sync_owasp`` of the data folder, made once per run.

    Every test runs on the synced data: a non-transactional test rolls back what it changed; a transactional one
    gets its state put back from the snapshots by ``database_state``.
    """
    from apps.owasp.sync.owasp import sync_owasp

    with django_db_blocker.unblock():
        migrated = Snapshot.take("migrated")
        with connection.cursor() as cursor:
            # One transaction per record: waiting for each commit's flush to disk would be most of the cost.
            cursor.execute("SET synchronous_commit TO off")
        started = time.monotonic()
        report = sync_owasp(source=settings.NEST_DATA_DIR)
        seconds = time.monotonic() - started
        logger.info("test database: sync_owasp of %s took %.1f s", settings.NEST_DATA_DIR, seconds)
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")
            # Statistics, as autovacuum would gather them on a server: without them the planner takes the freshly
            # filled tables for empty ones (sequential scans where an index answers a test's one row).
            cursor.execute("ANALYZE")
        assert not report.errors, report.errors
        return DatabaseStates(migrated=migrated, synced=Snapshot.take("synced"), report=report, seconds=seconds)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"transactional_db", "live_server", "django_db_reset_sequences"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def database_state(request):
    """Start each database test from a known state.

    A non-transactional test (pytest-django runs them first) finds the synced data and rolls back. A
    transactional test gets the synced data when it asks for ``synced_owasp``, else what the migrations leave:
    the previous transactional test's flush emptied every table. ``without_owasp_data`` asks for the latter.
    """
    transactional = _is_transactional(request)
    if not (transactional or request.node.get_closest_marker("django_db") or "db" in request.fixturenames):
        yield
        return
    states: DatabaseStates = request.getfixturevalue("django_db_setup")
    bare = "without_owasp_data" in request.fixturenames
    if not transactional:
        request.getfixturevalue("db")
        # Inside the test's transaction, which takes it back: the empty state, or the synced one when the order
        # of the tests was changed and a transactional test ran first.
        if bare:
            states.migrated.restore()
        elif states.current != "synced":
            states.synced.restore()
        yield
        return
    request.getfixturevalue("transactional_db")
    states.ensure("synced" if "synced_owasp" in request.fixturenames and not bare else "migrated")
    yield
    states.current = None


@pytest.fixture
def synced_owasp(database_state, django_db_setup):
    """The real OWASP data synced from the data folder (for transactional tests: put back after a flush);
    returns that sync's report."""
    return django_db_setup.report


@pytest.fixture
def without_owasp_data(database_state):
    """The database as the migrations leave it, without the synced OWASP pages: for tests of rules on their own
    that count the few rows they make."""


def database_url(database: str | None = None) -> str:
    """A URL for child processes (Celery worker, migrate) to reach this run's test database."""
    db = settings.DATABASES["default"]
    host = quote(str(db["HOST"]), safe="") if str(db["HOST"]).startswith("/") else db["HOST"]
    port = f":{db['PORT']}" if db.get("PORT") else ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgresql://{db['USER']}{password}@{host}{port}/{database or db['NAME']}"


@pytest.fixture
def child_env():
    """Environment for a child process that must share this run's database, cache prefix and queue."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="nest.settings",
        DJANGO_CONFIGURATION="Test",
        NEST_TEST_DATABASE_URL=database_url(),
        NEST_TEST_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        NEST_TEST_CACHE_PREFIX=settings.CACHE_KEY_PREFIX,
        PYTHONPATH=str(PROJECT_DIR),
    )
    return env


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real OWASP data pack (../shared/data), read in place."""
    path = Path(settings.NEST_DATA_DIR)
    assert path.is_dir(), f"NEST_DATA_DIR {path} does not exist"
    return path


@pytest.fixture(autouse=True)
def _forget_view_restrictions():
    """The restricted paths and the sites of each host are cached in Redis, which a test's rollback does not
    undo: start each test clean."""
    from cms.restrictions import forget
    from cms.routing import forget_sites

    forget()
    forget_sites()
    yield
    forget()
    forget_sites()


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_report_their_context():
    """``response.context`` for pages rendered by Jinja2 too: Django's test set-up instruments only its own template
    language (``setup_test_environment``), so the Jinja2 backend sends the same ``template_rendered`` signal here,
    with the context it rendered (the view's, the request and the context processors' values)."""
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    render = backend.Template.render

    def instrumented_render(self, context=None, request=None):
        context = {} if context is None else context
        try:
            return render(self, context, request)  # fills ``context`` in place with the request's values
        finally:
            template_rendered.send(sender=self, template=self, context=context)

    backend.Template.render = instrumented_render
    yield
    backend.Template.render = render


@pytest.fixture(autouse=True, scope="session")
def _one_blas_thread():
    """NumPy's OpenBLAS runs each matrix product on every core by default: the local encoder's attention is many
    small products (one per text and head), for which starting and syncing the threads costs more than the work,
    and far more when the cores are shared (the test database, the browser, other jobs): ~3x slower on 2 cores."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


@pytest.fixture(scope="session")
def embedded_owasp(django_db_setup, django_db_blocker):
    """Every published page of the real data, embedded with all-MiniLM-L6-v2 (once per run, committed), and
    the run's report. The synced snapshot is taken again with the embeddings in it, so that a test that puts
    the synced state back puts them back too (the AI tests, the ask API and page)."""
    from apps.ai.services.embedding import sync_embeddings

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


def pytest_collection_modifyitems(items):
    """Give every test a node id of its own, and refuse to run if two still share one.

    ``make test`` runs the suite on two pytest-xdist workers, which hand tests out by node id: tests sharing one
    are run once. Schemathesis 4 builds its per-operation items (``tests/api/rest/test_fuzz.py``) with their
    function's node id and the operation only in the name, which pytest 9 keeps (it no longer reads the
    ``_nodeid`` schemathesis sets later), so 40 of the REST fuzz's 41 operations went silently unrun."""
    counts = Counter(item.nodeid for item in items)
    for item in items:
        if counts[item.nodeid] > 1 and item.parent is not None:
            item._id = item.parent.id.child(item.name)
    shared = [nodeid for nodeid, count in Counter(item.nodeid for item in items).items() if count > 1]
    if shared:
        raise pytest.UsageError(f"tests share a node id, so a worker would run only one of each: {shared[:5]}")
