import time

import pytest

from apps.core.models import Heartbeat
from apps.core.services.heartbeat import HEARTBEAT_NAME
from apps.core.tasks import heartbeat_task


@pytest.mark.django_db(transaction=True)
def test_heartbeat_runs_through_a_real_worker_and_redis(celery_worker_process, settings):
    from nest.celery import app

    assert not app.conf.task_always_eager
    result = heartbeat_task.delay()

    returned = result.get(timeout=60)

    heartbeat = Heartbeat.objects.get(name=HEARTBEAT_NAME)
    assert heartbeat.runs == 1
    assert heartbeat.last_run_at.isoformat() == returned
    assert celery_worker_process.poll() is None, "the worker died"


@pytest.mark.django_db
def test_heartbeat_has_a_beat_schedule_row_staff_can_see():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Heartbeat")

    assert task.task == "core.heartbeat"
    assert task.enabled
    assert task.interval.every == 60
    assert task.interval.period == "seconds"


@pytest.mark.django_db
def test_heartbeat_counts_each_run():
    from apps.core.services.heartbeat import beat

    first = beat()
    time.sleep(0.01)
    second = beat()

    heartbeat = Heartbeat.objects.get(name=HEARTBEAT_NAME)
    assert heartbeat.runs == 2
    assert heartbeat.last_run_at == second > first
