"""devtools is tooling: installed in the Local and Test settings only, never in Production, and left out of the
production image. (That the product never imports it is an import-linter contract, run by ``make test``.)"""

import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_DIR

PRINT_APPS = (
    "import configurations, json; configurations.setup(); from django.conf import settings; "
    "print(json.dumps(settings.INSTALLED_APPS))"
)
PRODUCTION_ENV = {"DJANGO_SECRET_KEY": "s3cret", "DJANGO_ALLOWED_HOSTS": "nest.example.org"}


def installed_apps(configuration: str, **env: str) -> list[str]:
    # A child process: settings classes are read once per process, and loading them must not start the
    # developer's embedded cluster.
    child_env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/tmp",
        "PYTHONPATH": str(PROJECT_DIR),
        "NEST_EMBEDDED_PG_AUTOSTART": "0",
        "DJANGO_SETTINGS_MODULE": "nest.settings",
        "DJANGO_CONFIGURATION": configuration,
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", PRINT_APPS],
        cwd=PROJECT_DIR,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_do_not_install_devtools():
    apps = installed_apps("Production", **PRODUCTION_ENV)

    assert "apps.github" in apps
    assert not [app for app in apps if app == "devtools" or app.startswith("devtools.")]


@pytest.mark.parametrize("configuration", ["Local", "Test"])
def test_local_and_test_settings_install_devtools(configuration):
    assert "devtools" in installed_apps(configuration)


def dockerignore_excludes(path: str) -> bool:
    """Whether .dockerignore leaves ``path`` (a top-level folder) out of the build context: the last pattern
    that names it decides, as in Docker (a ``!`` pattern puts it back)."""
    excluded = False
    for line in (PROJECT_DIR / ".dockerignore").read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negated = pattern.startswith("!")
        name = pattern.removeprefix("!").strip("/")
        if name in (path, f"{path}/**", "**") or (negated and name.startswith(f"{path}/")):
            excluded = not negated
    return excluded


def test_the_production_image_leaves_devtools_tests_and_benchmarks_out():
    dockerfile = (PROJECT_DIR / "docker" / "Dockerfile").read_text()

    for folder in ("devtools", "tests", "benchmarks"):
        assert dockerignore_excludes(folder), folder
        assert f"test ! -e /app/{folder}" in dockerfile, folder  # the build fails if one got in anyway
    copies = [line for line in dockerfile.splitlines() if line.strip().startswith(("COPY", "ADD"))]
    assert not [line for line in copies if "devtools" in line]
    assert "nest.settings" in dockerfile
    assert "DJANGO_CONFIGURATION=Production" in dockerfile


def test_a_negated_pattern_would_put_devtools_back(tmp_path, monkeypatch):
    # The check above reads patterns the way Docker does, so re-including devtools is caught.
    project = tmp_path / "project"
    project.mkdir()
    (project / ".dockerignore").write_text("devtools\n!devtools/generate\n")
    monkeypatch.setattr(sys.modules[__name__], "PROJECT_DIR", project)

    assert not dockerignore_excludes("devtools")
