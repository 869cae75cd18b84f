"""The APIs say how fresh each GitHub figure is: on a fresh install (the real OWASP sync, no GitHub sync) our own
figures are null, never 0, with a null ``github_synced_at``; after a GitHub sync against the fake GitHub they
are given with their source's sync time. Nest's wire fields keep their types."""

import pytest

from api.rest.serializers.common import api_time
from apps.github.models import Organization, ProjectFigures, Repository
from apps.github.services.status import github_status
from tests.api.graphql.conftest import graphql  # noqa: F401 - the fixture
from tests.api.rest.conftest import get_json, walk
from tests.theme.test_freshness import fresh_install, github_synced, not_connected  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

FIGURES = ("stars_count", "forks_count", "contributors_count", "open_issues_count", "repositories_count")
PROJECT_QUERY = """query($key: String!) { project(key: $key) {
  starsCount forksCount contributorsCount openIssuesCount issuesCount releasesCount repositoriesCount githubSyncedAt
  repositories { key githubSyncedAt organization { login githubSyncedAt } }
} statsOverview { contributorsStats openIssuesStats githubSyncedAt } }"""


def graphql_data(graphql, query, variables):  # noqa: F811
    body = graphql(query, variables)
    assert "errors" not in body, body
    return body["data"]


def test_a_fresh_install_gives_null_not_zero_and_no_sync_time(client, graphql, fresh_install):  # noqa: F811
    juice = fresh_install["www-project-juice-shop"]
    assert ProjectFigures.objects.get(project=juice).stars_count == 0  # the stored row; not what the APIs say

    items = walk(client, "/api/v0/projects/")
    detail = get_json(client, f"/api/v0/projects/{juice.short_key}")
    data = graphql_data(graphql, PROJECT_QUERY, {"key": juice.short_key})

    assert items
    for item in [*items, detail]:
        assert {name: item[name] for name in FIGURES} == dict.fromkeys(FIGURES)
        assert item["github_synced_at"] is None
        assert "GitHub not connected yet" in item["unknown_fields"]["stars_count"]
    project = data["project"]
    assert {name: value for name, value in project.items() if name != "repositories"} == {
        "starsCount": None,
        "forksCount": None,
        "contributorsCount": None,
        "openIssuesCount": None,
        "issuesCount": None,
        "releasesCount": None,
        "repositoriesCount": None,
        "githubSyncedAt": None,
    }
    assert data["statsOverview"] == {"contributorsStats": None, "openIssuesStats": None, "githubSyncedAt": None}


def test_after_a_github_sync_the_apis_give_each_figure_with_its_sync_time(client, graphql, github_synced):  # noqa: F811
    cheats = github_synced["cheats"]
    figures = ProjectFigures.objects.get(project=cheats)
    status = github_status()

    item = next(item for item in walk(client, "/api/v0/projects/") if item["key"] == cheats.short_key)
    detail = get_json(client, f"/api/v0/projects/{cheats.short_key}")
    repositories = walk(client, "/api/v0/repositories/")
    organizations = walk(client, "/api/v0/organizations/")
    members = get_json(client, "/api/v0/members/")["items"]
    data = graphql_data(graphql, PROJECT_QUERY, {"key": cheats.short_key})

    for body in (item, detail):
        assert body["stars_count"] == figures.stars_count and body["repositories_count"] == 2
        assert body["github_synced_at"] == api_time(figures.synced_at) is not None
        assert not {"stars_count", "repositories_count"} & set(body["unknown_fields"])
    synced = {repository.full_name: api_time(repository.synced_at) for repository in Repository.objects.all()}
    assert repositories and all(row["github_synced_at"] == synced[row["key"]] for row in repositories)
    assert {row["key"]: row["github_synced_at"] for row in detail["repositories"]} == {
        key: synced[key] for key in (row["key"] for row in detail["repositories"])
    }
    owasp = next(row for row in organizations if row["login"] == "OWASP")
    assert owasp["github_synced_at"] == api_time(Organization.objects.get(login="OWASP").last_synced_at)
    assert members and {row["github_synced_at"] for row in members} == {api_time(status.synced_at)}

    project = data["project"]
    assert project["starsCount"] == figures.stars_count and project["repositoriesCount"] == 2
    assert project["githubSyncedAt"] == figures.synced_at.isoformat()
    assert {row["githubSyncedAt"] for row in project["repositories"]} == {
        repository.synced_at.isoformat() for repository in Repository.objects.filter(project=cheats)
    }
    assert data["statsOverview"]["githubSyncedAt"] == status.synced_at.isoformat()
    assert data["statsOverview"]["contributorsStats"] is not None
