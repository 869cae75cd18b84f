import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_DIR

PRINT_SETTINGS = (
    "import configurations, json; configurations.setup(); from django.conf import settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'HSTS': getattr(s, 'SECURE_HSTS_SECONDS', 0), "
    "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, 'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE, "
    "'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'SECRET_KEY': s.SECRET_KEY, 'DB': s.DATABASES['default'], "
    "'CACHE': s.CACHES['default']['BACKEND'], 'BROKER': s.CELERY_BROKER_URL}, default=str))"
)


def load_settings(configuration: str, **env: str) -> subprocess.CompletedProcess:
    # Loading settings must not start the developer's embedded cluster (CoreConfig.ready imports the Celery app).
    base_env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/tmp",
        "PYTHONPATH": str(PROJECT_DIR),
        "NEST_EMBEDDED_PG_AUTOSTART": "0",
    }
    base_env.update(DJANGO_SETTINGS_MODULE="nest.settings", DJANGO_CONFIGURATION=configuration, **env)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT_DIR,
        env=base_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_local_configuration_loads_with_debug_and_embedded_database():
    result = load_settings("Local")

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is True
    assert loaded["DB"]["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["DB"]["HOST"].endswith(".pgdata")
    assert loaded["CACHE"] == "django.core.cache.backends.redis.RedisCache"
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
