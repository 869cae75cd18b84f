"""The sync_owasp command, the Celery task and its beat row, and loading the data on first start."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from apps.owasp.tasks import sync_owasp_task
from cms.models import ChapterPage, ProjectPage

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("sync_owasp", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_shows_a_progress_bar_and_ends_with_a_summary(snapshot):
    (snapshot.root / "owasp-repos/www-project-zap/index.md").write_text("---\ntitle: [\n---\n")

    out, err = run("--source", str(snapshot.root))

    assert "OWASP sync: 100%" in err
    assert "5/5" in err
    assert "OWASP sync done: created 5, updated 0, unchanged 0, inactivated 0, skipped 1" in out
    assert "  projects: created 2, skipped 1" in out
    assert "Skipped records:" in out
    assert "  projects www-project-zap: www-project-zap/index.md front matter: invalid YAML" in out

    out, _ = run("--source", str(snapshot.root), "--no-progress")
    assert "created 0, updated 0, unchanged 5, inactivated 0, skipped 1" in out


def test_command_can_sync_a_subset(snapshot):
    out, _ = run("--source", str(snapshot.root), "--only", "chapters", "--no-progress")

    assert "created 2" in out
    assert ChapterPage.objects.count() == 2
    assert not ProjectPage.objects.exists()


def test_command_rejects_a_missing_source_and_unknown_entities(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("--source", str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match="not an OWASP data snapshot"):
        run("--source", str(tmp_path))
    with pytest.raises(CommandError, match="unknown entities: widgets"):
        run("--only", "projects,widgets")


def test_command_defaults_to_the_nest_data_dir_setting(snapshot, settings):
    settings.NEST_DATA_DIR = str(snapshot.root)

    out, _ = run("--no-progress")

    assert "created 6" in out


def test_bootstrap_on_first_start_loads_the_owasp_data(snapshot, settings, monkeypatch):
    from apps.core.tasks import heartbeat_task

    settings.NEST_DATA_DIR = str(snapshot.root)
    assert ["sync_owasp"] in settings.NEST_BOOTSTRAP_COMMANDS
    # bootstrap also queues a first heartbeat; keep it out of this run's queue, where the Celery test's worker
    # would count it.
    queued = []
    monkeypatch.setattr(heartbeat_task, "delay", lambda *args: queued.append(args))

    out = StringIO()
    call_command("bootstrap", stdout=out, stderr=StringIO())

    assert "Loading data: manage.py sync_owasp" in out.getvalue()
    assert ProjectPage.objects.get(owasp_key="www-project-juice-shop").live
    assert queued == [()]


def test_task_runs_the_sync_and_returns_the_report(snapshot):
    result = sync_owasp_task.apply(kwargs={"source": str(snapshot.root)})

    assert result.successful()
    assert result.result["created"] == 6
    assert result.result["by_entity"]["projects"] == {"created": 3}


def test_task_retries_when_the_source_is_unavailable(tmp_path):
    result = sync_owasp_task.apply(kwargs={"source": str(tmp_path / "nowhere")})

    assert result.state in {"RETRY", "FAILURE"}
    assert "does not exist" in str(result.result)


def test_the_sync_has_a_nightly_beat_row_staff_can_see():
    task = PeriodicTask.objects.get(name="OWASP data sync")

    assert task.task == "owasp.sync"
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour) == ("30", "3")
