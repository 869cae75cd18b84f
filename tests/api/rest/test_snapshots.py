"""Community snapshots in REST, as Nest's v0 serves them, on snapshots built by the real ``build_snapshot`` over
the run's synced OWASP pages and the recorded PyGithub data: the completed snapshots, one by key, what was new
in it, their orders, paging and cursors, 404s and 400s, and a bounded number of queries."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.rest.caching import bump_data_version
from apps.owasp.models import Snapshot, SnapshotStatus
from apps.owasp.services.snapshots import build_snapshot
from tests import factories
from tests.api.rest.conftest import get_json, walk

pytestmark = pytest.mark.django_db

KINDS = ("projects", "chapters", "issues", "releases", "members")


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def built(key: str, start: datetime, end: datetime, title: str = "A period") -> Snapshot:
    snapshot = build_snapshot(Snapshot.objects.create(key=key, title=title, start_at=start, end_at=end))
    assert snapshot.status == SnapshotStatus.COMPLETED, snapshot.error_message
    return snapshot


@pytest.fixture
def snapshots(data_dir):
    """Three built snapshots (the widest holds every kind: OWASP's 2025 pages, PyGithub's issues, releases and
    their authors) and one still pending."""
    factories.recorded_github(data_dir)
    wide = built("2020-2025", utc(2020, 1, 1), utc(2025, 4, 1), title="Five years")
    february = built("2025-02", utc(2025, 2, 1), utc(2025, 3, 1), title="February 2025")
    summer = built("2024-q3", utc(2024, 7, 1), utc(2024, 10, 1), title="Summer 2024")
    pending = Snapshot.objects.create(key="2025-03", title="March", start_at=utc(2025, 3, 1), end_at=utc(2025, 4, 1))
    assert all(wide.counts.values()), wide.counts
    return {"wide": wide, "february": february, "summer": summer, "pending": pending}


def item_key(kind: str, item: dict):
    if kind in ("projects", "chapters"):
        return item["key"]
    if kind == "issues":
        return (item["repository_name"], item["number"])
    if kind == "releases":
        return (item["repository_name"], item["tag_name"])
    return item["login"]


def domain_key(kind: str, row):
    if kind in ("projects", "chapters"):
        return row.short_key
    if kind == "issues":
        return (row.repository.name, row.number)
    if kind == "releases":
        return (row.repository.name, row.tag_name)
    return row.login


# -- the snapshots --------------------------------------------------------------------------------------------


def test_the_list_holds_the_completed_snapshots_newest_first_in_nest_s_envelope(client, snapshots):
    body = get_json(client, "/api/v0/snapshots/")

    assert [item["key"] for item in body["items"]] == ["2024-q3", "2025-02", "2020-2025"]
    assert body["total_count"] == 3 and body["current_page"] == 1 and body["total_pages"] == 1
    assert body["has_next"] is False and body["has_previous"] is False and body["next_cursor"] is None
    first = body["items"][0]
    assert set(first) >= {"created_at", "end_at", "key", "start_at", "title", "updated_at", "built_at"}
    assert first["title"] == "Summer 2024"
    assert first["start_at"] == "2024-07-01T00:00:00Z" and first["end_at"] == "2024-10-01T00:00:00Z"
    assert "new_issues_count" not in first  # the detail's


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("start_at", ["2020-2025", "2024-q3", "2025-02"]),
        ("-start_at", ["2025-02", "2024-q3", "2020-2025"]),
        ("created_at", ["2020-2025", "2025-02", "2024-q3"]),
        ("-updated_at", ["2024-q3", "2025-02", "2020-2025"]),
    ],
)
def test_the_list_follows_the_domain_s_orderings(client, snapshots, ordering, expected):
    body = get_json(client, "/api/v0/snapshots/", {"ordering": ordering})

    assert [item["key"] for item in body["items"]] == expected
    assert expected == [s.key for s in Snapshot.objects.completed().ordered(ordering)]


def test_an_ordering_the_domain_does_not_offer_is_a_400_naming_the_ones_it_does(client, snapshots):
    body = get_json(client, "/api/v0/snapshots/", {"ordering": "title"}, status=400)

    assert set(body["errors"]) == {"ordering"} and "ordering" in body["message"]
    assert "use one of created_at, -created_at" in body["errors"]["ordering"][0]


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ({"start_at_gte": "2024-07-01T00:00:00Z"}, ["2024-q3", "2025-02"]),  # the bound included
        ({"start_at_lte": "2024-07-01T00:00:00Z", "ordering": "start_at"}, ["2020-2025", "2024-q3"]),
        ({"start_at_gte": "2024-01-01", "start_at_lte": "2024-12-31"}, ["2024-q3"]),
        ({"end_at_gte": "2025-03-01T00:00:00+00:00", "end_at_lte": "2025-03-01T00:00:00+00:00"}, ["2025-02"]),
        ({"end_at_lte": "2020-01-01T00:00:00Z"}, []),
    ],
)
def test_the_list_is_filtered_by_the_period_s_bounds(client, snapshots, bounds, expected):
    body = get_json(client, "/api/v0/snapshots/", {"ordering": "start_at", **bounds})

    assert sorted(item["key"] for item in body["items"]) == sorted(expected)
    assert body["total_count"] == len(expected)


@pytest.mark.parametrize("name", ["start_at_gte", "start_at_lte", "end_at_gte", "end_at_lte"])
def test_a_bound_that_is_not_a_date_is_a_400_naming_it(client, snapshots, name):
    body = get_json(client, "/api/v0/snapshots/", {name: "last tuesday"}, status=400)

    assert set(body["errors"]) == {name} and name in body["message"]


def test_the_list_pages_by_number_and_by_cursor(client, snapshots):
    first = get_json(client, "/api/v0/snapshots/", {"page_size": 2})
    second = get_json(client, "/api/v0/snapshots/", {"page_size": 2, "page": 2})
    by_cursor = get_json(client, "/api/v0/snapshots/", {"page_size": 2, "cursor": first["next_cursor"]})

    assert first["has_next"] and first["total_pages"] == 2 and len(first["items"]) == 2
    assert [item["key"] for item in second["items"]] == ["2020-2025"] and second["has_previous"]
    assert by_cursor["items"] == second["items"] and by_cursor["next_cursor"] is None
    other_list = get_json(client, "/api/v0/snapshots/2020-2025/issues/", {"cursor": first["next_cursor"]}, status=400)
    assert set(other_list["errors"]) == {"cursor"}


def test_the_detail_holds_nest_s_counts_as_the_build_found_them(client, snapshots):
    wide = snapshots["wide"]

    body = get_json(client, "/api/v0/snapshots/2020-2025")

    assert body["key"] == "2020-2025" and body["title"] == "Five years"
    assert {name: body[name] for name in body if name.startswith("new_")} == {
        "new_projects_count": wide.new_projects_count,
        "new_chapters_count": wide.new_chapters_count,
        "new_issues_count": wide.new_issues_count,
        "new_releases_count": wide.new_releases_count,
        "new_users_count": wide.new_users_count,
    }
    assert body["new_issues_count"] == 21 and body["new_projects_count"] > 0
    assert body["unknown_fields"] == {}
    assert get_json(client, "/api/v0/snapshots/2020-2025/") == body


def test_a_key_is_found_case_insensitively_and_a_missing_or_unbuilt_snapshot_is_a_404(client, snapshots):
    assert get_json(client, "/api/v0/snapshots/2024-Q3")["key"] == "2024-q3"
    for key in ("no-such-snapshot", "2025-03"):  # 2025-03 is pending: not public
        assert get_json(client, f"/api/v0/snapshots/{key}", status=404) == {"message": "Snapshot not found"}
    assert "2025-03" not in {item["key"] for item in get_json(client, "/api/v0/snapshots/")["items"]}


def test_a_snapshot_renamed_or_deleted_by_an_editor_is_served_at_once_not_from_the_cache(client, snapshots):
    before = get_json(client, "/api/v0/snapshots/2025-02")
    summer = snapshots["summer"]
    february = Snapshot.objects.get(pk=snapshots["february"].pk)
    february.title = "February, renamed"
    february.save()

    after = get_json(client, "/api/v0/snapshots/2025-02")
    summer.delete()

    assert before["title"] == "February 2025" and after["title"] == "February, renamed"
    assert get_json(client, "/api/v0/snapshots/2024-q3", status=404) == {"message": "Snapshot not found"}
    assert "2024-q3" not in {item["key"] for item in get_json(client, "/api/v0/snapshots/")["items"]}


def test_counts_never_known_are_a_stand_in_zero_listed_in_unknown_fields(client):
    assert not Snapshot.objects.exists()
    built("2025-02", utc(2025, 2, 1), utc(2025, 3, 1))  # the run's database holds no GitHub data of its own

    body = get_json(client, "/api/v0/snapshots/2025-02")

    assert body["new_issues_count"] == body["new_releases_count"] == body["new_users_count"] == 0
    assert set(body["unknown_fields"]) == {"new_issues_count", "new_releases_count", "new_users_count"}
    assert "GitHub had not been synced" in body["unknown_fields"]["new_issues_count"]
    assert body["new_projects_count"] > 0


# -- what is new in a snapshot --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_list_holds_the_snapshot_s_content_in_the_domain_s_default_order(client, snapshots, kind):
    wide = snapshots["wide"]

    items = walk(client, f"/api/v0/snapshots/2020-2025/{kind}/", {"page_size": 7})
    body = get_json(client, f"/api/v0/snapshots/2020-2025/{kind}/", {"page_size": 7})

    assert [item_key(kind, item) for item in items] == [domain_key(kind, row) for row in wide.content(kind)]
    assert body["total_count"] == len(items) == wide.counts[kind] > 0
    assert get_json(client, f"/api/v0/snapshots/2020-2025/{kind}", {"page_size": 7}) == body


@pytest.mark.parametrize("kind", KINDS)
def test_each_list_follows_every_ordering_the_domain_offers_and_refuses_others(client, snapshots, kind):
    wide = snapshots["wide"]
    for ordering in Snapshot.CONTENT_ORDERINGS[kind]:
        items = walk(client, f"/api/v0/snapshots/2020-2025/{kind}/", {"ordering": ordering, "page_size": 50})
        assert [item_key(kind, item) for item in items] == [
            domain_key(kind, row) for row in wide.content(kind, ordering)
        ], ordering

    refused = get_json(client, f"/api/v0/snapshots/2020-2025/{kind}/", {"ordering": "-name"}, status=400)
    assert set(refused["errors"]) == {"ordering"}
    assert ", ".join(Snapshot.CONTENT_ORDERINGS[kind]) in refused["errors"]["ordering"][0]


def test_the_items_are_nest_s_with_the_repository_named_and_members_dated(client, snapshots):
    issues = get_json(client, "/api/v0/snapshots/2024-q3/issues/")["items"]
    releases = get_json(client, "/api/v0/snapshots/2020-2025/releases/")["items"]
    members = get_json(client, "/api/v0/snapshots/2024-q3/members/")["items"]
    projects = get_json(client, "/api/v0/snapshots/2025-02/projects/")["items"]

    assert issues and {(i["organization_login"], i["repository_name"]) for i in issues} == {("PyGithub", "PyGithub")}
    assert all(i["url"].startswith("https://github.com/PyGithub/PyGithub/issues/") for i in issues)
    assert releases and {r["organization_login"] for r in releases} == {"PyGithub"} and releases[0]["tag_name"]
    contributed = {user.login: user.first_contribution_at for user in snapshots["summer"].content("members")}
    assert {m["login"]: m["first_contribution_at"] for m in members} == {
        login: moment.isoformat().replace("+00:00", "Z") for login, moment in contributed.items()
    }
    assert "threat-model-library" in {p["key"] for p in projects}
    assert all({"level", "type", "stars_count", "unknown_fields"} <= set(p) for p in projects)


@pytest.mark.parametrize("kind", KINDS)
def test_the_lists_of_a_missing_or_unbuilt_snapshot_are_a_404(client, snapshots, kind):
    for key in ("no-such-snapshot", "2025-03"):
        body = get_json(client, f"/api/v0/snapshots/{key}/{kind}/", status=404)
        assert body == {"message": "Snapshot not found"}
    assert get_json(client, f"/api/v0/snapshots/2020-2025/{kind}/nothing", status=404) == {"message": "Not found"}


def test_a_list_pages_by_cursor_over_the_whole_content(client, snapshots):
    wide = snapshots["wide"]
    items, cursor = [], None
    while True:
        params = {"page_size": 4, "ordering": "created_at", **({"cursor": cursor} if cursor else {})}
        body = get_json(client, "/api/v0/snapshots/2020-2025/issues/", params)
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            break

    assert [item["number"] for item in items] == [issue.number for issue in wide.content("issues", "created_at")]
    too_big = get_json(client, "/api/v0/snapshots/2020-2025/issues/", {"page_size": 101}, status=400)
    assert set(too_big["errors"]) == {"page_size"}


def _queries(client, url, params) -> int:
    bump_data_version("measure")  # nothing cached: the full cost, the count included
    with CaptureQueriesContext(connection) as context:
        get_json(client, url, params)
    return len(context.captured_queries)


def test_every_snapshot_list_runs_the_same_few_queries_whatever_the_page_size(client, snapshots):
    urls = ["/api/v0/snapshots/", "/api/v0/snapshots/2020-2025"] + [
        f"/api/v0/snapshots/2020-2025/{kind}/" for kind in KINDS
    ]
    for url in urls:  # what is cached for good whatever the data
        _queries(client, url, {})
    small = {url: _queries(client, url, {"page_size": 2}) for url in urls}
    large = {url: _queries(client, url, {"page_size": 100}) for url in urls}

    assert small == large
    assert max(large.values()) <= 7, large
