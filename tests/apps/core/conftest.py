"""Fixtures of the core tests: a real Celery worker, and the sync fixtures of the apps whose runs they watch."""

import subprocess
import sys

import pytest

from tests.apps.github.conftest import fake_github, github_dataset, run_sync
from tests.apps.owasp.conftest import snapshot
from tests.conftest import PROJECT_DIR

__all__ = ["celery_worker_process", "fake_github", "github_dataset", "run_sync", "snapshot", "worker_env"]


@pytest.fixture
def worker_env(child_env):
    """The environment of the worker process; tests add settings to it before the worker starts."""
    return dict(child_env)


@pytest.fixture
def celery_worker_process(worker_env, settings, tmp_path):
    """A real `celery worker` process on the real Redis, consuming this run's own queue. Its output goes to a
    file (``process.log``): a pipe nobody reads would block a worker that logs a lot."""
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "nest",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            settings.CELERY_TASK_DEFAULT_QUEUE,
        ],
        cwd=PROJECT_DIR,
        env=worker_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    process.log = tmp_path / "worker.log"
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
