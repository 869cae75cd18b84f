"""A first sync reads what the pages need most first: repositories linked to OWASP pages, each one's open
issues, contributors and releases, before closed issues, pull requests and commits, and before the
repositories no page links to. A request budget that runs out mid-sync leaves exactly that stored."""

import pytest

from apps.github.models import Commit, Issue, Organization, Release, Repository, RepositoryContributor
from apps.github.sync import sync_github
from devtools.fake_github import Dataset, FakeGitHub, generate_organization
from tests import factories
from tests.fakes.github import assert_synced, make_client

pytestmark = pytest.mark.django_db

UNLINKED = ("www-chapter-nowhere", "scratch-tool", "old-experiments")


@pytest.fixture
def pages(data_dir):
    """Real project pages: the first of projects.json, Juice Shop and ZAP (their www-project-* repositories
    link them)."""
    return factories.real_projects(limit=1, keys=("www-project-juice-shop", "www-project-zap"))


@pytest.fixture
def linked(pages):
    return tuple(page.owasp_key for page in pages)


@pytest.fixture
def dataset(linked):
    data = Dataset()
    generate_organization(data, "OWASP", names=[*UNLINKED, *linked], issues=300, pulls=60, commits=60, seed=3)
    return data


def first_pass_requests(linked: int) -> int:
    """The organization, one listing page, then open issues, contributors and releases of each linked one."""
    return 1 + 1 + 3 * linked


def test_a_budget_running_out_mid_sync_leaves_the_linked_repositories_essentials_stored(dataset, linked):
    repos = dataset.organizations["OWASP"].repos
    with FakeGitHub(dataset) as fake:
        # The fake's rate-limit fault: every request after the budget answers 403, remaining 0, for hours.
        fake.inject("primary_rate_limit", count=-1, skip=first_pass_requests(len(linked)) + 2, reset_in=7200)
        report = sync_github("OWASP", client=make_client(fake, max_wait=60))
        asked = [request.target.split("?")[0] for request in fake.requests()]

    assert "rate limit" in report.stopped
    assert Repository.objects.count() == len(linked)  # the linked rows of the listing, linked to their pages
    assert set(Repository.objects.filter(project__isnull=False).values_list("name", flat=True)) == set(linked)
    for name in linked:
        fake_repo, repository = repos[name], Repository.objects.get(name=name)
        open_issues = {item.id for item in fake_repo.issues if item.state == "open" and not item.is_pull}
        assert set(Issue.objects.filter(repository=repository).values_list("id", flat=True)) == open_issues
        assert Release.objects.filter(repository=repository).count() == len(fake_repo.releases)
        assert RepositoryContributor.objects.filter(repository=repository).count() == len(fake_repo.contributors)
        assert not Commit.objects.filter(repository=repository).exists()  # commits come in the full pass
    unlinked = [repos[name].id for name in UNLINKED]
    assert not Repository.objects.filter(id__in=unlinked).exists()  # the full pass reaches them later
    for model in (Issue, Release, RepositoryContributor):
        assert not model.objects.filter(repository_id__in=unlinked).exists()
    # Each linked repository: open issues, then contributors, then releases, before anything else of it.
    for name in linked:
        mine = [path for path in asked if path.startswith(f"/repos/OWASP/{name}/")]
        assert [path.rsplit("/", 1)[-1] for path in mine[:3]] == ["issues", "contributors", "releases"]


def test_the_next_run_completes_the_sync_and_then_skips_the_first_pass(dataset, linked):
    with FakeGitHub(dataset) as fake:
        fake.inject("primary_rate_limit", count=-1, skip=first_pass_requests(len(linked)) + 2, reset_in=7200)
        sync_github("OWASP", client=make_client(fake, max_wait=60))
        fake.clear_faults()
        fake.reset_rate_window()

        second = sync_github("OWASP", client=make_client(fake))
        assert not second.stopped and not second.errors
        assert_synced(dataset, "OWASP")  # closed issues, pull requests, commits: nothing lost or duplicated
        assert Organization.objects.get(login="OWASP").last_synced_at is not None

        fake.reset_log()
        third = sync_github("OWASP", client=make_client(fake))
        assert not third.stopped
        assert not any(
            request.target.startswith("/repos/") and request.target.split("?")[0].endswith("/issues")
            for request in fake.requests()
        )  # nothing changed (the change feed's one search says so)
