"""Re-syncs: with no change upstream only conditional requests are made, all answered 304; changes upstream
reach the database at the cost of the repositories they touch."""

import math

import pytest

from apps.github.models import Issue, Label, PullRequest, Release, Repository, RepositorySyncState
from apps.github.sync import RepositoryOutcome
from tests.apps.github.conftest import ORG
from tests.fakes.github import assert_synced

pytestmark = pytest.mark.django_db


def repos(dataset):
    return sorted(dataset.organizations[ORG].repos.values(), key=lambda repo: repo.name)


def test_no_change_incremental_resync_makes_only_conditional_requests_answered_304(run_sync, fake_github):
    run_sync()
    fake_github.reset_log()

    report = run_sync()

    assert report.ok, report.summary()
    requests = fake_github.requests()
    assert requests, "the re-sync asked nothing"
    # The organization and one page of its listing, conditionally (304), and one search of the change feed:
    # well under one request per repository.
    assert [request.target.split("?")[0] for request in requests] == [
        "/orgs/OWASP",
        "/search/issues",
        "/orgs/OWASP/repos",
    ]
    search = requests.pop(1)
    assert search.status == 200 and not search.conditional
    assert all(request.conditional and request.status == 304 for request in requests)
    assert report.repositories == {RepositoryOutcome.UNCHANGED: 8}
    assert report.feed["usable"] and report.feed["requests"] == 1
    assert not report.upserted


def test_no_change_full_resync_makes_only_conditional_requests_answered_304(run_sync, fake_github, github_dataset):
    run_sync()
    fake_github.reset_log()

    report = run_sync(full=True)

    assert report.ok, report.summary()
    requests = fake_github.requests()
    assert all(request.conditional and request.status == 304 for request in requests)
    # Per repository: languages, labels, releases, contributors, commits (one page each here) and issues pages.
    issue_pages = sum(max(1, math.ceil(len(repo.issues) / 100)) for repo in repos(github_dataset))
    assert len(requests) == 2 + 5 * 8 + issue_pages
    assert report.repositories == {RepositoryOutcome.SYNCED: 8}
    assert not {name: rows for name, rows in report.upserted.items() if name != "repositories"}
    assert_synced(github_dataset, ORG)


def test_incremental_resync_reads_only_changed_repositories_and_only_what_changed(
    run_sync, fake_github, github_dataset
):
    run_sync()
    dataset = github_dataset
    changed, untouched = repos(dataset)[0], repos(dataset)[1]
    author = next(iter(dataset.users))
    cursor = RepositorySyncState.objects.get(repository_id=changed.id).issues_since
    new_issue = dataset.add_issue(changed, author=author, title="A new issue")
    closed = next(i for i in changed.issues if i.state == "open" and not i.is_pull and i is not new_issue)
    dataset.update_issue(changed, closed.number, state="closed")
    fake_github.reset_log()

    report = run_sync()

    assert report.ok, report.summary()
    assert report.repositories == {RepositoryOutcome.SYNCED: 1, RepositoryOutcome.UNCHANGED: 7}
    assert not fake_github.requests(f"/repos/{untouched.full_name}/")
    issues_requests = fake_github.requests(f"/repos/{changed.full_name}/issues")
    assert len(issues_requests) == 1 and "since=" in issues_requests[0].target
    # The new and the closed issue, plus what was updated at the old cursor (`since` is inclusive).
    at_cursor = [i for i in changed.issues if not i.is_pull and i.updated == cursor.timestamp()]
    assert report.upserted["issues"] == 2 + len(at_cursor)
    assert Issue.objects.get(pk=new_issue.id).title == "A new issue"
    assert Issue.objects.get(pk=closed.id).state == "closed"
    assert_synced(dataset, ORG)


def test_changes_to_releases_labels_pulls_and_commits_are_picked_up(run_sync, github_dataset):
    run_sync()
    dataset = github_dataset
    repo = repos(dataset)[2]
    author = next(iter(dataset.users))
    release = dataset.add_release(repo, tag="v9.9.9", author=author, prerelease=True)
    dropped = next(iter(repo.labels))
    dataset.remove_label(repo, dropped)
    for item in repo.issues:  # GitHub removes a deleted label from its issues
        if dropped in item.labels:
            dataset.update_issue(repo, item.number, labels=tuple(label for label in item.labels if label != dropped))
    pull = dataset.add_issue(repo, author=author, title="Fix it", is_pull=True)
    dataset.update_issue(repo, pull.number, state="closed", merged=dataset.now())
    commit = dataset.add_commit(repo, author=author, message="Fix it\n\nLonger text")

    report = run_sync()

    assert report.ok, report.summary()
    assert Release.objects.get(pk=release.id).is_prerelease
    assert not Label.objects.filter(pk=dropped).exists()
    assert report.deleted["labels"] == 1
    assert PullRequest.objects.get(pk=pull.id).merged_at is not None
    assert Repository.objects.get(pk=repo.id).commits.get(sha=commit.sha).message == "Fix it"
    assert_synced(dataset, ORG)


def test_a_repository_deleted_upstream_is_marked_gone_and_keeps_its_rows(run_sync, github_dataset):
    run_sync()
    repo = repos(github_dataset)[3]
    issues_before = Issue.objects.filter(repository_id=repo.id).count()
    github_dataset.remove_repo(repo)

    report = run_sync()

    assert report.ok, report.summary()
    assert report.repositories[RepositoryOutcome.GONE] == 1
    repository = Repository.objects.get(pk=repo.id)
    assert repository.is_gone and repository.gone_at is not None
    assert Issue.objects.filter(repository=repository).count() == issues_before
    assert repository not in Repository.objects.present()


def test_single_repository_sync_and_a_404_marks_it_gone(run_sync, github_dataset, fake_github):
    repo = repos(github_dataset)[4]

    report = run_sync(repository=repo.name)

    assert report.ok, report.summary()
    assert list(Repository.objects.values_list("full_name", flat=True)) == [repo.full_name]
    github_dataset.remove_repo(repo)
    report = run_sync(repository=repo.name)
    assert report.repositories == {RepositoryOutcome.GONE: 1}
    assert Repository.objects.get(pk=repo.id).is_gone
    assert (
        run_sync(repository="no-such-repository").stopped == "repository OWASP/no-such-repository not found on GitHub"
    )


def test_a_new_repository_is_synced_and_the_others_stay_unchanged(run_sync, github_dataset):
    from devtools.fake_github.dataset import FakeRepo

    run_sync()
    org = github_dataset.organizations[ORG]
    org.repos["www-project-new"] = FakeRepo(id=777, owner=ORG, name="www-project-new", created=1.7e9, updated=1.7e9)

    report = run_sync()

    assert report.repositories == {RepositoryOutcome.SYNCED: 1, RepositoryOutcome.UNCHANGED: 8}
    assert RepositorySyncState.objects.get(repository_id=777).fingerprint
    assert_synced(github_dataset, ORG)
