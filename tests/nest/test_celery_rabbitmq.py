"""Celery on RabbitMQ (``CELERY_BROKER_URL=amqp://...``): real workers on the machine's RabbitMQ.

The broker is shared with other runs: each test uses a queue (and its exchange) of its own and deletes them.
The tasks are the test-only ``tests.nest.celery_probe``: no database, so no test data is needed.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import pytest
from kombu import Connection

from tests.conftest import PROJECT_DIR

AMQP_URL = os.environ.get("NEST_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def wait_for(predicate, *, timeout: float, what: str, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture(scope="module")
def amqp():
    connection = Connection(AMQP_URL, connect_timeout=3)
    try:
        connection.ensure_connection(max_retries=1)
    except Exception as exc:  # noqa: BLE001 - any failure to connect says the same thing
        pytest.fail(f"RabbitMQ is not reachable at {AMQP_URL}: {exc}")
    yield connection
    connection.release()


@pytest.fixture
def queue(amqp):
    """A queue name of this test's own; the queue and the exchange the workers declare are deleted after."""
    name = f"nest-test-amqp-{uuid.uuid4().hex[:12]}"
    yield name
    channel = amqp.channel()
    channel.queue_delete(name)
    channel.exchange_delete(name)
    channel.close()


def queue_counts(amqp, name: str) -> tuple[int, int]:
    """(messages ready, consumers) of a queue that exists."""
    channel = amqp.channel()
    try:
        _, messages, consumers = channel.queue_declare(name, passive=True)
    finally:
        channel.close()
    return messages, consumers


def queue_exists(amqp, name: str) -> bool:
    channel = amqp.channel()
    try:
        channel.queue_declare(name, passive=True)
    except amqp.channel_errors:
        return False
    finally:
        if channel.is_open:
            channel.close()
    return True


@pytest.fixture
def start_worker(child_env, queue, amqp, tmp_path):
    """Start ``celery -A nest worker`` on RabbitMQ consuming ``queue``; returns once it consumes. Every worker
    started is stopped (or found dead) at the end."""
    env = {**child_env, "CELERY_BROKER_URL": AMQP_URL, "NEST_TEST_QUEUE": queue}
    started = []

    def start(pool: str = "solo") -> subprocess.Popen:
        log = tmp_path / f"worker-{len(started)}.log"
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "nest", "worker", f"--pool={pool}", "--concurrency=1",
                "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--include=tests.nest.celery_probe", f"--hostname={queue}-{len(started)}@%h", "-Q", queue,
            ],
            cwd=PROJECT_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        process.log = log
        started.append(process)

        def consuming():
            assert process.poll() is None, f"the worker exited:\n{log.read_text()[-3000:]}"
            return queue_exists(amqp, queue) and queue_counts(amqp, queue)[1] >= 1

        wait_for(consuming, timeout=30, what="the worker to consume the queue")
        return process

    yield start
    for process in started:
        # Nothing of a probe worker is worth a warm shutdown: the queue is deleted next.
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


@contextmanager
def producer_connection():
    with Connection(AMQP_URL, connect_timeout=3) as connection:
        yield connection


def send(name: str, queue: str, *args):
    """Publish a task through the project's Celery app, on RabbitMQ (the test process's own broker is Redis)."""
    from nest.celery import app

    with producer_connection() as connection:
        return app.send_task(name, args=args, queue=queue, connection=connection)


def test_a_task_runs_through_rabbitmq_and_one_whose_worker_is_killed_is_redelivered(
    start_worker, queue, amqp, tmp_path
):
    """One test, three stages, two worker start-ups (each costs seconds): a task's result comes back; a task whose
    worker is SIGKILLed goes to the next worker; a task whose prefork child is SIGKILLed (the OOM killer) goes
    back to the same worker (reject on worker lost) and its new child runs it."""
    first = start_worker()

    echoed = send("tests.probe.echo", queue, "hello").get(timeout=20)

    assert echoed == {"value": "hello", "pid": first.pid, "redelivered": False}
    assert "amqp://guest:**@127.0.0.1:5672//" in first.log.read_text()  # the worker's banner names its broker
    # The worker declared the queue durable: declaring it again as transient is refused by the broker.
    with pytest.raises(amqp.channel_errors, match="durable"):
        amqp.channel().queue_declare(queue, durable=False)

    # The whole worker is killed mid-task.
    marker = tmp_path / "deliveries"
    result = send("tests.probe.hang_first", queue, str(marker))
    wait_for(marker.exists, timeout=20, what="the first worker to start the task")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    # Not acknowledged (acks late), the message is back in the queue as soon as the dead worker's connection closes.
    wait_for(lambda: queue_counts(amqp, queue) == (1, 0), timeout=10, what="the message to be back in the queue")
    second = start_worker(pool="prefork")

    returned = result.get(timeout=20)

    assert returned["deliveries"] == 2
    assert returned["redelivered"] is True
    assert marker.read_text().split() == [str(first.pid), str(returned["pid"])]

    # One of the second worker's pool processes is killed mid-task.
    marker = tmp_path / "deliveries-prefork"
    result = send("tests.probe.hang_first", queue, str(marker))
    child = int(wait_for(lambda: marker.exists() and marker.read_text().strip(), timeout=20, what="the task"))
    assert child != second.pid
    os.kill(child, signal.SIGKILL)

    returned = result.get(timeout=30)

    assert returned["deliveries"] == 2
    assert returned["redelivered"] is True
    assert returned["pid"] not in (child, second.pid)
    assert second.poll() is None
