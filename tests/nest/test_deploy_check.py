"""`manage.py check --deploy` is clean under Production with the environment it requires: Django's security
checks (HSTS, SSL redirect, secure cookies, secret key, DEBUG...) and Nest's own (the security contact)."""

import secrets
import subprocess
import sys

from tests.conftest import PROJECT_DIR


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/tmp",
        "NEST_EMBEDDED_PG_AUTOSTART": "0",
        "DJANGO_SETTINGS_MODULE": "nest.settings",
        "DJANGO_CONFIGURATION": "Production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "nest.example.org",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_with_its_required_environment():
    result = check_deploy(NEST_SECURITY_CONTACTS="mailto:security@example.org")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
