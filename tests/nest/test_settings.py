import json
import re
import shutil
import subprocess

import pytest

from tests.conftest import PROJECT_DIR
from tests.nest.settings_probe import probe

PRINT_SETTINGS = (
    "import configurations, json; configurations.setup(); from django.conf import settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'HSTS': getattr(s, 'SECURE_HSTS_SECONDS', 0), "
    "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, 'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE, "
    "'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'SECRET_KEY': s.SECRET_KEY, 'DB': s.DATABASES['default'], "
    "'CACHE': s.CACHES['default']['BACKEND'], 'BROKER': s.CELERY_BROKER_URL, "
    "'PREFIX': s.CACHES['default']['KEY_PREFIX'], 'QUEUE': s.CELERY_TASK_DEFAULT_QUEUE}, default=str))"
)


def load_settings(
    configuration: str, *, code: str = PRINT_SETTINGS, project_dir=PROJECT_DIR, **env: str
) -> subprocess.CompletedProcess:
    # Loading settings must not start the developer's embedded cluster (CoreConfig.ready imports the Celery app).
    base_env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/tmp",
        "PYTHONPATH": str(project_dir),
        "NEST_EMBEDDED_PG_AUTOSTART": "0",
    }
    base_env.update(DJANGO_SETTINGS_MODULE="nest.settings", DJANGO_CONFIGURATION=configuration, **env)
    # A process of its own for each call (forked from one that has the libraries loaded: see settings_probe).
    return probe().run(code, env=base_env, cwd=project_dir)


def test_local_configuration_loads_with_debug_and_embedded_database():
    result = load_settings("Local")

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is True
    assert loaded["DB"]["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["DB"]["HOST"].endswith(".pgdata")
    assert loaded["CACHE"] == "apps.core.cache.RedisCache"  # Django's, keeping one client per pool
    assert loaded["BROKER"] == "redis://127.0.0.1:6379/0"


def test_test_configuration_never_uses_the_developers_database():
    result = load_settings("Test", DATABASE_URL="postgres://dev:secret@devhost:5432/devdb")

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["DB"]["HOST"] != "devhost"
    assert "nest-test-pg-" in loaded["DB"]["HOST"]
    assert loaded["DB"]["TEST"]["NAME"] == "nest_test"


def test_production_reads_secrets_and_urls_from_the_environment_and_is_secure_by_default():
    result = load_settings(
        "Production",
        DJANGO_SECRET_KEY="s3cret-from-env",
        DJANGO_ALLOWED_HOSTS="nest.example.org,www.nest.example.org",
        DATABASE_URL="postgres://nest:pw@db.internal:5432/nest",
        REDIS_URL="redis://cache.internal:6379/2",
    )

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is False
    assert loaded["SECRET_KEY"] == "s3cret-from-env"
    assert loaded["ALLOWED_HOSTS"] == ["nest.example.org", "www.nest.example.org"]
    assert loaded["HSTS"] >= 31536000
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["DB"]["HOST"] == "db.internal"
    assert loaded["DB"]["OPTIONS"]["pool"]["max_size"] >= 1
    assert loaded["BROKER"] == "redis://cache.internal:6379/2"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "nest.example.org"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "s3cret"}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, missing):
    result = load_settings("Production", **env)

    assert result.returncode != 0
    assert missing in result.stderr


