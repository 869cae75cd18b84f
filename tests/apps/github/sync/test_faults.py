"""Each fault the fake GitHub can inject, during a sync: afterwards nothing is lost or duplicated, and the
next run completes. Faults are injected on the issues listing of the third repository (of eight)."""

import pytest

from apps.github.models import Issue, PullRequest, Repository, RepositorySyncState
from apps.github.sync import RepositoryOutcome
from tests.apps.github.conftest import ORG
from tests.fakes.github import SleepRecorder, assert_synced, db_totals, generated_totals

pytestmark = pytest.mark.django_db


def ordered(dataset):
    """Repositories in the order the sync meets them (the listing is sorted by full name)."""
    return sorted(dataset.organizations[ORG].repos.values(), key=lambda repo: repo.full_name.lower())


TRANSIENT_FAULTS = {
    "primary rate limit, 403": ({"kind": "primary_rate_limit", "reset_in": 2}, "rate"),
    "primary rate limit, 429": ({"kind": "primary_rate_limit", "status": 429, "reset_in": 2}, "rate"),
    "secondary rate limit with Retry-After": ({"kind": "secondary_rate_limit", "retry_after": 30}, 30.0),
    "secondary rate limit without Retry-After": ({"kind": "secondary_rate_limit", "retry_after": None}, 60.0),
    "two 500s": ({"kind": "server_error", "count": 2}, "backoff"),
    "a 502": ({"kind": "server_error", "status": 502}, "backoff"),
    "a timeout": ({"kind": "timeout", "delay": 0.8}, "backoff"),
}


@pytest.mark.parametrize("fault", TRANSIENT_FAULTS.values(), ids=TRANSIENT_FAULTS.keys())
def test_transient_faults_pause_or_retry_and_the_run_completes(fault, run_sync, fake_github, github_dataset):
    options, expected_pause = fault
    target = ordered(github_dataset)[2]
    fake_github.inject(path=f"/repos/{target.full_name}/issues", **options)
    sleep = SleepRecorder()

    report = run_sync(client_options={"sleep": sleep, "timeout": 0.3})

    assert report.ok, report.summary()
    assert report.repositories == {RepositoryOutcome.SYNCED: 8}
    assert_synced(github_dataset, ORG)
    assert [entry.fault for entry in fake_github.log if entry.fault] == [options["kind"]] * options.get("count", 1)
    if expected_pause == "rate":
        assert len(sleep.calls) == 1 and 1 <= sleep.calls[0] <= 4  # until X-RateLimit-Reset (+1 s)
    elif expected_pause == "backoff":
        assert sleep.calls == [1.0, 2.0][: options.get("count", 1)]  # exponential backoff
    else:
        assert sleep.calls == [expected_pause]
    assert report.requests["rate_limit_waits"] == (0 if expected_pause == "backoff" else 1)
    assert run_sync().repositories == {RepositoryOutcome.UNCHANGED: 8}


PERSISTENT_FAULTS = {
    "truncated JSON": ({"kind": "truncated_json"}, "issues", "invalid JSON"),
    "500 on every retry": ({"kind": "server_error", "count": -1}, "issues", "HTTP 500 after 4 attempts"),
    "spurious 304 to an unconditional request": ({"kind": "not_modified"}, "issues", "304 Not Modified"),
}


@pytest.mark.parametrize("fault", PERSISTENT_FAULTS.values(), ids=PERSISTENT_FAULTS.keys())
def test_failing_resources_are_reported_and_skipped_and_the_next_run_completes(
    fault, run_sync, fake_github, github_dataset
):
    options, resource, message = fault
    target = ordered(github_dataset)[2]
    fake_github.inject(path=f"/repos/{target.full_name}/issues", **options)

    report = run_sync()

    assert not report.stopped
    assert (report.errors[0]["repository"], report.errors[0]["resource"]) == (target.full_name, resource)
    assert message in report.errors[0]["error"]
    assert report.repositories[RepositoryOutcome.SYNCED] == 7
    assert report.repositories[RepositoryOutcome.PARTIAL] == 1
    state = RepositorySyncState.objects.get(repository_id=target.id)
    assert state.failures == 1 and message in state.last_error and not state.fingerprint
    # Everything else of that repository was written; its issues were not (and not half-written).
    assert not Issue.objects.filter(repository_id=target.id).exists()
    expected = generated_totals(github_dataset, ORG)
    assert db_totals(ORG)["issues"] == expected["issues"] - sum(1 for i in target.issues if not i.is_pull)
    fake_github.clear_faults()

    report = run_sync()

    assert report.ok, report.summary()
    assert report.repositories == {RepositoryOutcome.SYNCED: 1, RepositoryOutcome.UNCHANGED: 7}
    assert_synced(github_dataset, ORG)
    assert RepositorySyncState.objects.get(repository_id=target.id).failures == 0


def test_a_page_failing_mid_listing_keeps_what_was_read_and_the_next_run_reads_the_rest(
    run_sync, fake_github, github_dataset
):
    target = max(ordered(github_dataset), key=lambda repo: len(repo.issues))
    assert len(target.issues) > 100
    fake_github.inject("truncated_json", path=f"/repos/{target.full_name}/issues", skip=1)  # page 2

    report = run_sync()

    assert [e["resource"] for e in report.errors] == ["issues"]
    stored = (
        Issue.objects.filter(repository_id=target.id).count()
        + PullRequest.objects.filter(repository_id=target.id).count()
    )
    assert stored == 100  # page 1 kept; the cursor moved to its newest update
    report = run_sync()
    assert report.ok, report.summary()
    assert_synced(github_dataset, ORG)


