"""A deep query runs the same number of SQL queries whatever its size: every nested list is batched by the
request's loaders over all its parents (2 projects or 10, 3 chapters or 12)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.github.models import Label
from cms.models import ChapterPage
from tests import factories
from tests.api.graphql.conftest import nest_query

pytestmark = pytest.mark.django_db

DEEP = """
query Deep($limit: Int) {
  projects(limit: $limit, sort: NAME) {
    key name starsCount languages leaders
    entityLeaders { memberName member { login } }
    repositories(limit: 10) {
      name contributorsCount organization { login } project { key }
      issues(limit: 5) {
        title url labels repositoryName organizationName
        author { login issuesCount }
        assignees { login }
        pullRequests { number }
      }
      releases(limit: 3) { tagName url author { login } }
      topContributors(limit: 3) { login }
    }
    recentIssues(limit: 3) { title assignees { login } }
    recentReleases(limit: 3) { tagName }
    healthMetricsList(limit: 3) { score }
    healthMetricsLatest { score lastCommitDays }
    topContributors(limit: 3) { login }
  }
}
"""

CHAPTERS = """
query Chapters($limit: Int) {
  chapters(limit: $limit) {
    key name suggestedLocation leaders
    entityLeaders { memberName role member { login } }
    events(limit: 3) { key name startDate }
    contributionStats
  }
}
"""


def grow(count: int, site) -> list:
    """``count`` listed projects, each led by the same four people, with two repositories of three open issues
    (labelled, assigned, authored), a release and a contributor."""
    people = [factories.make_user(f"person{n}", name=f"Person {n}") for n in range(4)]
    projects = []
    for n in range(count):
        project = factories.make_project(f"Grown {n:02}", level="lab")
        for order, person in enumerate(people):
            factories.add_leader(project, person.name, github_login=person.login, order=order)
        for r in range(2):
            repository = factories.make_repository(project=project, stars_count=10 * n + r)
            label = Label.objects.create(id=factories.next_id(), repository=repository, name=f"label-{r}")
            for i in range(3):
                issue = factories.make_issue(repository, author=people[i], created_at=factories.at(i + 1))
                issue.labels.add(label)
                issue.assignees.add(people[(i + 1) % 4])
            factories.make_release(repository, author=people[0], published_at=factories.at(r + 1))
            factories.make_contributor(repository, people[r], 5 + r)
        projects.append(project)
    factories.show_only(projects)
    return projects


def count_queries(client, query: str, variables: dict, operation: str | None = None) -> tuple[int, dict]:
    body = {"query": query, "variables": variables, "operationName": operation}
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/graphql/", body, content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return len(captured.captured_queries), body["data"]


def test_a_deep_project_query_costs_the_same_for_2_and_10_projects(client, github_site):
    from apps.github.services.leaders import match_leaders

    grow(10, github_site)
    match_leaders()

    count_queries(client, DEEP, {"limit": 1})  # warms what a process caches once (content types, site roots)
    small, small_data = count_queries(client, DEEP, {"limit": 2})
    large, large_data = count_queries(client, DEEP, {"limit": 10})

    assert len(small_data["projects"]) == 2 and len(large_data["projects"]) == 10
    issues = [
        issue for project in large_data["projects"] for repo in project["repositories"] for issue in repo["issues"]
    ]
    assert len(issues) == 10 * 2 * 3
    assert all(issue["labels"] and issue["assignees"] and issue["author"] for issue in issues)
    leaders = large_data["projects"][3]["entityLeaders"]
    assert [leader["member"]["login"] for leader in leaders] == ["person0", "person1", "person2", "person3"]
    assert small == large, f"{small} queries for 2 projects, {large} for 10"
    assert large <= 30


def test_chapters_with_leaders_and_events_cost_the_same_for_3_and_12_chapters(client, github_site):
    count_queries(client, CHAPTERS, {"limit": 1})  # warms what a process caches once
    small, _ = count_queries(client, CHAPTERS, {"limit": 3})
    large, large_data = count_queries(client, CHAPTERS, {"limit": 12})

    assert len(large_data["chapters"]) == 12
    assert sum(len(chapter["entityLeaders"]) for chapter in large_data["chapters"]) > 12
    first = ChapterPage.objects.listed().by_name().first()
    assert large_data["chapters"][0]["key"] == first.key
    assert small == large, f"{small} queries for 3 chapters, {large} for 12"


def test_the_nest_project_page_query_runs_a_bounded_number_of_queries(client, github_site):
    count, result = count_queries(client, nest_query("project"), {"key": "juice-shop"}, "NestProject")

    assert result["project"]["name"] == "OWASP Juice Shop"
    assert count <= 40
