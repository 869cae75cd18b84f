"""The demo (``make demo``): the real OWASP pages with generated GitHub data, synced through the real client
and the real ``sync_github`` from a local fake GitHub, into a database marked as a demo one.

The fake serves one generated organization whose repositories are the ones the real project pages link to
(their www-project-* repositories and the repositories their links name in that organization), with
generated issues, pull requests, releases, contributors and commits, so every project page has data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from apps.core.services.demo import mark_demo_database
from apps.github.client import GitHubClient
from apps.github.models import Repository
from apps.github.services.health import refresh_project_health
from apps.github.sync import sync_github
from apps.github.sync.projects import linked_repository_names
from apps.github.sync.report import SyncReport
from devtools.fake_github import Dataset, FakeGitHub, generate_organization

ISSUES_PER_REPOSITORY = 12
SEED = 7


def demo_repository_names(organization: str) -> list[str]:
    """Names (in ``organization``) of the repositories the real project pages link to, sorted."""
    prefix = f"{organization.lower()}/"
    linked = linked_repository_names(projects_only=True)
    return sorted({full.split("/", 1)[1] for lower, full in linked.items() if lower.startswith(prefix)})


def demo_dataset(organization: str, *, seed: int = SEED) -> Dataset:
    """A fake GitHub dataset: ``organization`` with the linked repositories and generated activity."""
    names = demo_repository_names(organization)
    if not names:
        raise RuntimeError("no OWASP page links a repository: load the OWASP data first (manage.py bootstrap)")
    dataset = Dataset()
    generate_organization(dataset, organization, names=names, issues=len(names) * ISSUES_PER_REPOSITORY, seed=seed)
    return dataset


@dataclass
class DemoRun:
    repositories: int
    report: SyncReport
    health: dict


def sync_demo(fake: FakeGitHub, organization: str | None = None) -> DemoRun:
    """Mark the database as a demo one, sync the fake through the real client and ``sync_github``, then
    refresh the figures and today's health. Raises ``DemoMismatch`` for a database holding real data."""
    organization = organization or settings.GITHUB_ORGANIZATION
    mark_demo_database(holds_real_data=Repository.objects.exists())
    with GitHubClient(base_url=fake.url, token="") as client:
        report = sync_github(organization, client=client, full=True)
    health = refresh_project_health()
    return DemoRun(repositories=Repository.objects.count(), report=report, health=health)