def loaded(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_local_cache_prefix_and_queue_are_named_after_the_instance_and_stable_across_processes():
    first = loaded(load_settings("Local"))
    again = loaded(load_settings("Local"))

    assert re.fullmatch(r"nest-[0-9a-f]{10}", first["PREFIX"])
    assert first["QUEUE"] == first["PREFIX"]
    assert (again["PREFIX"], again["QUEUE"]) == (first["PREFIX"], first["QUEUE"])


def test_two_databases_get_different_cache_prefixes_and_queues():
    one = loaded(load_settings("Local", DATABASE_URL="postgres://nest@127.0.0.1:5432/nest_one"))
    two = loaded(load_settings("Local", DATABASE_URL="postgres://nest@127.0.0.1:5432/nest_two"))
    embedded = loaded(load_settings("Local"))
    other_cluster = loaded(load_settings("Local", NEST_PGDATA="/tmp/nest-other-pgdata"))

    assert len({one["PREFIX"], two["PREFIX"], embedded["PREFIX"], other_cluster["PREFIX"]}) == 4
    assert len({one["QUEUE"], two["QUEUE"], embedded["QUEUE"], other_cluster["QUEUE"]}) == 4


def test_the_name_does_not_depend_on_whether_the_process_started_the_embedded_cluster():
    # A process that started the cluster exports its socket folder; one that did not (autostart off) has none.
    started = loaded(load_settings("Local", NEST_EMBEDDED_PG_HOST="/tmp/nest-socket-elsewhere"))
    not_started = loaded(load_settings("Local"))

    assert started["PREFIX"] == not_started["PREFIX"]
    assert started["QUEUE"] == not_started["QUEUE"]


def test_two_checkouts_get_different_cache_prefixes_and_queues(tmp_path):
    clone = tmp_path / "nest-clone"
    shutil.copytree(
        PROJECT_DIR,
        clone,
        ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", ".pgdata", "var", "test-artifacts", "*.pyc"),
    )
    url = "postgres://nest@127.0.0.1:5432/nest"  # the same database: the folders alone tell them apart

    here = loaded(load_settings("Local", DATABASE_URL=url))
    there = loaded(load_settings("Local", project_dir=clone, DATABASE_URL=url))

    assert there["PREFIX"] != here["PREFIX"]
    assert there["QUEUE"] != here["QUEUE"]


def test_local_cache_prefix_and_queue_can_be_chosen_in_the_environment():
    chosen = loaded(load_settings("Local", CACHE_KEY_PREFIX="nest-mine", CELERY_TASK_DEFAULT_QUEUE="nest-mine-q"))

    assert (chosen["PREFIX"], chosen["QUEUE"]) == ("nest-mine", "nest-mine-q")


def test_production_cache_prefix_and_queue_stay_explicit():
    env = {"DJANGO_SECRET_KEY": "s3cret", "DJANGO_ALLOWED_HOSTS": "nest.example.org"}
    default = loaded(load_settings("Production", **env))
    chosen = loaded(load_settings("Production", CACHE_KEY_PREFIX="owasp", CELERY_TASK_DEFAULT_QUEUE="owasp", **env))

    assert (default["PREFIX"], default["QUEUE"]) == ("nest", "nest")
    assert (chosen["PREFIX"], chosen["QUEUE"]) == ("owasp", "owasp")


# What `celery -A nest worker` consumes when given no -Q, and where the web process's .delay() sends a task:
# both through the Celery app that every process builds from the settings.
PRINT_QUEUES = (
    "import json; from nest.celery import app; import django; django.setup(); "
    "from django.conf import settings; from apps.core.tasks import heartbeat_task; "
    "print(json.dumps({'worker': sorted(app.amqp.queues), 'sent': app.amqp.router.route({}, heartbeat_task.name)"
    "['queue'].name, 'settings': settings.CELERY_TASK_DEFAULT_QUEUE}))"
)


def test_the_worker_run_sh_starts_consumes_the_queue_the_web_process_sends_to():
    # run.sh (and demo.sh) set up, then start web, worker and beat through serve.sh.
    assert "scripts/serve.sh" in (PROJECT_DIR / "scripts" / "run.sh").read_text()
    script = (PROJECT_DIR / "scripts" / "serve.sh").read_text()
    worker = next(line for line in script.splitlines() if "celery -A nest worker" in line)
    assert not re.search(r"\s(-Q|--queues)\b", worker)  # no fixed queue: the instance's own, from the settings
    assert "DJANGO_CONFIGURATION" not in script  # web, worker and beat all load the Local settings

    queues = loaded(load_settings("Local", code=PRINT_QUEUES))
    settings = loaded(load_settings("Local"))

    assert queues["worker"] == [queues["sent"]]
    assert queues["sent"] == queues["settings"] == settings["QUEUE"]
    assert queues["sent"] != "nest"
