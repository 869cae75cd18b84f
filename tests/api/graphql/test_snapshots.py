"""Community snapshots in GraphQL, as OWASP Nest's front end asks for them (``snapshot(key:)``, ``snapshots(limit:)``),
on snapshots built by the real ``build_snapshot`` over the run's synced OWASP pages and the recorded PyGithub data:
what each list holds and in which order, unknown and unbuilt snapshots, bad arguments, and a bounded number of
queries whatever the size of the lists."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.owasp.models import Snapshot, SnapshotStatus
from apps.owasp.services.snapshots import build_snapshot
from tests import factories

pytestmark = pytest.mark.django_db

# OWASP Nest's snapshot page query (frontend/src/server/queries/snapshotQueries.ts), re-typed with the fields of
# the lists this site's snapshots hold (Nest's events, posts and pull requests are not part of them).
SNAPSHOT_DETAILS = """
query SnapshotDetails($key: String!, $issueLimit: Int = 6, $issueOffset: Int = 0) {
  snapshot(key: $key) {
    id endAt key startAt title
    releases { id name organizationName projectName publishedAt repositoryName tagName
      author { avatarUrl id login name } }
    projects { id key name summary starsCount forksCount contributorsCount level isActive repositoriesCount
      topContributors { id avatarUrl login name } }
    chapters { id key name createdAt suggestedLocation region summary updatedAt url relatedUrls
      geoLocation { lat lng } isActive }
    issues(limit: $issueLimit, offset: $issueOffset) { id author { avatarUrl id login name }
      createdAt organizationName repositoryName state title url }
    users { id avatarUrl login name createdAt }
  }
}
"""

COMMUNITY_SNAPSHOTS = "query CommunitySnapshots { snapshots(limit: 12) { id key title startAt endAt } }"

DEEP = """
query Deep($key: String!, $limit: Int) {
  snapshot(key: $key) {
    key newIssuesCount unknownReason
    projects(limit: $limit) { key starsCount leaders topContributors(limit: 3) { login }
      repositories(limit: 3) { name } }
    chapters(limit: $limit) { key leaders entityLeaders { member { login } } }
    issues(limit: $limit) { title labels repositoryName organizationName author { login issuesCount }
      assignees { login } }
    releases(limit: $limit) { tagName projectName author { login } }
    users(limit: $limit) { login pullRequestsCount }
  }
}
"""


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def built(key: str, start: datetime, end: datetime, title: str = "A period") -> Snapshot:
    snapshot = build_snapshot(Snapshot.objects.create(key=key, title=title, start_at=start, end_at=end))
    assert snapshot.status == SnapshotStatus.COMPLETED, snapshot.error_message
    return snapshot


@pytest.fixture
def snapshots(data_dir):
    factories.recorded_github(data_dir)
    wide = built("2020-2025", utc(2020, 1, 1), utc(2025, 4, 1), title="Five years")
    february = built("2025-02", utc(2025, 2, 1), utc(2025, 3, 1), title="February 2025")
    pending = Snapshot.objects.create(key="2025-03", title="March", start_at=utc(2025, 3, 1), end_at=utc(2025, 4, 1))
    assert all(wide.counts.values()), wide.counts
    return {"wide": wide, "february": february, "pending": pending}


def test_nest_s_snapshot_list_query_answers_the_completed_snapshots_newest_first(data, snapshots):
    listed = data(COMMUNITY_SNAPSHOTS)["snapshots"]

    assert [item["key"] for item in listed] == ["2025-02", "2020-2025"]
    assert listed[0]["title"] == "February 2025" and listed[0]["startAt"].startswith("2025-02-01T00:00:00")
    assert listed[0]["id"] != listed[1]["id"]
    by_start = data('{ snapshots(ordering: "start_at") { key } }')["snapshots"]
    assert [item["key"] for item in by_start] == [s.key for s in Snapshot.objects.completed().ordered("start_at")]
    assert [item["key"] for item in data("{ snapshots(limit: 1, offset: 1) { key } }")["snapshots"]] == ["2020-2025"]


def test_nest_s_snapshot_page_query_answers_what_was_new_in_the_domain_s_orders(data, snapshots):
    wide = snapshots["wide"]

    snapshot = data(SNAPSHOT_DETAILS, {"key": "2020-2025"}, operation="SnapshotDetails")["snapshot"]

    assert snapshot["key"] == "2020-2025" and snapshot["title"] == "Five years"
    assert [p["key"] for p in snapshot["projects"]] == [p.short_key for p in wide.content("projects")][:100]
    assert [c["key"] for c in snapshot["chapters"]] == [c.short_key for c in wide.content("chapters")][:100]
    assert [r["tagName"] for r in snapshot["releases"]] == [r.tag_name for r in wide.content("releases")]
    assert [u["login"] for u in snapshot["users"]] == [u.login for u in wide.content("members")][:100]
    newest = [i.title for i in wide.content("issues")]
    assert [i["title"] for i in snapshot["issues"]] == newest[:6]  # Nest's default: six
    assert {(i["organizationName"], i["repositoryName"]) for i in snapshot["issues"]} == {("PyGithub", "PyGithub")}
    assert all(r["author"] is None or r["author"]["login"] for r in snapshot["releases"])
    page = data(SNAPSHOT_DETAILS, {"key": "2020-2025", "issueLimit": 4, "issueOffset": 6})["snapshot"]
    assert [i["title"] for i in page["issues"]] == newest[6:10]


def test_the_counts_are_the_build_s_and_unknown_ones_are_null_with_a_reason(data, snapshots):
    wide = snapshots["wide"]
    query = """query ($key: String!) { snapshot(key: $key) {
      newProjectsCount newChaptersCount newIssuesCount newReleasesCount newUsersCount unknownReason builtAt } }"""

    counts = data(query, {"key": "2020-2025"})["snapshot"]

    assert counts["newIssuesCount"] == wide.new_issues_count == 21
    assert [counts[name] for name in ("newProjectsCount", "newChaptersCount", "newReleasesCount", "newUsersCount")] == [
        wide.new_projects_count,
        wide.new_chapters_count,
        wide.new_releases_count,
        wide.new_users_count,
    ]
    assert counts["unknownReason"] == "" and counts["builtAt"]


def test_without_github_data_the_github_counts_are_null_not_zero(data):
    built("2025-02", utc(2025, 2, 1), utc(2025, 3, 1))
    query = '{ snapshot(key: "2025-02") { newProjectsCount newIssuesCount newUsersCount unknownReason issues { id } } }'

    snapshot = data(query)["snapshot"]

    assert snapshot["newIssuesCount"] is None and snapshot["newUsersCount"] is None
    assert snapshot["newProjectsCount"] > 0 and "GitHub had not been synced" in snapshot["unknownReason"]
    assert snapshot["issues"] == []


def test_a_key_is_found_in_any_case_and_an_unknown_or_unbuilt_snapshot_is_null(data, snapshots):
    query = "query ($key: String!) { snapshot(key: $key) { key } }"

    assert data(query, {"key": "2020-2025".upper()})["snapshot"] == {"key": "2020-2025"}
    assert data(query, {"key": "no-such-snapshot"})["snapshot"] is None
    assert data(query, {"key": "2025-03"})["snapshot"] is None
    assert "2025-03" not in {item["key"] for item in data(COMMUNITY_SNAPSHOTS)["snapshots"]}


@pytest.mark.parametrize("kind", ["projects", "chapters", "issues", "releases", "users"])
def test_every_ordering_the_domain_offers_is_followed_and_another_is_refused_by_name(graphql, data, snapshots, kind):
    wide = snapshots["wide"]
    domain_kind = "members" if kind == "users" else kind
    field = {"projects": "key", "chapters": "key", "issues": "title", "releases": "tagName", "users": "login"}[kind]
    for ordering in Snapshot.CONTENT_ORDERINGS[domain_kind]:
        query = f'{{ snapshot(key: "2020-2025") {{ {kind}(limit: 100, ordering: "{ordering}") {{ {field} }} }} }}'
        got = [row[field] for row in data(query)["snapshot"][kind]]
        attribute = {"key": "short_key", "title": "title", "tagName": "tag_name", "login": "login"}[field]
        assert got == [getattr(row, attribute) for row in wide.content(domain_kind, ordering)][:100], ordering

    refused = graphql(f'{{ snapshot(key: "2020-2025") {{ {kind}(ordering: "-name") {{ {field} }} }} }}')
    error = refused["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "ordering"}
    assert ", ".join(Snapshot.CONTENT_ORDERINGS[domain_kind]) in error["message"]


def test_bad_list_arguments_are_errors_naming_them(graphql, snapshots):
    too_many = graphql('{ snapshot(key: "2020-2025") { issues(limit: 101) { id } } }')
    negative = graphql("{ snapshots(offset: -1) { key } }")
    ordering = graphql('{ snapshots(ordering: "title") { key } }')

    assert too_many["errors"][0]["extensions"]["argument"] == "limit"
    assert negative["errors"][0]["extensions"]["argument"] == "offset"
    assert ordering["errors"][0]["extensions"]["argument"] == "ordering"
    assert "use one of created_at, -created_at" in ordering["errors"][0]["message"]


DATED = """
query Dated($startAtGte: DateTime, $startAtLte: DateTime, $endAtGte: DateTime, $endAtLte: DateTime) {
  snapshots(startAtGte: $startAtGte, startAtLte: $startAtLte, endAtGte: $endAtGte, endAtLte: $endAtLte) { key }
}
"""


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ({"startAtGte": "2025-02-01T00:00:00+00:00"}, ["2025-02"]),  # the bound included
        ({"startAtLte": "2025-01-31T23:59:59+00:00"}, ["2020-2025"]),
        ({"endAtGte": "2025-03-01T00:00:00", "endAtLte": "2025-03-01T00:00:00"}, ["2025-02"]),  # no offset: UTC
        ({"startAtGte": "2019-01-01T00:00:00Z", "endAtLte": "2025-04-01T00:00:00Z"}, ["2025-02", "2020-2025"]),
        ({"endAtLte": "2020-01-01T00:00:00Z"}, []),
    ],
)
def test_the_list_is_filtered_by_the_period_s_bounds(data, snapshots, bounds, expected):
    listed = data(DATED, bounds)["snapshots"]

    assert [item["key"] for item in listed] == expected


def test_a_bound_that_is_not_a_date_is_an_error_naming_it(graphql, snapshots):
    body = graphql(DATED, {"startAtGte": "last tuesday"}, status=400)

    assert "data" not in body or body["data"] is None
    assert "startAtGte" in body["errors"][0]["message"]


def count_queries(client, query: str, variables: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return len(captured.captured_queries), body["data"]


def test_a_deep_snapshot_query_costs_the_same_for_2_and_20_rows_of_each_list(client, snapshots):
    count_queries(client, DEEP, {"key": "2020-2025", "limit": 1})  # warms what a process caches once

    small, small_data = count_queries(client, DEEP, {"key": "2020-2025", "limit": 2})
    large, large_data = count_queries(client, DEEP, {"key": "2020-2025", "limit": 20})

    lists = ("projects", "chapters", "issues", "releases", "users")
    assert all(len(small_data["snapshot"][name]) == 2 for name in lists)
    assert all(len(large_data["snapshot"][name]) > 2 for name in lists), {
        name: len(large_data["snapshot"][name]) for name in lists
    }
    assert all(issue["author"]["login"] for issue in large_data["snapshot"]["issues"])
    assert small == large, f"{small} queries for 2 rows of each list, {large} for 20"
    assert large <= 40


SNAPSHOT_LISTS = """
query Lists($limit: Int) {
  snapshots(limit: $limit) {
    key
    projects { key } chapters { key }
    issues(limit: 3) { title author { login } }
    releases(limit: 5, ordering: "-published_at") { tagName author { login } }
    users { login }
  }
}
"""


def test_the_lists_of_every_snapshot_cost_the_same_for_2_and_6_snapshots(client, snapshots):
    for year in range(2021, 2025):  # four more completed snapshots, from each year to April 2025
        built(f"{year}-2025", utc(year, 1, 1), utc(2025, 4, 1), title=f"Since {year}")
    count_queries(client, SNAPSHOT_LISTS, {"limit": 1})  # warms what a process caches once

    small, small_data = count_queries(client, SNAPSHOT_LISTS, {"limit": 2})
    large, large_data = count_queries(client, SNAPSHOT_LISTS, {"limit": 6})

    assert len(small_data["snapshots"]) == 2 and len(large_data["snapshots"]) == 6
    listed = {item["key"]: item for item in large_data["snapshots"]}
    wide = snapshots["wide"]
    assert [issue["title"] for issue in listed["2020-2025"]["issues"]] == [
        issue.title for issue in wide.content("issues")[:3]
    ]
    assert [release["tagName"] for release in listed["2020-2025"]["releases"]] == [
        release.tag_name for release in wide.content("releases", "-published_at")[:5]
    ]
    for item in large_data["snapshots"]:
        snapshot = Snapshot.objects.get(key=item["key"])
        assert [user["login"] for user in item["users"]] == [user.login for user in snapshot.content("members")[:100]]
        assert [project["key"] for project in item["projects"]] == [
            project.short_key for project in snapshot.content("projects")[:100]
        ]
    filled = {
        name: sum(1 for item in large_data["snapshots"] if item[name]) for name in ("issues", "releases", "users")
    }
    assert filled["issues"] >= 5 and filled["releases"] >= 2 and filled["users"] >= 5, filled
    assert small == large, f"{small} queries for 2 snapshots, {large} for 6"
