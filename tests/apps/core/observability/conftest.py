"""A Celery worker in a thread of the test process, on the real Redis broker and this run's own queue.

In a thread rather than a child process (tests/apps/core's ``celery_worker_process``): the message still goes
through Redis and the worker's own publish/prerun signals, but the worker's log lines, spans and Sentry events
are made in this process, where the tests read them. Started once for this package's tests (about a second)
and stopped after them: left running, it would take the run's queue from the tests that start a worker process
of their own (``tests/apps/core/test_sync_tasks_clear_cache.py``: its task then ran here, without that
worker's settings).
"""

import pytest
from celery.contrib.testing.worker import start_worker

from tests.fakes.sentry import FakeSentry


@pytest.fixture(scope="package")
def celery_thread_worker():
    from apps.core.observability import metrics
    from nest.celery import app
    from tests.apps.core.observability import tasks  # noqa: F401 - registers the test tasks

    with start_worker(app, pool="solo", loglevel="INFO", perform_ping_check=False, shutdown_timeout=20) as worker:
        yield worker
    metrics._redis_client().delete(metrics.tasks_key())  # this run's task counts, in the shared Redis


@pytest.fixture(scope="session")
def fake_sentry():
    fake = FakeSentry().start()
    yield fake
    fake.stop()
