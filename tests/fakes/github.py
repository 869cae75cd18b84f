"""Helpers for tests against the local fake GitHub (devtools.fake_github): its fixtures (a generated OWASP-like
organization plus the recorded ones), clients that never really sleep, and a check that the database holds
exactly what the fake serves (nothing lost, nothing duplicated)."""

from __future__ import annotations

import pytest

from apps.github.client import GitHubClient
from apps.github.models import Commit, Issue, Label, PullRequest, Release, Repository, RepositoryContributor
from devtools.fake_github import Dataset, FakeGitHub, generate_organization, load_recordings, recorded_dataset

ORG = "OWASP"


@pytest.fixture
def github_dataset(data_dir) -> Dataset:
    """8 generated repositories (240 issues, 60 pulls, releases, labels, contributors, commits) plus the
    organizations built from recorded payloads (octokit-fixture-org, PyGithub, github3py)."""
    dataset = Dataset()
    generate_organization(dataset, ORG, repos=8, issues=240, pulls=60, releases=24, commits=80, seed=7)
    recorded_dataset(data_dir, dataset)
    return dataset


@pytest.fixture
def fake_github(github_dataset, data_dir):
    """The fake GitHub serving ``github_dataset`` and replaying every recorded response."""
    with FakeGitHub(github_dataset, recordings=load_recordings(data_dir)) as fake:
        yield fake


class SleepRecorder:
    """Stands in for time.sleep: remembers each pause instead of waiting."""

    def __init__(self, on_sleep=None) -> None:
        self.calls: list[float] = []
        self.on_sleep = on_sleep  # e.g. let the fake's clock "pass"

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.on_sleep is not None:
            self.on_sleep(seconds)

    @property
    def total(self) -> float:
        return sum(self.calls)


def make_client(fake: FakeGitHub, **options) -> GitHubClient:
    """A client of ``fake`` with a recorded sleep, short timeouts and a small retry budget."""
    options.setdefault("sleep", SleepRecorder())
    options.setdefault("timeout", 2.0)
    options.setdefault("max_retries", 3)
    options.setdefault("backoff", 1.0)
    options.setdefault("max_wait", 7200)
    return GitHubClient(fake.url, options.pop("token", "test-token"), **options)


def sync_from(fake: FakeGitHub, org: str = ORG):
    """The real ``sync_github`` of ``org`` from ``fake`` through a ``make_client`` client; returns its report."""
    from apps.github.sync import sync_github

    client = make_client(fake)
    try:
        return sync_github(org, client=client)
    finally:
        client.close()


def generated_totals(dataset: Dataset, login: str, names: set[str] | None = None) -> dict[str, int]:
    repos = [
        repo
        for repo in dataset.organizations[login].repos.values()
        if repo.listed and (names is None or repo.name in names)
    ]
    return {
        "repositories": len(repos),
        "issues": sum(1 for repo in repos for item in repo.issues if not item.is_pull),
        "pull_requests": sum(1 for repo in repos for item in repo.issues if item.is_pull),
        "releases": sum(len(repo.releases) for repo in repos),
        "labels": sum(len(repo.labels) for repo in repos),
        "contributors": sum(len(repo.contributors) for repo in repos),
        "commits": sum(len(repo.commits) for repo in repos),
    }


def db_totals(login: str, names: set[str] | None = None) -> dict[str, int]:
    repos = Repository.objects.filter(organization__login=login, is_gone=False)
    if names is not None:
        repos = repos.filter(name__in=names)
    return {
        "repositories": repos.count(),
        "issues": Issue.objects.filter(repository__in=repos).count(),
        "pull_requests": PullRequest.objects.filter(repository__in=repos).count(),
        "releases": Release.objects.filter(repository__in=repos).count(),
        "labels": Label.objects.filter(repository__in=repos).count(),
        "contributors": RepositoryContributor.objects.filter(repository__in=repos).count(),
        "commits": Commit.objects.filter(repository__in=repos).count(),
    }


def assert_synced(dataset: Dataset, login: str, names: set[str] | None = None) -> None:
    """The database holds exactly the generated organization: every row, field and link, once. Rows GitHub
    no longer serves (deleted or transferred issues, deleted releases, deleted or blocked repositories) are
    kept, marked gone: the present ones (``objects``) must equal the fake's. ``names``: only those
    repositories are expected (an organization whose linked repositories only are synced), the others absent."""
    assert db_totals(login, names) == generated_totals(dataset, login, names)
    for fake_repo in dataset.organizations[login].repos.values():
        if names is not None and fake_repo.name not in names:
            assert not Repository.objects.filter(pk=fake_repo.id).exists(), fake_repo.full_name
            continue
        repository = Repository.objects.get(pk=fake_repo.id)
        assert repository.is_gone == (not fake_repo.listed), fake_repo.full_name
        assert (repository.gone_at is not None) == repository.is_gone, fake_repo.full_name
        if not fake_repo.listed:
            continue
        assert repository.full_name == fake_repo.full_name
        assert repository.open_issues_count == fake_repo.open_issues_count
        assert repository.stars_count == fake_repo.stars
        assert repository.languages == fake_repo.languages
        for model, is_pull in ((Issue, False), (PullRequest, True)):
            stored = {
                item.id: item
                for item in model.objects.filter(repository=repository).prefetch_related("labels", "assignees")
            }
            expected = {item.id: item for item in fake_repo.issues if item.is_pull == is_pull}
            assert set(stored) == set(expected), (fake_repo.full_name, model.__name__)
            for item_id, fake in expected.items():
                row = stored[item_id]
                assert (row.number, row.state, row.title) == (
                    fake.number,
                    fake.state,
                    fake.render(dataset, fake_repo)["title"],
                )
                assert row.comments_count == fake.comments
                assert row.updated_at.timestamp() == fake.updated
                assert {label.id for label in row.labels.all()} == set(fake.labels)
                assert {user.id for user in row.assignees.all()} == set(fake.assignees)
                if is_pull:
                    assert (row.merged_at.timestamp() if row.merged_at else None) == fake.merged
        assert set(Release.objects.filter(repository=repository).values_list("id", flat=True)) == {
            release.id for release in fake_repo.releases
        }
        assert set(Label.objects.filter(repository=repository).values_list("id", flat=True)) == set(fake_repo.labels)
        assert set(
            RepositoryContributor.objects.filter(repository=repository).values_list("user_id", "contributions")
        ) == {(contributor.user, contributor.contributions) for contributor in fake_repo.contributors}
        assert set(Commit.objects.filter(repository=repository).values_list("sha", flat=True)) == {
            commit.sha for commit in fake_repo.commits
        }