def test_a_404_marks_the_repository_gone_and_it_comes_back_when_github_serves_it_again(
    run_sync, fake_github, github_dataset
):
    target = ordered(github_dataset)[2]
    fake_github.inject("not_found", path=f"/repos/{target.full_name}/", count=-1)

    report = run_sync()

    assert report.repositories == {RepositoryOutcome.SYNCED: 7, RepositoryOutcome.GONE: 1}
    assert Repository.objects.get(pk=target.id).is_gone
    fake_github.clear_faults()
    report = run_sync()
    assert report.repositories == {RepositoryOutcome.SYNCED: 1, RepositoryOutcome.UNCHANGED: 7}
    assert not Repository.objects.get(pk=target.id).is_gone
    assert_synced(github_dataset, ORG)


def test_a_synced_repository_answering_404_then_back_with_the_same_listing_entry_is_present_again(
    run_sync, fake_github, github_dataset
):
    target = ordered(github_dataset)[2]
    run_sync()
    fake_github.inject("not_found", path=f"/repos/{target.full_name}/", count=-1)

    assert run_sync(full=True).repositories[RepositoryOutcome.GONE] == 1
    fake_github.clear_faults()
    report = run_sync()  # its listing entry never changed: only the cleared fingerprint brings it back

    assert report.repositories == {RepositoryOutcome.SYNCED: 1, RepositoryOutcome.UNCHANGED: 7}
    assert not Repository.objects.get(pk=target.id).is_gone
    assert_synced(github_dataset, ORG)


def test_a_malformed_listing_page_is_reported_and_the_next_run_completes(
    run_sync, fake_github, github_dataset, without_owasp_data
):
    """No OWASP pages, so no first pass: the full listing meets the fault."""
    fake_github.inject("truncated_json", path=f"/orgs/{ORG}/repos")

    report = run_sync()

    assert report.errors and report.errors[0]["resource"] == "repository listing"
    assert "invalid JSON" in report.errors[0]["error"]
    assert not Repository.objects.exists()
    assert run_sync().ok
    assert_synced(github_dataset, ORG)


def test_a_rate_limit_longer_than_allowed_stops_the_run_and_the_next_run_resumes(run_sync, fake_github, github_dataset):
    repos = ordered(github_dataset)
    fake_github.inject("primary_rate_limit", path=f"/repos/{repos[3].full_name}/labels", reset_in=7200)

    report = run_sync(client_options={"max_wait": 900})

    assert "rate limit" in report.stopped and "resumes" in report.stopped
    assert report.repositories == {RepositoryOutcome.SYNCED: 3}
    assert set(Repository.objects.values_list("id", flat=True)) == {repo.id for repo in repos[:3]}
    fake_github.reset_log()

    report = run_sync()

    assert report.ok, report.summary()
    assert report.repositories == {RepositoryOutcome.SYNCED: 5, RepositoryOutcome.UNCHANGED: 3}
    for done in repos[:3]:
        # No watermark yet (the first run never completed): no edit it missed is skipped, at one request each,
        # its issue listing from its own cursor, and nothing else of it.
        asked = fake_github.requests(f"/repos/{done.full_name}/")
        assert [(r.target.split("?")[0].rsplit("/", 1)[-1], r.status) for r in asked] == [("issues", 200)]
        assert "since=" in asked[0].target
    assert_synced(github_dataset, ORG)


def test_primary_limit_exhausted_in_headers_pauses_before_the_next_request(run_sync, fake_github, github_dataset):
    fake_github.rate_limit = 10  # the fake reports X-RateLimit-Remaining: 0 after ten counted requests
    sleep = SleepRecorder(on_sleep=lambda seconds: fake_github.reset_rate_window())

    report = run_sync(client_options={"sleep": sleep, "max_wait": 7200})

    assert report.ok, report.summary()
    counted = sum(1 for entry in fake_github.log if entry.status != 304)
    assert len(sleep.calls) == (counted - 1) // 10  # one pause per exhausted window, before the next request
    assert all(3500 < pause <= 3601 for pause in sleep.calls)  # until X-RateLimit-Reset, an hour away
    assert not [entry for entry in fake_github.log if entry.status == 403]  # it never hit the wall
    assert_synced(github_dataset, ORG)


def test_github_failing_for_several_repositories_in_a_row_stops_the_run(run_sync, fake_github, github_dataset):
    fake_github.inject("server_error", path="/repos/", count=-1)

    report = run_sync(client_options={"max_retries": 0})

    assert "GitHub unavailable" in report.stopped
    assert report.repositories == {RepositoryOutcome.FAILED: 3}
    assert not Repository.objects.exists()
    fake_github.clear_faults()
    assert run_sync().ok
    assert_synced(github_dataset, ORG)


def test_an_unreachable_github_gives_a_clear_report_not_an_exception(settings):
    from apps.github.client import GitHubClient
    from apps.github.sync import sync_github

    client = GitHubClient("http://127.0.0.1:9", "", sleep=SleepRecorder(), max_retries=1, timeout=1)

    report = sync_github(ORG, client=client)

    assert report.stopped.startswith("GitHub unavailable at http://127.0.0.1:9")
    assert report.requests["statuses"] == {"network-error": 2}
    assert not Repository.objects.exists()


def test_an_unknown_organization_stops_the_run_with_a_clear_message(run_sync):
    report = run_sync("no-such-organization")

    assert report.stopped.startswith("organization no-such-organization not found on GitHub")
    assert not Repository.objects.exists()
