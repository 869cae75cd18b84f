"""The change feed: an hourly run finds, through GitHub's search, the edits a repository listing does not show,
and writes exactly those; over the search's 1,000-result cap, or when search fails, it reads each repository's
own listing instead; the search API's own rate limit is waited for without holding back the rest."""

import pytest

from apps.github.models import Issue, Organization, PullRequest
from apps.github.sync import RepositoryOutcome
from tests.apps.github.conftest import ORG
from tests.fakes.github import SleepRecorder, assert_synced

pytestmark = pytest.mark.django_db


def repos(dataset):
    return sorted(dataset.organizations[ORG].repos.values(), key=lambda repo: repo.name)


def with_issues(dataset):
    return [repo for repo in repos(dataset) if any(not item.is_pull for item in repo.issues)]


def test_an_hourly_run_stores_edits_the_listing_does_not_show(run_sync, fake_github, github_dataset):
    run_sync()
    dataset = github_dataset
    watermark = Organization.objects.get(login=ORG).changes_since
    assert watermark is not None
    titled, labelled, commented = with_issues(dataset)[:3]
    edited = next(item for item in titled.issues if not item.is_pull)
    dataset.edit_issue(titled, edited.number, title="A sharper title")
    relabelled = next(item for item in labelled.issues if not item.is_pull)
    label_ids = tuple(sorted(labelled.labels))[:2]
    dataset.edit_issue(labelled, relabelled.number, labels=label_ids)
    discussed = next(item for item in commented.issues if not item.is_pull)
    dataset.add_comment(commented, discussed.number)
    pull_repo = next(repo for repo in repos(dataset) if any(i.is_pull and i.state == "open" for i in repo.issues))
    pull = next(item for item in pull_repo.issues if item.is_pull and item.state == "open")
    dataset.update_issue(pull_repo, pull.number, state="closed")  # moves the open count: the listing shows it
    fake_github.reset_log()

    report = run_sync()

    assert report.ok, report.summary()
    assert Issue.objects.get(pk=edited.id).title == "A sharper title"
    assert set(Issue.objects.get(pk=relabelled.id).labels.values_list("id", flat=True)) == set(label_ids)
    assert Issue.objects.get(pk=discussed.id).comments_count == discussed.comments
    assert PullRequest.objects.get(pk=pull.id).state == "closed"
    # One search found the three edits; their repositories cost no request of their own.
    assert fake_github.count(r"^/search/issues\?") == 1
    for repo in (titled, labelled, commented):
        if repo is not pull_repo:
            assert not fake_github.requests(f"/repos/{repo.full_name}/")
    assert report.feed["usable"] and report.feed["items"] >= 3
    assert report.repositories[RepositoryOutcome.SYNCED] == 1  # the one whose listing entry moved
    assert Organization.objects.get(login=ORG).changes_since > watermark
    assert_synced(dataset, ORG)


def test_a_feed_over_the_search_cap_falls_back_to_each_repositorys_listing(run_sync, fake_github, github_dataset):
    dataset = github_dataset
    author = next(iter(dataset.users))
    for repo in repos(dataset):
        for _ in range(120):
            dataset.add_issue(repo, author=author, title="Bulk issue")
    run_sync()
    changed = 0
    for repo in repos(dataset):
        for item in list(repo.issues):
            dataset.edit_issue(repo, item.number, title=f"Retitled {item.number}")
            changed += 1
    assert changed > 1_000
    fake_github.reset_log()

    report = run_sync()

    assert report.ok, report.summary()
    assert not report.feed["usable"] and "more than search serves" in report.feed["reason"]
    assert fake_github.count(r"^/search/issues\?") == 1  # its first page said how many: no use reading on
    for repo in repos(dataset):
        assert fake_github.count(rf"^/repos/{repo.full_name}/issues\?.*since=")
    assert not Issue.objects.exclude(title__startswith="Retitled").exists()
    assert_synced(dataset, ORG)


def test_a_failing_search_falls_back_and_keeps_the_watermark_moving(run_sync, fake_github, github_dataset):
    run_sync()
    repo = with_issues(github_dataset)[0]
    item = next(item for item in repo.issues if not item.is_pull)
    github_dataset.edit_issue(repo, item.number, title="Edited while search is down")
    fake_github.inject("server_error", path="/search/issues", count=-1)

    report = run_sync()

    assert report.ok, report.summary()
    assert not report.feed["usable"] and "search failed" in report.feed["reason"]
    assert Issue.objects.get(pk=item.id).title == "Edited while search is down"
    assert_synced(github_dataset, ORG)


def test_the_search_rate_limit_is_waited_for_without_holding_back_core_requests(run_sync, fake_github, github_dataset):
    fake_github.search_rate_limit = 1
    run_sync()  # the first run: no watermark yet, no search
    run_sync()  # one search: the minute's budget is spent
    repo = with_issues(github_dataset)[0]
    item = next(item for item in repo.issues if not item.is_pull)
    github_dataset.edit_issue(repo, item.number, title="Edited in a busy minute")
    sleep = SleepRecorder(on_sleep=lambda seconds: fake_github.reset_search_window())
    fake_github.reset_log()

    report = run_sync(client_options={"sleep": sleep})

    assert report.ok, report.summary()
    # The 403 (remaining 0, resource search) made the client wait for the search window, about a minute, once.
    assert fake_github.count(r"^/search/issues\?", 403) == 1
    assert fake_github.count(r"^/search/issues\?", 200) == 1
    assert len(sleep.calls) == 1 and 0 < sleep.calls[0] <= 62
    assert Issue.objects.get(pk=item.id).title == "Edited in a busy minute"
    assert_synced(github_dataset, ORG)


def test_an_hourly_run_without_a_watermark_reads_each_repositorys_listing_and_starts_one(
    run_sync, fake_github, github_dataset
):
    """A synced organization without a watermark (one stored before the feed existed, or a run whose feed step
    never completed) has no feed to ask: the hourly run must not skip the edits its listing does not show. It
    reads each unchanged repository's own issue listing (from its cursor), then stores the watermark."""
    run_sync()
    Organization.objects.filter(login=ORG).update(changes_since=None)
    repo = with_issues(github_dataset)[0]
    item = next(item for item in repo.issues if not item.is_pull)
    github_dataset.edit_issue(repo, item.number, title="Edited before any watermark")
    fake_github.reset_log()

    report = run_sync()

    assert report.ok, report.summary()
    assert not fake_github.count(r"^/search/issues\?")  # no watermark: nothing to ask search since
    assert not report.feed["usable"] and "no watermark" in report.feed["reason"]
    assert report.feed["listings_read"] == len(repos(github_dataset))  # none synced this run: all unchanged
    assert report.repositories == {RepositoryOutcome.UNCHANGED: len(repos(github_dataset))}
    for other in repos(github_dataset):
        assert fake_github.count(rf"^/repos/{other.full_name}/issues\?.*since=")
    assert Issue.objects.get(pk=item.id).title == "Edited before any watermark"
    assert Organization.objects.get(login=ORG).changes_since is not None
    assert_synced(github_dataset, ORG)

    # The next hourly run has the watermark: one search, no listing per repository.
    fake_github.reset_log()
    report = run_sync()
    assert report.ok and report.feed["usable"]
    assert fake_github.count(r"^/search/issues\?") == 1
    assert not fake_github.count(r"^/repos/[^/]+/[^/]+/issues\?")
