"""``benchmarks/load.py`` end to end in its tiny mode, on this run's test database: its own gunicorn, redis-server
and Celery workers, the mixed workload, Redis stopped mid-run and a worker killed mid-task."""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR, database_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory, django_db_setup, django_db_blocker):
    """One tiny run of the script for the module's tests (it starts and stops every process itself).

    The tests only read its results (they are database tests for pytest-django to set the database up): the
    run itself puts the synced data in place, and puts it back after the worker's syncs wrote.
    """
    out = tmp_path_factory.mktemp("load") / "results.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "NEST_TEST"))}
    env.update(DATABASE_URL=database_url(), PYTHONPATH=str(PROJECT_DIR))
    command = [sys.executable, "benchmarks/load.py", "--tiny", "--redis-port", str(free_port()), "--json", str(out)]
    command.append("--keep-logs")  # the server's tracebacks, for a failure's message
    with django_db_blocker.unblock():
        django_db_setup.ensure("synced")  # the real OWASP data, committed: what the server and worker read
        try:
            finished = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=240)
        finally:
            django_db_setup.synced.restore()  # the worker's syncs wrote (their SyncRun rows)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    results = json.loads(Path(out).read_text())
    server_log = Path(results["workdir"], "gunicorn.log")
    results["server_errors"] = [block for block in server_log.read_text().split("\n20") if " ERROR " in block[:60]]
    yield results, finished.stdout
    shutil.rmtree(results["workdir"], ignore_errors=True)


def phase(results: dict, name: str) -> dict:
    return next(item for item in results["phases"] if item["name"] == name)


@pytest.mark.django_db
def test_every_kind_of_request_is_answered_and_none_fails_while_everything_is_up(tiny_run):
    results, _ = tiny_run
    steady = phase(results, "steady")

    answered = {kind for item in results["phases"] for kind, counts in item["by_kind"].items() if counts.get("200")}

    assert steady["requests"] > 0
    assert set(steady["statuses"]) <= {"200"}, (steady["failures"], results["server_errors"][-3:])
    assert answered == {"page", "rest", "graphql", "search", "ask"}


@pytest.mark.django_db
def test_pages_keep_serving_while_redis_is_down(tiny_run):
    results, _ = tiny_run
    down = phase(results, "redis down")

    assert down["requests"] > 0
    assert not down["failures"], (down["failures"], results["server_errors"][-3:])
    assert down["by_kind"]["page"].get("200", 0) > 0


@pytest.mark.django_db
def test_sync_tasks_queued_before_and_during_the_outage_run_once_redis_is_back(tiny_run):
    results, _ = tiny_run
    outcomes = {task["task"]: task["outcome"] for task in results["tasks"]}

    assert outcomes["sync queued before Redis stopped"] == "ran"
    assert outcomes["sync sent while Redis was down"] == "ran"


@pytest.mark.django_db
def test_a_task_whose_worker_is_killed_is_redelivered_and_finishes(tiny_run):
    results, stdout = tiny_run
    probe = next(task for task in results["tasks"] if task["task"] == "probe killed mid-task")

    assert probe["starts"] == 2  # once on the killed worker, once on its successor
    assert probe["finishes"] == 1
    assert "| redis down |" in stdout and "| probe killed mid-task | ran" in stdout
