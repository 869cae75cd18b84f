"""A first sync against the fake GitHub stores everything it serves, from generated and recorded payloads."""

import pytest

from apps.github.models import (
    Commit,
    Issue,
    Label,
    Organization,
    PullRequest,
    Release,
    Repository,
    RepositoryContributor,
    RepositorySyncState,
    User,
)
from apps.github.sync import RepositoryOutcome
from tests.apps.github.conftest import ORG
from tests.fakes.github import assert_synced, generated_totals

pytestmark = pytest.mark.django_db


def test_full_sync_stores_every_repository_issue_pull_release_label_contributor_and_commit(
    run_sync, github_dataset, fake_github
):
    report = run_sync()

    assert report.ok, report.summary()
    totals = generated_totals(github_dataset, ORG)
    assert report.repositories == {RepositoryOutcome.SYNCED: totals["repositories"]}
    assert_synced(github_dataset, ORG)
    assert report.upserted["issues"] == totals["issues"]
    assert report.upserted["pull_requests"] == totals["pull_requests"]
    # Users come only from embedded objects: no request ever asks for a user.
    assert not fake_github.requests("/users/")
    assert User.objects.count() == len(
        {issue.author for repo in github_dataset.organizations[ORG].repos.values() for issue in repo.issues}
        | {
            user
            for repo in github_dataset.organizations[ORG].repos.values()
            for i in repo.issues
            for user in i.assignees
        }
        | {r.author for repo in github_dataset.organizations[ORG].repos.values() for r in repo.releases}
        | {c.user for repo in github_dataset.organizations[ORG].repos.values() for c in repo.contributors}
        | {c.author for repo in github_dataset.organizations[ORG].repos.values() for c in repo.commits if c.author}
        | {m.creator for repo in github_dataset.organizations[ORG].repos.values() for m in repo.milestones.values()}
    )


def test_full_sync_keeps_what_the_site_needs_of_a_repository(run_sync, github_dataset):
    run_sync()

    fake = max(github_dataset.organizations[ORG].repos.values(), key=lambda repo: len(repo.issues))
    repository = Repository.objects.get(pk=fake.id)
    assert repository.organization == Organization.objects.get(login=ORG)
    assert (repository.name, repository.description, repository.default_branch) == (
        fake.name,
        fake.description,
        fake.default_branch,
    )
    assert repository.topics == fake.topics
    assert repository.language == fake.language
    assert repository.languages == fake.languages
    assert repository.license_key == (fake.license or "")
    assert (repository.stars_count, repository.forks_count) == (fake.stars, fake.forks)
    assert repository.is_archived == fake.archived
    assert repository.pushed_at.timestamp() == fake.pushed
    assert repository.created_at.timestamp() == int(fake.created)
    state = RepositorySyncState.objects.get(repository=repository)
    assert state.fingerprint and state.last_synced_at and not state.last_error
    assert state.issues_since.timestamp() == max(item.updated for item in fake.issues)


def test_issue_fields_labels_assignees_and_milestone_are_stored(run_sync, github_dataset):
    run_sync()

    repos = github_dataset.organizations[ORG].repos.values()
    fake = next(i for repo in repos for i in repo.issues if not i.is_pull and i.labels and i.assignees and i.closed)
    issue = Issue.objects.get(pk=fake.id)
    assert issue.state == "closed" and issue.closed_at.timestamp() == fake.closed
    assert issue.comments_count == fake.comments
    assert issue.author_id == fake.author
    assert issue.assignee_id == fake.assignees[0]
    assert set(issue.labels.values_list("id", flat=True)) == set(fake.labels)
    with_milestone = next((i for repo in repos for i in repo.issues if i.milestone), None)
    if with_milestone is not None:
        model = PullRequest if with_milestone.is_pull else Issue
        assert model.objects.get(pk=with_milestone.id).milestone_id == with_milestone.milestone


def test_pull_requests_from_the_issues_listing_keep_merged_and_draft(run_sync, github_dataset, fake_github):
    run_sync()

    pulls = [i for repo in github_dataset.organizations[ORG].repos.values() for i in repo.issues if i.is_pull]
    merged = next(p for p in pulls if p.merged)
    assert PullRequest.objects.get(pk=merged.id).merged_at.timestamp() == merged.merged
    assert PullRequest.objects.merged().count() == sum(1 for p in pulls if p.merged)
    assert PullRequest.objects.filter(is_draft=True).count() == sum(1 for p in pulls if p.draft)
    assert not Issue.objects.filter(pk__in=[p.id for p in pulls]).exists()
    assert not fake_github.requests("/pulls")  # pull requests cost no request of their own


def test_recorded_payloads_of_real_github_sync(run_sync):
    """PyGithub's recorded issues listing has 30 items, 9 of them pull requests (`pull_request` objects)."""
    report = run_sync("PyGithub")

    assert report.ok, report.summary()
    repository = Repository.objects.get(full_name="PyGithub/PyGithub")
    assert repository.topics == ["github", "github-api", "pygithub", "python"]
    assert repository.license_spdx_id == "LGPL-3.0"
    assert Issue.objects.filter(repository=repository).count() == 21
    assert PullRequest.objects.filter(repository=repository).count() == 9
    assert Release.objects.filter(repository=repository).count() == 30
    # The 2012 contributors listing lacks type and html_url; the user is still stored.
    contributor = RepositoryContributor.objects.select_related("user").get(repository=repository)
    assert contributor.user.login == "jacquev6" and contributor.user.html_url == "https://github.com/jacquev6"
    pull = PullRequest.objects.get(repository=repository, number=3045)
    assert pull.title == "Make tests pass some more years" and pull.merged_at is None and not pull.is_draft


def test_recorded_github3py_organization_and_octokit_paginated_issues_sync(run_sync):
    assert run_sync("github3py").ok
    assert run_sync("octokit-fixture-org").ok

    assert Repository.objects.filter(organization__login="github3py").count() == 8
    github3 = Repository.objects.get(full_name="github3py/github3.py")
    assert RepositoryContributor.objects.filter(repository=github3).count() == 102
    assert Label.objects.filter(repository=github3).count() == 15
    assert Release.objects.filter(repository=github3).count() == 2
    hello = Repository.objects.get(full_name="octokit-fixture-org/hello-world")
    assert sorted(Issue.objects.filter(repository=hello).values_list("number", flat=True)) == list(range(1, 14))
    assert Label.objects.filter(repository=hello).count() == 9


def test_commits_keep_author_date_and_first_line(run_sync, github_dataset):
    run_sync()

    fake = next(c for repo in github_dataset.organizations[ORG].repos.values() for c in repo.commits if c.author)
    commit = Commit.objects.get(sha=fake.sha)
    assert commit.author_id == fake.author
    assert commit.authored_at.timestamp() == fake.created
    assert commit.message == fake.message
