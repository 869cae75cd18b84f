"""The local fake GitHub OAuth server for people running Nest offline: ``manage.py run_fake_github_oauth`` (a real
child process on this run's database) serves a page labelled as the fake where one picks whom to sign in as, and
sign-in through allauth's real client works against it; scripts/fake-github-oauth.sh (sourced by run.sh and
demo.sh) starts it and points sign-in at it only when no GitHub OAuth app is configured."""

import shlex
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from apps.mentorship.models import Mentor, Module, Program, ProgramStatus
from apps.mentorship.services import permissions
from cms.models import ProjectPage
from tests.conftest import PROJECT_DIR
from tests.factories import make_user
from tests.fakes.github_oauth import CLIENT_ID, stable_id

pytestmark = pytest.mark.django_db(transaction=True)  # the command's process reads this test's rows

BANNER = "This is the local fake GitHub, not GitHub."


def wait_for_file(path, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size:
            return path.read_text()
        assert process.poll() is None, log.read_text()
        time.sleep(0.2)
    raise AssertionError("the fake did not start: " + log.read_text())


def exports(text: str) -> dict[str, str]:
    """The ``export NAME='value'`` lines the command writes, as a shell would read them."""
    return dict(shlex.split(line.removeprefix("export "))[0].split("=", 1) for line in text.splitlines() if line)


@pytest.fixture
def mentor(synced_owasp):
    """A synced GitHub user who mentors a module: the picker offers them; signing in as them makes them that
    mentor on the site."""
    now = timezone.now()
    program = Program.objects.create(
        key="offline",
        name="Offline program",
        started_at=now,
        ended_at=now + timezone.timedelta(days=30),
        status=ProgramStatus.PUBLISHED,
    )
    module = Module.objects.create(
        program=program, key="m", name="Offline module", project=ProjectPage.objects.live().first()
    )
    mentor = Mentor.objects.create(github_user=make_user("synced-mentor", id=4_242_001, email="m@example.org"))
    module.mentors.add(mentor)
    return mentor


@pytest.fixture
def command(child_env, tmp_path, settings):
    """`manage.py run_fake_github_oauth` on a free port; the settings point sign-in at what it wrote."""
    env_file, log_path = tmp_path / "oauth.env", tmp_path / "oauth.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_fake_github_oauth", "--port", "0", "--env-file", str(env_file)],
            cwd=PROJECT_DIR,
            env=child_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        values = exports(wait_for_file(env_file, process, log_path))
        for name, value in values.items():
            setattr(settings, name, value)
        settings.SOCIALACCOUNT_PROVIDERS = {
            "github": {
                "APPS": [
                    {
                        "client_id": values["GITHUB_OAUTH_CLIENT_ID"],
                        "secret": values["GITHUB_OAUTH_CLIENT_SECRET"],
                        "key": "",
                    }
                ]
            }
        }
        process.values, process.log = values, log_path
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def picker(client) -> tuple[str, BeautifulSoup]:
    """Press "Sign in with GitHub": the fake's page (its URL and its parsed HTML)."""
    response = client.post("/accounts/github/login/")
    assert response.status_code == 302
    page = requests.get(response["Location"], timeout=5)
    assert page.status_code == 200
    return response["Location"], BeautifulSoup(page.text, "html.parser")


def submit(authorize_url: str, soup: BeautifulSoup, **choice) -> str:
    """Post the picker's form with ``choice``: where the fake sends the browser back (path and query)."""
    form = {field["name"]: field.get("value", "") for field in soup.select("form input[type=hidden]")}
    response = requests.post(authorize_url.split("?")[0], data={**form, **choice}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:500]
    location = urlsplit(response.headers["Location"])
    return f"{location.path}?{location.query}"


def test_the_command_serves_a_labelled_picker_and_sign_in_as_a_synced_mentor_works(client, command, mentor):
    assert command.values["GITHUB_OAUTH_CLIENT_ID"] == CLIENT_ID
    authorize_url, soup = picker(client)

    assert authorize_url.startswith(command.values["GITHUB_OAUTH_AUTHORIZE_URL"] + "?")
    assert "not GitHub" in soup.title.get_text()
    assert BANNER in soup.get_text(" ", strip=True)
    offered = {
        button["value"]: button.parent.get_text(" ", strip=True) for button in soup.select("button[name=picked]")
    }
    assert "mentor of Offline module" in offered["synced-mentor"]

    response = client.get(submit(authorize_url, soup, picked="synced-mentor"))

    assert response.status_code == 302
    account = get_user_model().objects.get(username="synced-mentor")
    assert SocialAccount.objects.get(user=account).uid == str(mentor.github_user_id)  # the synced user
    assert account.email == "m@example.org"
    assert permissions.mentor_of(account) == mentor
    assert client.get("/mentorship/mentoring/").status_code == 200


