"""Mentorship tests: sign-in through the local fake GitHub OAuth server, and programs on real OWASP projects."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from django.utils import timezone

from tests.fakes.github_oauth import FakeGitHubOAuth, github_user


@pytest.fixture
def fake_oauth(settings):
    """The fake GitHub OAuth server, with the settings pointing sign-in at it."""
    with FakeGitHubOAuth() as fake:
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        yield fake


def start_sign_in(client) -> str:
    """Press "Sign in with GitHub": the URL of GitHub's authorize page the site sends the browser to."""
    response = client.post("/accounts/github/login/")
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def visit_github(authorize_url: str) -> str:
    """The browser at GitHub's authorize page: where GitHub sends it back (the site's callback, path and query)."""
    response = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:300]
    location = urlsplit(response.headers["Location"])
    return f"{location.path}?{location.query}"


def sign_in(client, fake, *, login: str, user_id: int, email: str | None = None, verified: bool = True):
    """A whole GitHub sign-in as ``login``; returns the callback's response."""
    fake.user = github_user(login, user_id)
    fake.emails = [{"email": email or f"{login}@example.org", "primary": True, "verified": verified, "visibility": None}]
    return client.get(visit_github(start_sign_in(client)))


@pytest.fixture
def project():
    from cms.models import ProjectPage

    found = ProjectPage.objects.live().order_by("title").first()
    assert found is not None, "the synced OWASP data has projects"
    return found


@pytest.fixture
def program_factory():
    from apps.mentorship.models import Program, ProgramStatus

    def make(key="gsoc-2026", *, status=ProgramStatus.PUBLISHED, limit=None, **fields):
        now = timezone.now()
        return Program.objects.create(
            key=key,
            name=fields.pop("name", key.upper()),
            started_at=fields.pop("started_at", now - timedelta(days=1)),
            ended_at=fields.pop("ended_at", now + timedelta(days=90)),
            status=status,
            mentees_limit=limit,
            **fields,
        )

    return make
