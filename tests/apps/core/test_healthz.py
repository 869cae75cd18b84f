from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.models import Heartbeat
from apps.core.services.heartbeat import HEARTBEAT_NAME, beat

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.django_db
def test_healthz_is_200_when_every_part_is_fine(client):
    beat()

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "vector", "redis", "broker", "heartbeat"}
    assert body["checks"]["database"]["detail"].startswith("PostgreSQL 17")
    assert body["checks"]["vector"]["detail"].startswith("pgvector")
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_healthz_is_503_naming_redis_and_broker_when_redis_is_unreachable(client, settings):
    beat()
    settings.REDIS_URL = UNREACHABLE_REDIS
    settings.CELERY_BROKER_URL = UNREACHABLE_REDIS

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["redis", "broker"]
    assert body["checks"]["database"]["ok"] is True
    assert "Connection" in body["checks"]["redis"]["detail"] or "refused" in body["checks"]["redis"]["detail"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_heartbeat_never_ran(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["heartbeat"]
    assert "never run" in response.json()["checks"]["heartbeat"]["detail"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_heartbeat_is_stale(client, settings):
    settings.HEARTBEAT_MAX_AGE_SECONDS = 300
    Heartbeat.objects.create(name=HEARTBEAT_NAME, last_run_at=timezone.now() - timedelta(minutes=10))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["heartbeat"]
    assert "limit 300 s" in response.json()["checks"]["heartbeat"]["detail"]


def test_preflight_explains_how_to_start_redis_instead_of_a_traceback():
    from nest.preflight import check_redis

    message = check_redis(UNREACHABLE_REDIS)

    assert message is not None
    assert "REDIS_URL=redis://127.0.0.1:1/0" in message
    assert "redis-server" in message


def test_preflight_is_silent_when_redis_answers(settings):
    from nest.preflight import check_redis

    assert check_redis(settings.REDIS_URL) is None
