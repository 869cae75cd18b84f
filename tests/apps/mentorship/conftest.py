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
    fake.emails = [
        {"email": email or f"{login}@example.org", "primary": True, "verified": verified, "visibility": None}
    ]
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


def github_account(login: str, *, user_id: int | None = None, email: str | None = None, **fields):
    """A site account as GitHub sign-in leaves it (test_github_sign_in proves the flow): no password, tied by its
    social account to the GitHub user. Returns (account, github user)."""
    from allauth.socialaccount.models import SocialAccount
    from django.contrib.auth import get_user_model

    from tests.factories import make_user

    github_user = make_user(login, **({"id": user_id} if user_id else {}))
    account = get_user_model().objects.create_user(username=login, email=email or f"{login}@example.org", **fields)
    account.set_unusable_password()
    account.save()
    SocialAccount.objects.create(user=account, provider="github", uid=str(github_user.pk), extra_data={"login": login})
    return account, github_user


class World:
    """A published program with two modules on real OWASP projects, each with its own mentor, two mentees,
    a confirmed leader who administers the program and staff."""


@pytest.fixture
def world(program_factory):
    from apps.github.models import LeaderGitHubMatch, MatchMethod
    from apps.mentorship.models import Mentor, Module
    from cms.models import Leader, ProjectPage
    from tests.factories import make_account

    w = World()
    projects = list(ProjectPage.objects.live().order_by("title")[:2])
    w.project, w.other_project = projects
    w.program = program_factory("gsoc-2026", limit=2, name="GSoC 2026")
    w.module = Module.objects.create(
        program=w.program,
        key="scanner",
        name="Scanner rules",
        project=w.project,
        labels=["gsoc", "Mentorship"],
        skills=["python"],
        experience_levels=["beginner"],
    )
    w.other_module = Module.objects.create(program=w.program, key="docs", name="Docs", project=w.other_project)
    w.mentor_account, w.mentor_gh = github_account("the-mentor")
    w.mentor = Mentor.objects.create(github_user=w.mentor_gh, account=w.mentor_account)
    w.module.mentors.add(w.mentor)
    w.other_mentor_account, other_gh = github_account("other-mentor")
    w.other_mentor = Mentor.objects.create(github_user=other_gh, account=w.other_mentor_account)
    w.other_module.mentors.add(w.other_mentor)
    w.mentee_account, w.mentee_gh = github_account("mentee-one")
    w.other_mentee_account, w.other_mentee_gh = github_account("mentee-two")
    w.leader_account, w.leader_gh = github_account("confirmed-leader")
    leader = Leader.objects.filter(page=w.project).first() or Leader.objects.create(page=w.project, name="A Leader")
    LeaderGitHubMatch.objects.update_or_create(
        leader=leader, defaults={"user": w.leader_gh, "method": MatchMethod.MANUAL, "reviewed": True}
    )
    w.program.admins.add(w.leader_gh)
    w.unconfirmed_account, unconfirmed_gh = github_account("unconfirmed-leader")
    other_leader = Leader.objects.create(page=w.other_project, name="Unconfirmed Leader")
    LeaderGitHubMatch.objects.create(leader=other_leader, user=unconfirmed_gh, method=MatchMethod.LOGIN)
    w.program.admins.add(unconfirmed_gh)
    w.staff = make_account("mentorship-staff", is_staff=True)
    return w


STATEMENT = "I have written Semgrep rules for two years and want to help the scanner grow."
