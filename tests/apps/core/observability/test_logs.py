"""Structured logs with a request id: the id a request arrives with (or one made for it) is in the response, in
every line the request logs and in the lines of the task it queues, run by a real worker through Redis."""

import io
import json
import logging
import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.test import Client

from apps.core.observability.log_format import JsonFormatter
from nest.settings import Production, Test
from tests.conftest import PROJECT_DIR

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.apps.core.observability.urls")]


@contextmanager
def json_console():
    """The configured console handler (with its request-id filter), writing JSON into a buffer for the test."""
    handler = logging.getHandlerByName("console")
    stream, formatter = io.StringIO(), handler.formatter
    previous = handler.setStream(stream)
    handler.setFormatter(JsonFormatter())
    try:
        yield stream
    finally:
        handler.setStream(previous)
        handler.setFormatter(formatter)


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_requests_lines_and_its_tasks_lines_share_the_request_id(celery_thread_worker):
    with json_console() as stream:
        response = Client().get("/test-observability/queue/?text=from-the-view", HTTP_X_REQUEST_ID="req-42.abc")
        ran_under = celery_thread_worker.app.AsyncResult(response.json()["task_id"]).get(timeout=20)

    assert response.status_code == 200
    assert response["X-Request-ID"] == "req-42.abc"
    assert ran_under == "req-42.abc"
    logged = lines(stream)
    view_line = next(line for line in logged if line["message"] == "view queues a task")
    task_line = next(line for line in logged if line["message"] == "task says from-the-view")
    assert view_line["request_id"] == task_line["request_id"] == "req-42.abc"
    assert view_line["level"] == "INFO" and view_line["logger"] == "nest.tests.observability"


@pytest.mark.parametrize("sent", [None, "", "has spaces", "line\nbreak", "x" * 129, "<script>"])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(sent):
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}

    response = Client().get("/robots.txt", **headers)

    assert response.status_code == 200
    made = response["X-Request-ID"]
    assert made != sent and len(made) == 32 and int(made, 16) >= 0


def test_two_requests_get_different_ids():
    first, second = Client().get("/robots.txt"), Client().get("/robots.txt")

    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_json_lines_keep_the_exception_and_the_extra_fields():
    with json_console() as stream:
        try:
            raise KeyError("missing")
        except KeyError:
            logging.getLogger("nest.tests.observability").exception("it failed", extra={"project": "juice-shop"})

    (line,) = lines(stream)
    assert line["level"] == "ERROR" and line["message"] == "it failed"
    assert "KeyError: 'missing'" in line["exception"]
    assert line["project"] == "juice-shop"
    assert line["request_id"] == "-"  # outside any request or task


def test_level_and_format_come_from_the_environment():
    """A real process with NEST_LOG_LEVEL and NEST_LOG_FORMAT set: INFO is dropped, WARNING comes as JSON."""
    code = (
        "import configurations, logging; configurations.setup(); "
        "l = logging.getLogger('nest.x'); l.info('no'); l.warning('yes')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nest.settings", "DJANGO_CONFIGURATION": "Test"}
    env.update(NEST_LOG_LEVEL="warning", NEST_LOG_FORMAT="json")

    run = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )

    assert run.returncode == 0, run.stderr
    logged = [json.loads(line) for line in run.stderr.splitlines() if line.startswith("{")]
    assert [line["message"] for line in logged if line["logger"] == "nest.x"] == ["yes"]


def test_production_logs_json_by_default_and_the_others_plain():
    assert Production.NEST_LOG_FORMAT == "json"
    assert Test.NEST_LOG_FORMAT == "plain"
