"""The sync's Celery tasks and beat rows."""

import json

import pytest
from django_celery_beat.models import PeriodicTask

from apps.github.models import Repository
from apps.github.tasks import sync_github_task, sync_repository_task
from nest.celery import app
from tests.apps.github.conftest import ORG

pytestmark = pytest.mark.django_db


def test_beat_runs_an_incremental_sync_hourly_and_a_full_one_nightly():
    rows = {row.name: row for row in PeriodicTask.objects.filter(task="github.sync_github").select_related("crontab")}

    hourly, nightly = rows["GitHub sync (hourly, incremental)"], rows["GitHub sync (nightly, full)"]
    assert hourly.enabled and (hourly.crontab.minute, hourly.crontab.hour) == ("17", "*")
    assert json.loads(hourly.kwargs) == {}
    assert nightly.enabled and (nightly.crontab.minute, nightly.crontab.hour) == ("41", "3")
    assert json.loads(nightly.kwargs) == {"full": True}
    assert {"github.sync_github", "github.sync_repository"} <= set(app.tasks)


def test_the_task_returns_the_report(fake_github, settings, github_dataset):
    settings.GITHUB_API_URL = fake_github.url
    settings.GITHUB_ORGANIZATION = ORG

    result = sync_github_task.apply(kwargs={"full": True}).get()

    assert result["ok"] and result["mode"] == "full"
    assert result["repositories"] == {"synced": 8}
    assert Repository.objects.count() == 8
    name = next(iter(github_dataset.organizations[ORG].repos))
    assert sync_repository_task.apply(args=[name]).get()["repositories"] == {"synced": 1}


def test_without_github_the_task_logs_and_returns_the_error(settings, caplog):
    settings.GITHUB_API_URL = "http://127.0.0.1:9"
    settings.GITHUB_TOKEN = ""
    settings.GITHUB_MAX_RETRIES = 0

    result = sync_github_task.apply().get()

    assert not result["ok"]
    assert result["stopped"].startswith("GitHub unavailable at http://127.0.0.1:9")
    assert "GitHub sync of OWASP stopped" in caplog.text
