"""The GitHub client against the fake GitHub: Link pagination over recorded pages, conditional requests,
rate-limit pauses (with an injected sleep, so nothing really waits), retries, and its errors."""

import time

import pytest

from apps.github.client import (
    GitHubClient,
    GitHubUnavailable,
    MalformedResponse,
    NotFound,
    RateLimitExceeded,
    RequestFailed,
)
from devtools.fake_github import FakeGitHub, load_recordings
from tests.fakes.github import SleepRecorder, make_client

OCTOKIT_ISSUES = "/repos/octokit-fixture-org/tmp-scenario-paginate-issues-20220719043836917-izyoe/issues"


@pytest.fixture
def replay(data_dir):
    """A fake GitHub replaying only the recordings named (``scenario/`` or ``scenario/NN-name`` prefixes)."""
    fakes = []

    def start(*names: str) -> FakeGitHub:
        fake = FakeGitHub(recordings=load_recordings(data_dir, list(names))).start()
        fakes.append(fake)
        return fake

    yield start
    for fake in fakes:
        fake.stop()


def test_link_pagination_walks_the_recorded_octokit_issue_pages(replay):
    fake = replay("issues/0")
    client = make_client(fake)

    pages = list(client.paginate(OCTOKIT_ISSUES, {"per_page": 3}))

    assert [len(page.items) for page in pages] == [3, 3, 3, 3, 1]
    assert [item["number"] for page in pages for item in page.items] == list(range(13, 0, -1))
    # After page 1, GitHub's Link header switches to /repositories/<id>/...; the client follows it as given.
    assert pages[1].state.url == f"{fake.url}/repositories/515435940/issues?per_page=3&page=2"
    assert pages[-1].state.next_url is None
    assert [entry.target for entry in fake.log][1:] == [
        f"/repositories/515435940/issues?per_page=3&page={page}" for page in range(2, 6)
    ]


def test_link_pagination_over_recorded_releases_and_contributors(replay):
    fake = replay("releases/01", "releases/02", "releases/03", "contributors/01", "contributors/02")
    client = make_client(fake)

    releases = [
        item for page in client.paginate("/repos/PyGithub/PyGithub/releases", {"per_page": 10}) for item in page.items
    ]
    contributors = list(client.paginate("/repos/sigmavirus24/github3.py/contributors", {"per_page": 100}))

    assert len(releases) == 30 and len({release["id"] for release in releases}) == 30
    assert [len(page.items) for page in contributors] == [100, 2]


def test_pages_known_from_last_time_are_asked_conditionally_and_answer_304(fake_github):
    client = make_client(fake_github)
    first = list(client.paginate("/orgs/OWASP/repos", {"per_page": 3}))
    fake_github.reset_log()

    second = list(client.paginate("/orgs/OWASP/repos", {"per_page": 3}, known=[p.state.as_dict() for p in first]))

    assert [page.not_modified for page in second] == [True, True, True]
    assert [page.state for page in second] == [page.state for page in first]  # the saved next URLs led the walk
    assert all(entry.conditional and entry.status == 304 for entry in fake_github.log)


def test_recorded_etag_answers_304_to_if_none_match(replay):
    fake = replay("repo/07", "repo/08")
    client = make_client(fake)

    response = client.get("/repos/akfish/PyGithub")
    again = client.get("/repos/akfish/PyGithub", etag=response.etag)

    assert response.status == 200 and response.data["full_name"] == "akfish/PyGithub"
    assert again.not_modified and again.data is None
    assert client.stats.statuses == {"200": 1, "304": 1}


def test_the_token_is_sent_as_a_bearer_and_its_absence_sends_nothing(fake_github):
    make_client(fake_github, token="secret").get("/orgs/OWASP")
    make_client(fake_github, token="").get("/orgs/OWASP")

    assert [entry.authorization for entry in fake_github.log] == ["Bearer", ""]


def test_a_recorded_500_then_200_is_retried_with_backoff(replay):
    fake = replay("errors/06", "errors/07")
    sleep = SleepRecorder()

    response = make_client(fake, sleep=sleep).get("/repos/PyGithub/PyGithub")

    assert response.data["full_name"] == "PyGithub/PyGithub"
    assert [entry.status for entry in fake.log] == [500, 200]
    assert sleep.calls == [1.0]


def test_a_recorded_503_html_page_is_retried_then_reported_unavailable(replay):
    fake = replay("errors/12")
    sleep = SleepRecorder()
    client = make_client(fake, sleep=sleep, max_retries=3)

    with pytest.raises(GitHubUnavailable, match="HTTP 503 after 4 attempts"):
        client.get("/users/jacquev6")

    assert sleep.calls == [1.0, 2.0, 4.0]  # exponential backoff
    assert client.stats.retries == 3


@pytest.mark.parametrize(
    ("recording", "path", "error", "status", "message"),
    [
        ("errors/03", "/repos/jacquev6/Xxx", NotFound, 404, "Not Found"),
        ("errors/01", "/user", RequestFailed, 401, "Bad credentials"),
        ("errors/02", "/orgs/BeaverSoftware/members/Lyloa", RequestFailed, 403, "You need to be a member"),
        ("rate-limit/02", "/user", RequestFailed, 403, "Max number of login attempt exceeded"),
    ],
)
def test_recorded_client_errors_raise_without_retrying(replay, recording, path, error, status, message):
    fake = replay(recording)
    client = make_client(fake)

    with pytest.raises(error, match=message) as raised:
        client.get(path)

    assert raised.value.status == status
    assert len(fake.log) == 1 and client.stats.retries == 0


