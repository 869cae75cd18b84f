"""Test-wide fixtures: a throw-away embedded PostgreSQL per run, the real data folder, helpers."""

import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from nest import embedded_db

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
    """The restricted paths are cached in Redis, which a test's rollback does not undo: start each test clean."""
    from cms.restrictions import forget

    forget()
    yield
    forget()
