"""Sentry: with a DSN, a failing view and a failing task each reach a local ingest endpoint (tests/fakes/sentry)
as an envelope with the release and environment, and without the emails, tokens, cookies and credentials the
request or the error carried."""

import pytest
import sentry_sdk
from django.test import Client

from apps.core.observability import sentry
from tests.apps.core.observability.tasks import failing_task

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.apps.core.observability.urls")]

SECRETS = [
    "alice@example.org",
    "bob@example.net",
    "view-secret-value",
    "task-secret-value",
    "bearer-secret-123",
    "session-cookie-value",
    "api-key-value-456",
]


@pytest.fixture
def sentry_on(fake_sentry, settings):
    settings.SENTRY_RELEASE = "nest@test-release"
    settings.SENTRY_ENVIRONMENT = "ci"
    fake_sentry.clear()
    sentry.init_sentry(dsn=fake_sentry.dsn)
    yield fake_sentry
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)  # the next tests run with Sentry off, as the suite does


def assert_no_secrets(fake):
    raw = fake.raw()
    leaked = [secret for secret in SECRETS if secret in raw]
    assert not leaked, leaked


def test_a_failing_view_reaches_sentry_with_release_and_environment_and_no_pii(sentry_on):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "session-cookie-value"

    response = client.get(
        "/test-observability/fail/?email=bob@example.net&api_key=api-key-value-456",
        HTTP_AUTHORIZATION="Bearer bearer-secret-123",
        HTTP_X_API_KEY="api-key-value-456",
    )
    sentry_sdk.flush(timeout=10)

    assert response.status_code == 500
    (event,) = sentry_on.events()
    assert event["release"] == "nest@test-release"
    assert event["environment"] == "ci"
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert event["exception"]["values"][-1]["stacktrace"]["frames"][-1]["function"] == "failing_view"
    assert "user" not in event
    assert_no_secrets(sentry_on)


def test_a_failing_task_reaches_sentry_without_the_address_in_its_message(sentry_on):
    """Run eagerly (``apply``): the integration wraps the tracer Celery builds for each run, the same code a
    worker runs; a worker thread started before this test's ``init`` would keep the tracers it built unwrapped."""
    result = failing_task.apply(args=["alice@example.org"])
    sentry_sdk.flush(timeout=10)

    assert result.failed()
    (event,) = sentry_on.events()
    assert event["release"] == "nest@test-release" and event["environment"] == "ci"
    exception = event["exception"]["values"][-1]
    assert exception["type"] == "ValueError"
    assert exception["value"] == "could not notify [Filtered] with [Filtered]"
    assert event["extra"]["celery-job"]["task_name"] == "tests.observability.fail"
    assert_no_secrets(sentry_on)


def test_scrub_replaces_credentials_by_key_and_in_text():
    event = {
        "request": {"headers": {"Authorization": "Bearer x", "Cookie": "a=b", "Accept": "text/html"}},
        "message": (
            "token=abc ghp_0123456789abcdefABCDEF xoxb-1234-5678-abcdef sk-proj-0123456789abcdef carol@example.com"
        ),
        "extra": {"password": "hunter2", "count": 3},
    }

    scrubbed = sentry.before_send(event, {})

    assert scrubbed["request"]["headers"] == {
        "Authorization": "[Filtered]",
        "Cookie": "[Filtered]",
        "Accept": "text/html",
    }
    assert scrubbed["message"] == "[Filtered] [Filtered] [Filtered] [Filtered] [Filtered]"
    assert scrubbed["extra"] == {"password": "[Filtered]", "count": 3}


def test_release_defaults_to_the_git_revision(settings):
    settings.SENTRY_RELEASE = ""

    release = sentry.release()

    assert release.startswith("nest@") and len(release) > len("nest@")


def test_sentry_is_off_without_a_dsn():
    assert not sentry_sdk.get_client().is_active()
