"""/metrics: closed to the public; for staff or the bearer of NEST_METRICS_TOKEN, the request counts and
latencies of real requests, cache hits and misses, database connections, queue lengths on the real Redis
broker, the outcomes of a task a real worker ran, and the OWASP sync's results and age. With the broker down
the queue lengths are absent and the scrape still answers."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from apps.core.observability import metrics
from apps.owasp.models import SyncRun
from tests.apps.core.observability.tasks import failing_task, log_line_task

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.apps.core.observability.urls")]

TOKEN = "metrics-token-for-tests"


@pytest.fixture
def scraper(settings):
    settings.NEST_METRICS_TOKEN = TOKEN
    return Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def scrape(client) -> dict[tuple[str, frozenset], float]:
    response = client.get("/metrics")
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples, name, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def names(samples) -> set[str]:
    return {name for name, _ in samples}


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": TOKEN}])
def test_anonymous_and_wrong_tokens_are_refused(settings, headers):
    settings.NEST_METRICS_TOKEN = TOKEN

    response = Client(**headers).get("/metrics")

    assert response.status_code == 403
    assert b"nest_" not in response.content


def test_without_a_token_setting_no_bearer_gets_in(settings):
    settings.NEST_METRICS_TOKEN = ""

    assert Client(HTTP_AUTHORIZATION="Bearer ").get("/metrics").status_code == 403


def test_staff_may_read_it_and_other_users_may_not():
    user_model = get_user_model()
    staff = user_model.objects.create_user("metrics-staff", password="x", is_staff=True)
    member = user_model.objects.create_user("metrics-member", password="x")
    as_staff, as_member = Client(), Client()
    as_staff.force_login(staff)
    as_member.force_login(member)

    assert as_staff.get("/metrics").status_code == 200
    assert as_member.get("/metrics").status_code == 403


def test_requests_are_counted_by_route_method_and_status(scraper):
    before = scrape(scraper)
    visitor = Client()
    for _ in range(3):
        assert visitor.get("/robots.txt").status_code == 200
    assert visitor.post("/robots.txt").status_code == 405

    after = scrape(scraper)

    route = {"route": "robots_txt"}
    assert (
        value(after, "nest_http_requests_total", **route, method="GET", status="200")
        - value(before, "nest_http_requests_total", **route, method="GET", status="200")
        == 3
    )
    assert (
        value(after, "nest_http_requests_total", **route, method="POST", status="405")
        - value(before, "nest_http_requests_total", **route, method="POST", status="405")
        == 1
    )
    count = value(after, "nest_http_request_duration_seconds_count", **route, method="GET")
    assert count - value(before, "nest_http_request_duration_seconds_count", **route, method="GET") == 3
    assert value(after, "nest_http_request_duration_seconds_bucket", **route, method="GET", le="+Inf") == count
    assert value(after, "nest_http_request_duration_seconds_sum", **route, method="GET") > 0
    # A path no URL pattern takes is one bounded label, not one series per path.
    assert not any(dict(labels).get("route", "").startswith("/") for _, labels in after)


def test_cache_hits_and_misses_are_counted(scraper):
    first, second = scrape(scraper), scrape(scraper)  # what a scrape itself reads from the cache
    overhead = {
        result: value(second, "nest_cache_requests_total", result=result)
        - value(first, "nest_cache_requests_total", result=result)
        for result in ("hit", "miss")
    }
    cache.set("metrics-test-present", 1)
    cache.get("metrics-test-present")
    cache.get("metrics-test-absent")
    cache.get_many(["metrics-test-present", "metrics-test-absent", "metrics-test-absent-2"])

    third = scrape(scraper)

    for result, expected in (("hit", 2), ("miss", 3)):
        delta = value(third, "nest_cache_requests_total", result=result) - value(
            second, "nest_cache_requests_total", result=result
        )
        assert delta - overhead[result] == expected, result


def test_database_connections_are_reported(scraper):
    samples = scrape(scraper)

    assert value(samples, "nest_db_connections", state="active") >= 1  # this scrape's own query
    assert value(samples, "nest_metrics_part_up", part="database") == 1


def test_task_outcomes_and_queue_lengths(scraper, celery_thread_worker, settings):
    from nest.celery import app

    idle_queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-metrics-idle"  # no worker consumes it
    try:
        before = scrape(scraper)
        assert log_line_task.delay("counted").get(timeout=20)
        with pytest.raises(ValueError):
            failing_task.delay("nobody").get(timeout=20)
        for _ in range(2):
            log_line_task.apply_async(args=["waits"], queue=idle_queue)

        after = scrape(scraper)
    finally:
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete(idle_queue)

    def delta(task, outcome):
        labels = {"task": task, "outcome": outcome}
        return value(after, "nest_celery_tasks_total", **labels) - value(before, "nest_celery_tasks_total", **labels)

    assert delta("tests.observability.log_line", "success") == 1
    assert delta("tests.observability.fail", "failure") == 1
    assert value(after, "nest_celery_queue_length", queue=idle_queue) == 2
    assert ("nest_celery_queue_length", frozenset({("queue", settings.CELERY_TASK_DEFAULT_QUEUE)})) in after
    assert value(after, "nest_metrics_part_up", part="celery_queues") == 1


def test_with_the_broker_down_the_queue_lengths_are_absent_and_the_scrape_answers(scraper):
    from nest.celery import app

    working = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    try:
        samples = scrape(scraper)
    finally:
        app.conf.broker_url = working

    assert "nest_celery_queue_length" not in names(samples)
    assert value(samples, "nest_metrics_part_up", part="celery_queues") == 0
    assert value(samples, "nest_metrics_part_up", part="database") == 1


def test_sync_results_and_ages_per_source(scraper):
    run = SyncRun.objects.filter(finished_at__isnull=False).first()

    samples = scrape(scraper)

    assert value(samples, "nest_sync_last_run_timestamp_seconds", source="owasp") == run.started_at.timestamp()
    assert value(samples, "nest_sync_last_run_success", source="owasp") == int(run.succeeded)
    assert value(samples, "nest_sync_age_seconds", source="owasp") > 0
    for entity, counts in run.report["by_entity"].items():
        for outcome in metrics_outcomes():
            expected = counts.get(outcome, 0)
            assert (
                value(samples, "nest_sync_last_run_records", source="owasp", entity=entity, outcome=outcome) == expected
            )
    assert value(samples, "nest_sync_errors", source="owasp") == len(run.report["errors"])
    assert ("nest_sync_errors", frozenset({("source", "github")})) in samples
    assert value(samples, "nest_metrics_part_up", part="sync") == 1


def metrics_outcomes():
    from apps.owasp.services.sync_metrics import OUTCOMES

    return OUTCOMES


def test_a_part_that_fails_is_reported_down_not_raised(monkeypatch):
    def broken():
        raise ConnectionError("redis down")

    monkeypatch.setattr(metrics, "collect_tasks", broken)

    samples = {family.name: family for family in metrics.StateCollector().collect()}

    (up,) = [sample for sample in samples["nest_metrics_part_up"].samples if sample.labels["part"] == "celery_tasks"]
    assert up.value == 0
    assert "nest_celery_tasks" not in samples
