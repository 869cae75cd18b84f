"""The list queries: the same FilterSets as the site's list pages, pages by limit and offset with a maximum,
and an error naming the argument for a value they refuse."""

import pytest
from django.utils import timezone

from api.graphql.types.common import global_id
from apps.github.models import Issue
from cms.filters import ChapterFilter, ProjectFilter
from cms.models import ChapterPage, CommitteePage, EventPage, ProjectPage
from tests import factories

pytestmark = pytest.mark.django_db

PROJECTS = (
    "query($level: String, $q: String, $sort: ProjectSort, $limit: Int, $offset: Int, $all: Boolean) {"
    " projects(level: $level, q: $q, sort: $sort, limit: $limit, offset: $offset, includeInactive: $all)"
    " { key name level starsCount } }"
)


def keys(rows):
    return [row["key"] for row in rows]


def test_projects_follow_the_sites_filter_and_order(data, github_site):
    expected = ProjectFilter({"level": "flagship"}, queryset=ProjectPage.objects.published().with_figures()).qs

    rows = data(PROJECTS, {"level": "flagship", "limit": 100})["projects"]

    assert keys(rows) == [project.key for project in expected] and rows
    assert {row["level"] for row in rows} == {"flagship"}


def test_projects_by_stars_and_by_words(data, github_site):
    by_stars = data(PROJECTS, {"sort": "STARS", "limit": 3})["projects"]
    assert by_stars[0]["key"] == "juice-shop" and by_stars[0]["starsCount"] == 18122
    assert by_stars[1]["key"] == "dependency-check"

    assert keys(data(PROJECTS, {"q": "juice"})["projects"]) == ["juice-shop"]


def test_projects_pages_by_limit_and_offset(data, github_site):
    everything = keys(data(PROJECTS, {"limit": 100, "all": True})["projects"])
    first = keys(data(PROJECTS, {"limit": 3, "all": True})["projects"])
    second = keys(data(PROJECTS, {"limit": 3, "offset": 3, "all": True})["projects"])

    assert first + second == everything[:6]
    assert len(everything) == ProjectPage.objects.published().count()
    assert data(PROJECTS, {"limit": 0})["projects"] == []


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"level": "legendary"}, "level"),
        ({"limit": 101}, "limit"),
        ({"limit": -1}, "limit"),
        ({"offset": 10_001}, "offset"),
        ({"offset": -5}, "offset"),
        ({"q": "x" * 201}, "q"),
        ({"q": "juice\x00"}, "q"),
    ],
)
def test_a_refused_argument_is_an_error_naming_it(graphql, github_site, variables, argument):
    body = graphql(PROJECTS, variables)

    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}
    assert error["message"].startswith(f"{argument}: ")
    assert error["path"] == ["projects"]


def test_chapters_filter_by_country_and_order_by_distance(data, github_site):
    london, bangalore = (51.50853, -0.12574), (12.97194, 77.59369)
    coordinates = {"www-chapter-london": london, "www-chapter-bangalore": bangalore}
    factories.show_only(factories.real_chapters(limit=3, coordinates=coordinates))
    query = (
        "query($country: String, $lat: Float, $lon: Float, $located: Boolean) {"
        " chapters(country: $country, lat: $lat, lon: $lon, located: $located, limit: 100) { key country } }"
    )

    by_country = data(query, {"country": "India"})["chapters"]
    expected = ChapterFilter({"country": "India"}, queryset=ChapterPage.objects.listed()).qs[:100]
    assert keys(by_country) == [chapter.key for chapter in expected] and by_country
    near_paris = data(query, {"lat": 48.85, "lon": 2.35})["chapters"]
    assert keys(near_paris) == ["london", "bangalore"]
    assert len(data(query, {"located": True})["chapters"]) == 2


def test_lat_without_lon_is_refused(graphql, github_site):
    body = graphql("{ chapters(lat: 10) { key } }")
    assert body["errors"][0]["extensions"]["argument"] == "lat"


def test_committees_and_events_lists(data, github_site):
    committees = data("{ committees(limit: 100) { key name } }")["committees"]
    assert keys(committees) == [page.key for page in CommitteePage.objects.listed().by_name()]

    today = timezone.now().date()
    upcoming = data("{ events(limit: 100) { key startDate } }")["events"]
    past = data("{ events(when: PAST, limit: 5) { key startDate } }")["events"]
    assert keys(upcoming) == [event.key for event in EventPage.objects.listed().upcoming(today)[:100]]
    assert keys(past) == [event.key for event in EventPage.objects.listed().past(today)[:5]]
    assert past and all(row["startDate"] < today.isoformat() for row in past)


def test_repositories_of_a_project_most_starred_first(data, github_site):
    rows = data('{ repositories(project: "juice-shop") { name starsCount project { key } } }')["repositories"]
    assert [row["name"] for row in rows] == ["juice-shop", "PyGithub"]
    assert {row["project"]["key"] for row in rows} == {"juice-shop"}


def test_offered_issues_walk_the_feed_by_cursor(data, github_site):
    for issue in github_site["open_issues"]:
        type(issue).objects.filter(pk=issue.pk).update(created_at=factories.at(5), updated_at=factories.at(5))
    query = "query($before: String) { offeredIssues(limit: 2, before: $before) { nextCursor issues { id title } } }"

    seen, cursor = [], None
    for _ in range(20):
        page = data(query, {"before": cursor})["offeredIssues"]
        seen += [issue["id"] for issue in page["issues"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    offered = Issue.objects.offered()
    assert len(seen) == len(set(seen)) == offered.count() > 10
    assert set(seen) == {global_id("IssueNode", issue.pk) for issue in offered}


def test_a_bad_cursor_is_an_error_naming_it(graphql, github_site):
    body = graphql('{ offeredIssues(before: "not-a-cursor") { nextCursor } }')
    assert body["errors"][0]["extensions"]["argument"] == "before"
