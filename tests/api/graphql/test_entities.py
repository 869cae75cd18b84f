"""Our fields beside Nest's: a member's contributions and the pages they lead, a chapter's events, an issue's
assignees, labels and linked pull requests, a project's health checks, an event by key; each read from the
same querysets and services the site's pages read."""

import pytest
from django.utils import timezone

from apps.github.models import ProjectHealthRecord
from apps.github.services.health import CHECKS
from cms.models import EventPage
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_member_lists_their_contributions_and_the_pages_they_lead(data, github_site):
    result = data(
        """{ user(login: "JacqueV6") {
            login pagesLed { kind key name role url }
            contributions(limit: 5) { contributionsCount repository { name project { key } } }
            pullRequestsCount releasesCount contributionData
        } }"""
    )["user"]

    assert result["login"] == "jacquev6"
    assert result["pagesLed"] == [
        {
            "kind": "project",
            "key": "juice-shop",
            "name": "OWASP Juice Shop",
            "role": "",
            "url": github_site["juice"].website or None,
        }
    ]
    assert result["contributions"][0] == {
        "contributionsCount": 355,
        "repository": {"name": "PyGithub", "project": {"key": "juice-shop"}},
    }
    assert [row["contributionsCount"] for row in result["contributions"]] == [355, 12]
    assert sum(result["contributionData"].values()) == 3  # the three commits of the last days


def test_an_issue_has_its_assignees_labels_and_linked_pull_requests(data, github_site):
    issue = github_site["open_issues"][1]
    pull = github_site["github"]["pulls"][0]
    pull.related_issues.add(issue)
    type(pull).objects.filter(pk=pull.pk).update(merged_at=timezone.now())

    rows = data(
        '{ repository(organizationKey: "PyGithub", repositoryKey: "PyGithub") {'
        " issues(limit: 20) { number labels assignees { login } pullRequests { number } isMerged url } } }"
    )
    by_number = {row["number"]: row for row in rows["repository"]["issues"]}

    linked = by_number[issue.number]
    assert linked["labels"] == ["bug", "documentation"]
    assert linked["assignees"] == [{"login": "jacquev6"}]
    assert linked["pullRequests"] == [{"number": pull.number}]
    assert linked["isMerged"] is True
    assert linked["url"] == f"https://github.com/PyGithub/PyGithub/issues/{issue.number}"
    assert by_number[github_site["open_issues"][0].number]["isMerged"] is False


def test_a_projects_latest_health_explains_its_score(data, github_site):
    juice = github_site["juice"]
    latest = ProjectHealthRecord.objects.filter(project=juice).order_by("-date").first()

    health = data(
        '{ project(key: "juice-shop") { healthMetricsLatest { createdAt score level starsCount'
        " lastReleaseDays lastReleaseDaysRequirement checks { name value threshold passed weight } } } }"
    )["project"]["healthMetricsLatest"]

    assert health["createdAt"] == latest.date.isoformat()
    assert health["score"] == latest.score
    assert health["starsCount"] == 18122
    assert [check["name"] for check in health["checks"]] == [spec.name for spec in CHECKS]
    assert health["score"] == sum(check["weight"] for check in health["checks"] if check["passed"])
    release = next(check for check in health["checks"] if check["name"] == "days_since_last_release")
    assert (health["lastReleaseDays"], health["lastReleaseDaysRequirement"]) == (release["value"], release["threshold"])


def test_a_chapter_lists_its_upcoming_events_as_its_page_does(data, github_site):
    chapter = next(page for page in factories.real_chapters() if page.owasp_key == "www-chapter-netherlands")
    today = timezone.now().date()
    event = factories.make_event(f"{chapter.title} chapter meeting", today.replace(year=today.year + 1))
    event.save_revision().publish()  # as an editor adds one: published, it is linked to the chapter
    expected = list(EventPage.objects.published().of_chapter(chapter).upcoming(today)[:5])

    result = data('{ chapter(key: "netherlands") { events(limit: 5) { key name startDate } } }')["chapter"]

    assert [row["name"] for row in result["events"]] == [page.title for page in expected]
    assert event.title in [row["name"] for row in result["events"]]


def test_an_event_by_its_key(data, github_site):
    event = EventPage.objects.listed().exclude(owasp_key=None).first()
    result = data("query($key: String!) { event(key: $key) { key name category startDate url } }", {"key": event.key})

    assert result["event"]["name"] == event.title
    assert result["event"]["category"] == event.category


def test_a_release_names_its_project_and_repository(data, github_site):
    releases = data("{ recentReleases(limit: 1) { tagName projectName repositoryName organizationName url } }")
    assert releases["recentReleases"] == [
        {
            "tagName": "v17.1.1",
            "projectName": "OWASP Juice Shop",
            "repositoryName": "juice-shop",
            "organizationName": "OWASP",
            "url": "https://github.com/OWASP/juice-shop/releases/tag/v17.1.1",
        }
    ]


def test_github_figures_are_unknown_before_any_sync(data, without_owasp_data):
    stats = data("{ statsOverview { activeProjectsStats contributorsStats openIssuesStats slackWorkspaceStats } }")
    assert stats["statsOverview"] == {
        "activeProjectsStats": 0,
        "contributorsStats": None,
        "openIssuesStats": None,
        "slackWorkspaceStats": None,
    }


def test_recent_pull_requests_of_a_project_and_of_a_repository(data, github_site):
    pulls = sorted(github_site["github"]["pulls"], key=lambda pull: (pull.created_at, pull.pk), reverse=True)
    query = (
        "query($p: String, $o: String, $r: String) { recentPullRequests(limit: 3, project: $p, organization: $o,"
        " repository: $r) { title repositoryName } }"
    )

    of_project = data(query, {"p": "juice-shop"})["recentPullRequests"]
    of_repository = data(query, {"o": "PyGithub", "r": "pygithub"})["recentPullRequests"]
    of_other = data(query, {"p": "dependency-check"})["recentPullRequests"]

    assert [row["title"] for row in of_project] == [pull.title for pull in pulls[:3]]
    assert of_repository == of_project
    assert of_other == []