def test_any_login_typed_signs_in_with_the_same_id_every_time(command, synced_owasp):
    for _ in range(2):
        browser = Client()
        authorize_url, soup = picker(browser)
        assert browser.get(submit(authorize_url, soup, login="Someone-New")).status_code == 302

    account = get_user_model().objects.get(username="Someone-New")
    assert SocialAccount.objects.filter(user=account).get().uid == str(stable_id("someone-new"))
    assert get_user_model().objects.filter(socialaccount__uid=str(stable_id("someone-new"))).count() == 1


def test_declining_or_a_bad_login_on_the_picker(client, command, synced_owasp):
    authorize_url, soup = picker(client)
    bad = requests.post(
        authorize_url.split("?")[0],
        data={**{f["name"]: f.get("value", "") for f in soup.select("input[type=hidden]")}, "login": "-bad-"},
        allow_redirects=False,
        timeout=5,
    )
    assert bad.status_code == 400 and "A GitHub login is letters" in bad.text

    response = client.get(submit(authorize_url, soup, decision="deny"))

    assert response.status_code == 400
    assert b"You declined" in response.content
    assert not SocialAccount.objects.exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_script(child_env, tmp_path, **env) -> subprocess.CompletedProcess:
    """Source scripts/fake-github-oauth.sh as run.sh does, print the sign-in settings it left, ask the fake's
    authorize page, then stop it."""
    script = (
        "set -euo pipefail; PY=.venv/bin/python; . scripts/fake-github-oauth.sh; "
        'echo "client=${GITHUB_OAUTH_CLIENT_ID:-}"; echo "url=${GITHUB_OAUTH_AUTHORIZE_URL:-}"; '
        'if [ -n "${GITHUB_OAUTH_AUTHORIZE_URL:-}" ]; then "$PY" -c "import requests, sys; '
        "r = requests.get(sys.argv[1], params={'client_id': sys.argv[2], 'redirect_uri': 'http://x/cb'}, timeout=5); "
        "print('page', r.status_code, 'not GitHub' in r.text)\" \"$GITHUB_OAUTH_AUTHORIZE_URL\" "
        '"$GITHUB_OAUTH_CLIENT_ID"; fi; nest_stop_fake_oauth; echo stopped'
    )
    environment = {key: value for key, value in child_env.items() if not key.startswith("GITHUB_OAUTH_")}
    environment.update(NEST_FAKE_GITHUB_OAUTH_DIR=str(tmp_path), NEST_FAKE_GITHUB_OAUTH_PORT=str(free_port()), **env)
    return subprocess.run(
        ["bash", "-c", script], cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def test_the_run_script_starts_the_fake_and_points_sign_in_at_it_without_an_oauth_app(child_env, tmp_path):
    result = run_script(child_env, tmp_path)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"client={CLIENT_ID}" in lines
    assert any(line.startswith("url=http://127.0.0.1:") and line.endswith("/login/oauth/authorize") for line in lines)
    assert "page 200 True" in lines
    assert lines[-1] == "stopped"


@pytest.mark.parametrize("env", [{"GITHUB_OAUTH_CLIENT_ID": "Iv1.real-app"}, {"NEST_FAKE_GITHUB_OAUTH": "0"}])
def test_the_run_script_leaves_a_configured_oauth_app_alone_or_when_told(child_env, tmp_path, env):
    result = run_script(child_env, tmp_path, **env)

    assert result.returncode == 0, result.stderr
    assert f"client={env.get('GITHUB_OAUTH_CLIENT_ID', '')}" in result.stdout.splitlines()
    assert "url=" in result.stdout.splitlines()
    assert not (tmp_path / "fake-github-oauth.env").exists()


def test_the_production_settings_point_sign_in_at_github():
    from nest.settings.production import Production

    assert Production.GITHUB_OAUTH_AUTHORIZE_URL.default == "https://github.com/login/oauth/authorize"
    assert Production.GITHUB_OAUTH_TOKEN_URL.default == "https://github.com/login/oauth/access_token"
    assert Production.GITHUB_OAUTH_API_URL.default == "https://api.github.com"
    assert Production.GITHUB_OAUTH_CLIENT_ID.default == ""
