"""Fixtures of the REST API's tests: a fresh API cache per test, GitHub data from the recorded responses or
from the fake GitHub through the real sync, and small request helpers."""

import pytest

from api.rest.caching import bump_data_version
from tests import factories
from tests.fakes.github import ORG, fake_github, github_dataset, sync_from

__all__ = ["ORG", "fake_github", "github_dataset"]


@pytest.fixture(autouse=True)
def fresh_api_cache():
    """Rows change between tests without a sync or a publish (each test's transaction is rolled back): every
    test starts on a new API data version, so no response or count cached by another test is served."""
    bump_data_version("test")
    yield
    bump_data_version("test")


@pytest.fixture
def synced_github(fake_github, github_dataset):
    """The fake GitHub's generated OWASP organization (8 repositories: issues, pull requests, milestones,
    labels, releases, contributors, commits) and its recorded ones, stored by the real ``sync_github``."""
    report = sync_from(fake_github)
    assert report.ok, report.summary()
    return github_dataset.organizations[ORG]


@pytest.fixture
def project_site(data_dir):
    """Real synced projects (a few plus Juice Shop, Dependency-Check, Cheat Sheets and ZAP) with the recorded
    PyGithub repository linked to Juice Shop, figures and a week of health records."""
    return factories.project_site(data_dir, limit=5, health_days=7)


def get_json(client, url, params=None, status=200, **headers):
    response = client.get(url, params or {}, **headers)
    assert response.status_code == status, (url, params, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


def walk(client, url, params=None) -> list[dict]:
    """Every item of a list, page after page by number."""
    items, page = [], 1
    while True:
        body = get_json(client, url, {**(params or {}), "page": page})
        items += body["items"]
        if not body["has_next"]:
            return items
        page += 1
