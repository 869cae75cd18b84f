"""Nest's page envelope, the depth cap and the keyset cursor, and lists whose number of queries stays the
same whatever the page size or the amount of data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.rest.caching import bump_data_version
from api.rest.pagination import MAX_DEPTH
from apps.github.models import Issue, Label, Milestone, User
from cms.models import ChapterPage, CommitteePage, EventPage
from tests import factories
from tests.api.rest.conftest import get_json, walk

pytestmark = pytest.mark.django_db


def cursor_walk(client, url, params=None, *, page_size: int) -> tuple[list[dict], list[dict]]:
    """Every item of a list by following next_cursor, and each page's envelope."""
    items, pages, cursor = [], [], None
    while True:
        query = {**(params or {}), "page_size": page_size}
        if cursor:
            query["cursor"] = cursor
        body = get_json(client, url, query)
        pages.append({key: value for key, value in body.items() if key != "items"})
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            assert not body["has_next"]
            return items, pages


def test_the_envelope_past_the_last_page_is_empty_as_nest_s(client):
    total = ChapterPage.objects.listed().count()
    pages = -(-total // 100)

    last = get_json(client, "/api/v0/chapters/", {"page": pages})
    beyond = get_json(client, "/api/v0/chapters/", {"page": pages + 3})

    assert len(last["items"]) == total - (pages - 1) * 100 and not last["has_next"] and last["has_previous"]
    assert last["next_cursor"] is None
    assert beyond == {
        "current_page": pages + 3,
        "has_next": False,
        "has_previous": True,
        "items": [],
        "total_count": total,
        "total_pages": pages,
        "next_cursor": None,
    }


def test_page_numbers_stop_at_the_depth_cap_with_a_400_naming_page(client):
    deepest = get_json(client, "/api/v0/chapters/", {"page": MAX_DEPTH // 50, "page_size": 50})
    too_deep = get_json(client, "/api/v0/chapters/", {"page": MAX_DEPTH // 50 + 1, "page_size": 50}, status=400)

    assert deepest["items"] == [] and deepest["current_page"] == MAX_DEPTH // 50
    assert set(too_deep["errors"]) == {"page"} and "next_cursor" in too_deep["errors"]["page"][0]
    assert "page" in too_deep["message"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"page_size": 101}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "2", "cursor": "x"}, "cursor"),
    ],
)
def test_bad_page_parameters_are_a_400_naming_them(client, params, name):
    body = get_json(client, "/api/v0/chapters/", params, status=400)

    assert name in body["errors"], body


def test_following_the_cursor_reads_the_whole_list_once_in_order(client):
    by_number = walk(client, "/api/v0/chapters/", {"ordering": "name"})

    by_cursor, pages = cursor_walk(client, "/api/v0/chapters/", {"ordering": "name"}, page_size=37)

    assert [item["key"] for item in by_cursor] == [item["key"] for item in by_number]
    assert len(by_cursor) == ChapterPage.objects.listed().count()
    assert [page["current_page"] for page in pages] == list(range(1, len(pages) + 1))
    assert {page["total_count"] for page in pages} == {len(by_cursor)}
    assert [page["has_previous"] for page in pages] == [False] + [True] * (len(pages) - 1)


@pytest.mark.parametrize("ordering", [None, "stars", "health", "-updated_at"])
def test_the_cursor_follows_the_domain_s_project_orders(client, project_site, ordering):
    """The default order (level, then name, case-insensitive) and the figures' orders, whose unknown values
    (NULL) sort last: the cursor reads them as the page numbers do."""
    params = {"ordering": ordering} if ordering else {}
    by_number = [item["key"] for item in walk(client, "/api/v0/projects/", params)]

    by_cursor, _ = cursor_walk(client, "/api/v0/projects/", params, page_size=2)

    assert [item["key"] for item in by_cursor] == by_number and len(by_number) == len(project_site["projects"])


def test_a_page_by_number_hands_over_to_the_cursor(client):
    everything = [item["key"] for item in walk(client, "/api/v0/chapters/")]

    second = get_json(client, "/api/v0/chapters/", {"page": 2, "page_size": 40})
    third = get_json(client, "/api/v0/chapters/", {"page_size": 40, "cursor": second["next_cursor"]})

    assert [item["key"] for item in third["items"]] == everything[80:120]
    assert third["current_page"] == 3


@pytest.fixture
def many_issues():
    """MAX_DEPTH + 150 issues in one repository, a few sharing their creation time (ties broken by id)."""
    repository = factories.make_repository("deep")
    start = timezone.now() - timedelta(days=400)
    issues = [
        Issue(
            id=900_000_000 + number,
            repository=repository,
            number=number,
            title=f"Issue {number}",
            state="open" if number % 3 else "closed",
            created_at=start + timedelta(minutes=number // 2),
            updated_at=start + timedelta(minutes=number),
        )
        for number in range(1, MAX_DEPTH + 151)
    ]
    Issue.objects.bulk_create(issues, batch_size=5000)
    return repository


def test_the_cursor_reads_past_the_depth_cap_at_the_cost_of_a_first_page(client, many_issues):
    ordered = list(Issue.objects.order_by("-created_at", "-id").values_list("number", flat=True))
    last_numbered = get_json(client, "/api/v0/issues/", {"page": MAX_DEPTH // 100, "page_size": 100})

    with CaptureQueriesContext(connection) as deep:
        beyond = get_json(client, "/api/v0/issues/", {"page_size": 100, "cursor": last_numbered["next_cursor"]})
    after = get_json(client, "/api/v0/issues/", {"page_size": 100, "cursor": beyond["next_cursor"]})

    assert [item["number"] for item in last_numbered["items"]] == ordered[MAX_DEPTH - 100 : MAX_DEPTH]
    assert [item["number"] for item in beyond["items"]] == ordered[MAX_DEPTH : MAX_DEPTH + 100]
    assert [item["number"] for item in after["items"]] == ordered[MAX_DEPTH + 100 :]
    assert beyond["current_page"] == MAX_DEPTH // 100 + 1 and after["next_cursor"] is None
    sql = " ".join(query["sql"] for query in deep.captured_queries).upper()
    assert "OFFSET" not in sql  # a keyset read from the boundary, not a deep skip
    assert len(deep.captured_queries) <= 3  # keys, rows, labels: the count is cached


def test_the_cursor_orders_nulls_as_postgresql_does_in_both_directions(client):
    """Members are ordered by when GitHub created the account, unknown (NULL) for most: the NULL group is read
    first (newest first) or last (oldest first), across page boundaries."""
    users = [factories.make_user() for _ in range(23)]
    now = timezone.now()
    for index, user in enumerate(users[::2]):
        User.objects.filter(pk=user.pk).update(created_at=now - timedelta(days=index % 4))

    newest, _ = cursor_walk(client, "/api/v0/members/", page_size=4)
    oldest, _ = cursor_walk(client, "/api/v0/members/", {"ordering": "created_at"}, page_size=5)

    assert [item["login"] for item in newest] == list(
        User.objects.order_by(F("created_at").desc(nulls_first=True), "-id").values_list("login", flat=True)
    )
    assert [item["login"] for item in oldest] == list(
        User.objects.order_by(F("created_at").asc(nulls_last=True), "id").values_list("login", flat=True)
    )


def test_a_cursor_that_was_altered_or_made_for_another_list_is_a_400(client):
    body = get_json(client, "/api/v0/chapters/", {"page_size": 5})
    cursor = body["next_cursor"]
    tampered = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")

    for url, params in (
        ("/api/v0/chapters/", {"cursor": tampered}),
        ("/api/v0/chapters/", {"cursor": "not-a-cursor"}),
        ("/api/v0/committees/", {"cursor": cursor}),
        ("/api/v0/chapters/", {"cursor": cursor, "ordering": "name"}),
        ("/api/v0/chapters/", {"cursor": cursor, "country": "Belgium"}),
        ("/api/v0/chapters/", {"cursor": "x" * 2001}),
    ):
        error = get_json(client, url, params, status=400)
        assert set(error["errors"]) == {"cursor"}, (url, params, error)
    assert get_json(client, "/api/v0/chapters/", {"cursor": cursor, "page_size": 9})["current_page"] == 1


def test_total_count_is_counted_once_per_filters_then_read_from_the_cache(client):
    with CaptureQueriesContext(connection) as first:
        get_json(client, "/api/v0/chapters/", {"country": "india", "page_size": 5})
    with CaptureQueriesContext(connection) as second:
        get_json(client, "/api/v0/chapters/", {"country": "india", "page_size": 5, "page": 2})
    with CaptureQueriesContext(connection) as other_filter:
        get_json(client, "/api/v0/chapters/", {"country": "germany", "page_size": 5})

    def counts(context):
        return sum("COUNT(" in query["sql"].upper() for query in context.captured_queries)

    assert counts(first) == 1 and counts(second) == 0 and counts(other_filter) == 1
    # Each list counts for itself, whatever parameters they share.
    same_parameters = [
        get_json(client, f"/api/v0/{name}/", {"page_size": 5})["total_count"]
        for name in ("chapters", "committees", "events")
    ]
    assert same_parameters == [
        ChapterPage.objects.listed().count(),
        CommitteePage.objects.listed().count(),
        EventPage.objects.listed().count(),
    ]


def query_count(client, url, params=None) -> int:
    bump_data_version("measure")  # nothing cached: the list's full cost, its count included
    with CaptureQueriesContext(connection) as context:
        get_json(client, url, params)
    return len(context.captured_queries)


def grow_github(size: int):
    """``size`` repositories' worth of issues with labels and assignees, milestones, releases and users."""
    repository = factories.make_repository(f"grown-{size}-{factories.next_id()}")
    labels = [Label.objects.create(id=factories.next_id(), repository=repository, name=f"label-{n}") for n in range(3)]
    for n in range(size):
        user = factories.make_user()
        issue = factories.make_issue(repository, author=user, assignee=user)
        issue.labels.set(labels)
        issue.assignees.set([user])
        factories.make_release(repository, author=user)
        Milestone.objects.create(id=factories.next_id(), repository=repository, number=n + 1, title=f"M{n}")


LISTS = [
    "/api/v0/projects/",
    "/api/v0/chapters/",
    "/api/v0/committees/",
    "/api/v0/events/",
    "/api/v0/sponsors/",
    "/api/v0/organizations/",
    "/api/v0/repositories/",
    "/api/v0/issues/",
    "/api/v0/milestones/",
    "/api/v0/releases/",
    "/api/v0/members/",
    "/api/v0/users/",
]


def test_every_list_runs_the_same_few_queries_whatever_the_page_size_and_the_data(client, data_dir):
    factories.recorded_github(data_dir)
    grow_github(3)
    for url in LISTS:  # what is cached for good whatever the data (the view-restricted paths)
        query_count(client, url)
    small = {url: query_count(client, url, {"page_size": 2}) for url in LISTS}
    grow_github(40)
    large = {url: query_count(client, url, {"page_size": 100}) for url in LISTS}

    assert small == large
    assert max(large.values()) <= 6, large
