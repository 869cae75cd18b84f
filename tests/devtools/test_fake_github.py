"""The fake GitHub speaks GitHub's protocol: Link pagination, since/sort/state, ETags and 304s, replayed
recordings byte for byte, synthetic faults that say so, and a control API for other processes."""

import base64
import http.client
import json
import re
import subprocess
import sys

import httpx
import pytest

from devtools.fake_github import Dataset, FakeGitHub, folder_organization, load_recordings
from devtools.fake_github.contents import git_blob_sha
from devtools.fake_github.dataset import iso
from tests.conftest import PROJECT_DIR
from tests.fakes.github import ORG


def biggest(dataset):
    return max(dataset.organizations[ORG].repos.values(), key=lambda repo: len(repo.issues))


def test_listings_page_with_github_link_headers(fake_github, github_dataset):
    repo = biggest(github_dataset)
    url = f"{fake_github.url}/repos/{repo.full_name}/issues"

    first = httpx.get(url, params={"state": "all", "per_page": 50})
    second = httpx.get(first.links["next"]["url"])

    assert len(first.json()) == 50
    assert set(first.links) == {"next", "last"}
    assert set(second.links) >= {"prev", "first"}
    assert first.links["last"]["url"].endswith(f"page={-(-len(repo.issues) // 50)}")
    assert not {item["id"] for item in first.json()} & {item["id"] for item in second.json()}
    assert len(httpx.get(url, params={"state": "all", "per_page": 500}).json()) == min(100, len(repo.issues))


def test_issues_filter_by_state_and_since_and_sort_by_update(fake_github, github_dataset):
    repo = biggest(github_dataset)
    url = f"{fake_github.url}/repos/{repo.full_name}/issues"
    cursor = sorted(item.updated for item in repo.issues)[-30]
    since = iso(cursor)

    query = {"state": "all", "since": since, "sort": "updated", "direction": "asc", "per_page": 100}
    recent = httpx.get(url, params=query).json()
    default = httpx.get(url, params={"per_page": 100}).json()

    assert len(recent) == sum(1 for item in repo.issues if item.updated >= cursor)
    assert all(item["updated_at"] >= since for item in recent)
    assert [item["updated_at"] for item in recent] == sorted(item["updated_at"] for item in recent)
    assert {item["state"] for item in default} == {"open"}  # GitHub's default state
    assert sum(1 for item in recent if "pull_request" in item) == sum(
        1 for item in repo.issues if item.updated >= cursor and item.is_pull
    )


def test_etags_answer_304_until_an_item_on_the_page_changes(fake_github, github_dataset):
    repo = biggest(github_dataset)
    url = f"{fake_github.url}/repos/{repo.full_name}/issues?state=all&sort=created&direction=asc&per_page=100"
    first = httpx.get(url)
    etag = first.headers["ETag"]

    assert httpx.get(url, headers={"If-None-Match": etag}).status_code == 304
    github_dataset.update_issue(repo, repo.issues[0].number, title="Changed")
    changed = httpx.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()[0]["title"] == "Changed"
    assert changed.headers["ETag"] != etag


def test_recorded_responses_are_replayed_with_their_status_headers_and_body(data_dir):
    recordings = load_recordings(data_dir, ["releases/01"])
    recorded = recordings[0]
    with FakeGitHub(recordings=recordings) as fake:
        response = httpx.get(f"{fake.url}{recorded.target}")

    assert response.status_code == recorded.status == 200
    assert response.content == recorded.body.replace(b"https://api.github.com", fake.url.encode())
    assert response.headers["ETag"] == recorded.headers["ETag"]
    assert response.links["next"]["url"].startswith(f"{fake.url}/repositories/3544490/releases")


@pytest.mark.parametrize(
    ("kind", "options", "status", "header"),
    [
        ("primary_rate_limit", {}, 403, "X-RateLimit-Remaining"),
        ("secondary_rate_limit", {"retry_after": 5, "status": 429}, 429, "Retry-After"),
        ("server_error", {"status": 502}, 502, None),
        ("not_found", {}, 404, None),
    ],
)
def test_injected_faults_are_labelled_synthetic(fake_github, kind, options, status, header):
    fake_github.inject(kind, path="/orgs/OWASP", **options)

    response = httpx.get(f"{fake_github.url}/orgs/OWASP")

    assert response.status_code == status
    assert response.headers["X-Fake-GitHub-Fault"] == kind
    assert "(synthetic fault injected by the fake GitHub)" in response.json()["message"]
    if header:
        assert response.headers[header] == {"X-RateLimit-Remaining": "0", "Retry-After": "5"}[header]
    assert httpx.get(f"{fake_github.url}/orgs/OWASP").status_code == 200  # count=1: used up


def test_truncated_json_is_cut_in_half(fake_github):
    whole = httpx.get(f"{fake_github.url}/orgs/OWASP/repos").content
    fake_github.inject("truncated_json", path="/orgs/OWASP/repos")

    cut = httpx.get(f"{fake_github.url}/orgs/OWASP/repos")

    assert cut.status_code == 200 and cut.headers["X-Fake-GitHub-Fault"] == "truncated_json"
    assert cut.content == whole[: len(whole) // 2]
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)