def test_primary_rate_limit_sleeps_until_the_reset_then_resumes(fake_github):
    fake_github.inject("primary_rate_limit", path="/orgs/OWASP", reset_in=30)
    sleep = SleepRecorder()

    response = make_client(fake_github, sleep=sleep).get("/orgs/OWASP")

    assert response.status == 200
    assert len(sleep.calls) == 1 and 29 <= sleep.calls[0] <= 32
    assert [entry.status for entry in fake_github.log] == [403, 200]


def test_primary_rate_limit_as_429_is_handled_the_same(fake_github):
    fake_github.inject("primary_rate_limit", path="/orgs/OWASP", status=429, reset_in=10)
    sleep = SleepRecorder()

    make_client(fake_github, sleep=sleep).get("/orgs/OWASP")

    assert len(sleep.calls) == 1 and 9 <= sleep.calls[0] <= 12


def test_secondary_rate_limit_honours_retry_after(fake_github):
    fake_github.inject("secondary_rate_limit", path="/orgs/OWASP", retry_after=7)
    sleep = SleepRecorder()

    make_client(fake_github, sleep=sleep).get("/orgs/OWASP")

    assert sleep.calls == [7.0]


def test_secondary_rate_limit_without_retry_after_waits_a_minute_then_doubles(fake_github):
    fake_github.inject("secondary_rate_limit", path="/orgs/OWASP", retry_after=None, count=3)
    sleep = SleepRecorder()

    client = make_client(fake_github, sleep=sleep)
    client.get("/orgs/OWASP")

    assert sleep.calls == [60.0, 120.0, 240.0]
    assert client.stats.rate_limit_waits == 3 and client.stats.waited_seconds == 420.0


def test_a_pause_longer_than_max_wait_raises_with_the_resume_time(fake_github):
    fake_github.inject("primary_rate_limit", path="/orgs/OWASP", reset_in=3600)
    sleep = SleepRecorder()

    with pytest.raises(RateLimitExceeded, match="more than the 600 s allowed") as raised:
        make_client(fake_github, sleep=sleep, max_wait=600).get("/orgs/OWASP")

    assert sleep.calls == []
    assert time.time() + 3500 < raised.value.resume_at < time.time() + 3700


def test_an_exhausted_budget_in_the_headers_pauses_before_the_next_request(fake_github):
    fake_github.rate_limit = 2
    sleep = SleepRecorder(on_sleep=lambda seconds: fake_github.reset_rate_window())
    client = make_client(fake_github, sleep=sleep)

    client.get("/orgs/OWASP")
    client.get("/orgs/OWASP")  # X-RateLimit-Remaining: 0 in this answer
    assert sleep.calls == []
    client.get("/orgs/OWASP")

    assert len(sleep.calls) == 1 and 3500 < sleep.calls[0] <= 3601
    assert [entry.status for entry in fake_github.log] == [200, 200, 200]


def test_a_timeout_is_retried(fake_github):
    fake_github.inject("timeout", path="/orgs/OWASP", delay=0.6)
    sleep = SleepRecorder()
    client = make_client(fake_github, sleep=sleep, timeout=0.2)

    assert client.get("/orgs/OWASP").status == 200

    assert client.stats.statuses["timeout"] == 1 and sleep.calls == [1.0]


def test_truncated_json_raises_malformed_response_and_is_not_retried(fake_github):
    fake_github.inject("truncated_json", path="/orgs/OWASP/repos")
    client = make_client(fake_github)

    with pytest.raises(MalformedResponse, match="invalid JSON") as raised:
        list(client.paginate("/orgs/OWASP/repos", {"per_page": 3}))

    assert raised.value.next_url and raised.value.next_url.endswith("page=2")  # the walk can go on
    assert len(fake_github.log) == 1


def test_a_304_to_an_unconditional_request_is_malformed(fake_github):
    fake_github.inject("not_modified", path="/orgs/OWASP")

    with pytest.raises(MalformedResponse, match="sent no If-None-Match"):
        make_client(fake_github).get("/orgs/OWASP")


def test_an_unreachable_server_raises_unavailable_after_retries():
    sleep = SleepRecorder()
    client = GitHubClient("http://127.0.0.1:9", "", sleep=sleep, max_retries=2, timeout=1)

    with pytest.raises(GitHubUnavailable, match="network-error"):
        client.get("/orgs/OWASP")

    assert sleep.calls == [1.0, 2.0]
    assert client.stats.statuses == {"network-error": 3}


def test_an_exhausted_search_budget_holds_back_search_only(github_dataset):
    """The search API's own rate limit (30 a minute, X-RateLimit-Resource: search) is kept apart from the core
    budget: once search is spent, core requests go on at once and only the next search waits for its window."""
    with FakeGitHub(github_dataset, search_rate_limit=1) as fake:
        sleep = SleepRecorder(on_sleep=lambda seconds: fake.reset_search_window())
        client = make_client(fake, sleep=sleep)
        first = client.get("/search/issues", {"q": "org:OWASP updated:>=2026-01-01T00:00:00Z"})
        assert first.headers["X-RateLimit-Resource"] == "search" and first.headers["X-RateLimit-Remaining"] == "0"
        assert client.rate_remaining == {"search": 0}

        client.get("/orgs/OWASP")  # core: not held back
        assert sleep.calls == []

        again = client.get("/search/issues", {"q": "org:OWASP updated:>=2026-01-01T00:00:00Z"})
        assert again.status == 200
        assert len(sleep.calls) == 1 and 0 < sleep.calls[0] <= 62  # waited for the search window, before asking
        assert fake.count(r"^/search/issues", 403) == 0
        client.close()