def test_the_control_api_injects_faults_and_counts_requests(fake_github):
    created = httpx.post(f"{fake_github.url}/_fake/faults", json={"kind": "server_error", "count": 2})
    statuses = [httpx.get(f"{fake_github.url}/orgs/OWASP").status_code for _ in range(3)]
    stats = httpx.get(f"{fake_github.url}/_fake/stats").json()
    rejected = httpx.post(f"{fake_github.url}/_fake/faults", json={"kind": "meteor"})

    assert created.status_code == 201
    assert statuses == [500, 500, 200]
    assert stats["requests"] == 3 and stats["statuses"] == {"200": 1, "500": 2} and stats["faults_served"] == 2
    assert rejected.status_code == 422 and "unknown fault kind" in rejected.json()["message"]
    assert httpx.delete(f"{fake_github.url}/_fake/faults").status_code == 204
    assert httpx.post(f"{fake_github.url}/_fake/reset").status_code == 204
    assert httpx.get(f"{fake_github.url}/_fake/stats").json()["requests"] == 0


def test_gone_and_empty_repositories_answer_like_github(fake_github, github_dataset):
    repos = sorted(github_dataset.organizations[ORG].repos.values(), key=lambda repo: repo.name)
    repos[0].empty = True
    github_dataset.remove_repo(repos[1])

    assert httpx.get(f"{fake_github.url}/repos/{repos[0].full_name}/commits").status_code == 409
    assert httpx.get(f"{fake_github.url}/repos/{repos[0].full_name}/contributors").status_code == 204
    assert httpx.get(f"{fake_github.url}/repos/{repos[1].full_name}").status_code == 404
    listed = {repo["name"] for repo in httpx.get(f"{fake_github.url}/orgs/OWASP/repos?per_page=100").json()}
    assert repos[1].name not in listed and repos[0].name in listed


@pytest.mark.slow
def test_run_fake_github_serves_a_generated_organization_until_stopped(child_env):
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_fake_github", "--port", "0", "--repos", "5", "--issues", "50"],
        cwd=PROJECT_DIR,
        env={**child_env, "NEST_EMBEDDED_PG_AUTOSTART": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = process.stdout.readline()
        base = re.search(r"http://127\.0\.0\.1:\d+", first).group()
        repos = httpx.get(f"{base}/orgs/OWASP/repos", timeout=10).json()
        stats = httpx.get(f"{base}/_fake/stats", timeout=10).json()
    finally:
        process.terminate()
        process.wait(timeout=20)

    assert "OWASP with 5 repositories" in first
    assert len(repos) == 5 and stats["requests"] == 1


def test_simulated_activity_adds_and_closes_issues(fake_github, github_dataset):
    repos = github_dataset.organizations[ORG].repos
    before = {name: (len(repo.issues), repo.open_issues_count) for name, repo in repos.items()}

    changed = httpx.post(f"{fake_github.url}/_fake/changes", json={"org": ORG, "repositories": 2}).json()["changed"]

    assert len(changed) == 2
    for full_name in changed:
        name = full_name.split("/", 1)[1]
        count, open_count = before[name]
        assert len(repos[name].issues) == count + 1
        assert repos[name].open_issues_count in (open_count, open_count + 1)  # one opened, one closed if any
        assert repos[name].issues[-1].title == "New issue (simulated activity)"


@pytest.fixture
def folder_github(data_dir):
    """The fake serving the real data pack's folders (read in place) as the OWASP organization's repositories."""
    dataset = Dataset()
    folder_organization(dataset, data_dir, ORG)
    with FakeGitHub(dataset) as fake:
        yield fake


def test_a_folder_is_served_as_contents_trees_and_blobs_with_real_blob_ids(folder_github, data_dir):
    repo = f"/repos/{ORG}/www-project-juice-shop"
    index_md = (data_dir / "owasp-repos/www-project-juice-shop/index.md").read_bytes()

    top = httpx.get(f"{folder_github.url}{repo}/git/trees/HEAD").json()["tree"]
    full = httpx.get(f"{folder_github.url}{repo}/git/trees/HEAD", params={"recursive": "1"}).json()["tree"]
    entry = next(item for item in full if item["path"] == "index.md")
    blob = httpx.get(f"{folder_github.url}{repo}/git/blobs/{entry['sha']}").json()
    listing = httpx.get(f"{folder_github.url}/repos/{ORG}/owasp.github.io/contents/_data").json()

    assert entry["sha"] == git_blob_sha(index_md)
    assert base64.b64decode(blob["content"]) == index_md
    assert all(len(line) <= 60 for line in blob["content"].splitlines())
    assert {"_data", "index.md"} <= {item["path"] for item in top}
    assert not [item for item in top if "/" in item["path"]]
    assert "_data/challenges.yml" in {item["path"] for item in full}
    assert {item["name"] for item in listing} >= {"projects.json", "chapters.json", "leaders.json"}


def test_a_folder_repository_answers_like_github_where_files_are_missing(folder_github):
    def status(path):
        return httpx.get(f"{folder_github.url}/repos/{ORG}/{path}").status_code

    assert status("owasp-mastg/git/trees/HEAD") == 409  # listed, but no files: an empty repository
    assert status("www-project-nothing/git/trees/HEAD") == 404
    assert status(f"www-project-juice-shop/git/blobs/{'0' * 40}") == 404
    assert status("owasp.github.io/contents/_data/nothing.json") == 404
    # Never outside the folder: the site repository is <data>/owasp-site, and <data>/README.md exists.
    connection = http.client.HTTPConnection("127.0.0.1", folder_github.port, timeout=5)
    connection.request("GET", f"/repos/{ORG}/owasp.github.io/contents/../README.md")
    assert connection.getresponse().status == 404
    connection.close()
    names = [repo["name"] for repo in httpx.get(f"{folder_github.url}/orgs/{ORG}/repos?per_page=100").json()]
    assert {"owasp.github.io", "owasp-mastg", "www-project-juice-shop"} <= set(names)
