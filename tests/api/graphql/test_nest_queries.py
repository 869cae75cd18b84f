"""OWASP Nest's front-end queries run unchanged against our schema, on the real synced OWASP pages and the
recorded GitHub data, and answer what the domain holds."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.github.models import Issue, ProjectFigures, RepositoryContributor, User
from apps.github.services.leaders import page_leaders
from cms.models import ChapterPage, CommitteePage, ProjectPage, Sponsor, SponsorTier
from tests import factories
from tests.api.graphql.conftest import NEST_QUERIES, nest_query

pytestmark = pytest.mark.django_db

OPERATIONS = [
    (path.stem, operation)
    for path in sorted(NEST_QUERIES.glob("*.graphql"))
    for operation in re.findall(r"^query (\w+)", path.read_text(), flags=re.MULTILINE)
]


def variables_for(site) -> dict:
    chapter = factories.real_chapters(limit=1)[0]
    return {
        "NestHome": {"distinct": True},
        "project": {"key": "juice-shop", "query": "juice"},
        "chapter": {"key": chapter.key},
        "committee": {"key": site["committee"].key},
        "organization": {"login": "PyGithub"},
        "repository": {"organizationKey": "PyGithub", "repositoryKey": "PyGithub"},
        "user": {"key": "jacquev6", "login": "jacquev6"},
    }


def test_the_fixtures_hold_every_page_query_of_nest():
    names = {operation for _, operation in OPERATIONS}
    assert len(OPERATIONS) == 19
    assert {"NestHome", "NestProject", "NestChapter", "NestCommittee", "NestOrganization"} <= names
    assert {"NestRepository", "NestMember", "NestSponsors"} <= names


@pytest.mark.parametrize(("file", "operation"), OPERATIONS)
def test_each_nest_query_validates_and_runs_without_errors(data, github_site, file, operation):
    variables = variables_for(github_site)
    given = variables.get(operation) or variables.get(file) or {}
    declared = set(re.findall(r"\$(\w+)", nest_query(file).split(f"query {operation}")[1].split("query ")[0]))
    result = data(
        nest_query(file), {name: value for name, value in given.items() if name in declared}, operation=operation
    )

    assert result
    assert "vincent.private@example.org" not in json.dumps(result)  # leaders' e-mails never leave the site


def test_home_page_query_answers_the_site_figures_and_newest_rows(data, github_site):
    home = data(nest_query("home"), {"distinct": False}, operation="NestHome")

    stats = home["statsOverview"]
    assert stats["activeProjectsStats"] == ProjectPage.objects.listed().count()
    assert stats["activeChaptersStats"] == ChapterPage.objects.listed().count() > 100
    assert stats["contributorsStats"] == User.objects.count() > 0
    assert stats["countriesStats"] == len(ChapterPage.objects.listed().countries()) > 10
    newest = ProjectPage.objects.listed().recently_created()[:3]
    assert [project["key"] for project in home["recentProjects"]] == [project.key for project in newest]
    assert home["recentPosts"] == []
    assert len(home["recentChapters"]) == 3
    tiers = [row["sponsorType"] for row in home["sponsors"]]
    order = [str(label) for value, label in SponsorTier.choices]
    assert tiers == sorted(tiers, key=order.index)
    assert len(home["sponsors"]) == Sponsor.objects.active().count() > 0
    assert home["topContributors"][0]["login"] == "jacquev6"
    opened = [issue["createdAt"] for issue in home["recentIssues"]]
    assert opened == sorted(opened, reverse=True) and len(opened) == 5
    assert all(
        issue["url"].startswith("https://github.com/PyGithub/PyGithub/issues/") for issue in home["recentIssues"]
    )
    assert home["recentMilestones"][0]["title"] == "Version 2.0"
    assert home["recentReleases"][0]["tagName"] == "v17.1.1"  # the newest release of the data


def test_project_page_query_answers_the_projects_figures_repositories_activity_and_leaders(data, github_site):
    juice = github_site["juice"]
    result = data(nest_query("project"), {"key": "juice-shop"}, operation="NestProject")
    project = result["project"]

    figures = ProjectFigures.objects.get(project=juice)
    assert project["key"] == "juice-shop" and project["name"] == juice.title
    assert project["level"] == juice.level
    assert project["starsCount"] == figures.stars_count == 7122 + 11000
    assert project["repositoriesCount"] == 2
    assert project["issuesCount"] == figures.open_issues_count
    assert project["languages"] == figures.language_names
    assert [repository["name"] for repository in project["repositories"]] == ["juice-shop", "PyGithub"]
    assert project["repositories"][1]["organization"] == {"login": "PyGithub"}
    assert (
        project["repositories"][1]["contributorsCount"]
        == RepositoryContributor.objects.filter(repository=github_site["repository"]).count()
    )
    newest = list(Issue.objects.filter(repository__project=juice).order_by("-created_at")[:5])  # any state
    assert [issue["title"] for issue in project["recentIssues"]] == [issue.title for issue in newest]
    assert project["recentReleases"][0]["tagName"] == "v17.1.1"
    assert project["recentMilestones"][0]["title"] == "Version 2.0"
    assert len(project["healthMetricsList"]) == 10
    days = [record["createdAt"] for record in project["healthMetricsList"]]
    assert days == sorted(days)
    assert project["entityChannels"] is None  # Slack is not synced: unknown, not "none"
    leaders = {leader["memberName"]: leader["member"] for leader in project["entityLeaders"]}
    assert leaders["Vincent Jacques"]["login"] == "jacquev6"
    assert leaders["Björn Kimminich"] is None  # no GitHub account synced for that login
    assert project["leaders"] == [leader.name for leader in page_leaders(juice.pk)]
    assert sum(project["contributionData"].values()) == project["contributionStats"]["commits"] == 3
    assert result["topContributors"][0]["login"] == "jacquev6"


def test_project_metadata_and_contributors_queries(data, github_site):
    metadata = data(nest_query("project"), {"key": "juice-shop"}, operation="NestProjectMetadata")["project"]
    milestone = metadata["recentMilestones"][0]
    assert milestone == {
        "id": milestone["id"],
        "title": "Version 2.0",
        "url": "https://github.com/PyGithub/PyGithub/milestone/7",
        "body": "The next major release.",
        "progress": 25.0,
        "state": "open",
    }

    everyone = data(nest_query("project"), {"key": "juice-shop"}, operation="NestProjectContributors")
    fewer = data(
        nest_query("project"),
        {"key": "juice-shop", "excludedUsernames": ["JACQUEV6"], "limit": 3},
        operation="NestProjectContributors",
    )
    named = data(nest_query("project"), {"key": "juice-shop", "hasFullName": True}, operation="NestProjectContributors")
    assert everyone["topContributors"][0]["login"] == "jacquev6"
    assert "jacquev6" not in [row["login"] for row in fewer["topContributors"]]
    assert len(fewer["topContributors"]) == 3
    assert [row["login"] for row in named["topContributors"]] == ["jacquev6"]  # the only profile with a name


def test_search_projects_finds_listed_projects_by_name(data, github_site):
    found = data(nest_query("project"), {"query": "juice"}, operation="NestSearchProjects")["searchProjects"]
    assert found[0]["name"] == "OWASP Juice Shop"
    assert data(nest_query("project"), {"query": "j"}, operation="NestSearchProjects")["searchProjects"] == []


def test_chapter_page_query_answers_the_chapters_place_and_leaders(data, github_site):
    chapter = next(page for page in factories.real_chapters() if page.leaders.exists() and page.country)
    result = data(nest_query("chapter"), {"key": chapter.key}, operation="NestChapter")["chapter"]

    assert result["name"] == chapter.title
    assert result["region"] == chapter.region
    assert result["suggestedLocation"] == chapter.place
    assert result["entityLeaders"][0]["memberName"] == page_leaders(chapter.pk)[0].name
    if chapter.latitude is None:
        assert result["geoLocation"] is None
    else:
        assert result["geoLocation"] == {"lat": chapter.latitude, "lng": chapter.longitude}
    countries = data(nest_query("chapter"), operation="NestChapterCountries")["chapterCountries"]
    assert chapter.country in countries and countries == sorted(countries)


def test_committee_page_query_reads_the_figures_of_its_www_repository(data, github_site):
    committee = github_site["committee"]
    result = data(nest_query("committee"), {"key": committee.key}, operation="NestCommittee")

    assert result["committee"]["name"] == committee.title
    assert result["committee"]["starsCount"] == 7
    assert result["committee"]["forksCount"] == 3
    assert result["committee"]["issuesCount"] == 2
    assert result["committee"]["repositoriesCount"] == 1
    assert result["committee"]["contributorsCount"] == 1
    assert result["topContributors"] == [
        {"login": "jacquev6", "name": github_site["top"].name, "avatarUrl": "", "contributionsCount": 12}
    ]


def test_a_committee_whose_repository_was_never_synced_has_unknown_figures(data, github_site):
    other = CommitteePage.objects.listed().exclude(pk=github_site["committee"].pk).first()
    result = data(nest_query("committee"), {"key": other.key}, operation="NestCommittee")["committee"]

    assert result["name"] == other.title
    assert [result[name] for name in ("starsCount", "forksCount", "issuesCount", "contributorsCount")] == [None] * 4


def test_organization_page_query_sums_its_repositories(data, github_site):
    result = data(nest_query("organization"), {"login": "PyGithub"}, operation="NestOrganization")

    stats = result["organization"]["stats"]
    assert stats["totalRepositories"] == 1
    assert stats["totalStars"] == 7122
    assert (
        stats["totalContributors"] == RepositoryContributor.objects.filter(repository=github_site["repository"]).count()
    )
    assert result["organization"]["company"] is None  # not synced: unknown
    assert [repository["name"] for repository in result["repositories"]] == ["PyGithub"]
    assert len({issue["author"]["login"] for issue in result["recentIssues"]}) == len(result["recentIssues"])


def test_repository_page_query_answers_its_languages_licence_issues_and_releases(data, github_site):
    result = data(
        nest_query("repository"),
        {"organizationKey": "pygithub", "repositoryKey": "PYGITHUB"},
        operation="NestRepository",
    )
    repository = result["repository"]

    assert repository["name"] == "PyGithub"
    assert repository["license"] == "LGPL-3.0"
    assert repository["languages"] == ["Python", "Shell"]
    assert repository["project"] == {"key": "juice-shop", "name": "OWASP Juice Shop"}
    assert repository["commitsCount"] is None  # only a year of commits is synced: the total is unknown
    assert len(repository["issues"]) == 5
    assert repository["releases"][0]["tagName"] == "v1.55"
    assert result["topContributors"][0]["login"] == "jacquev6"
    assert repository["recentMilestones"][0]["author"]["login"] == "jacquev6"


def test_member_page_query_answers_their_counts_and_repositories(data, github_site):
    top = github_site["top"]
    result = data(nest_query("user"), {"key": "jacquev6"}, operation="NestMember")

    assert result["user"]["login"] == "jacquev6"
    assert result["user"]["name"] == top.name
    assert result["user"]["contributionsCount"] == 355 + 12  # PyGithub's list, and the committee repository
    assert result["user"]["issuesCount"] == Issue.objects.filter(author=top).count()
    assert result["user"]["followersCount"] is None  # not synced: unknown
    assert result["topContributedRepositories"][0]["name"] == "PyGithub"
    assert result["recentMilestones"][0]["title"] == "Version 2.0"
    staff = data(nest_query("user"), {"login": "jacquev6"}, operation="NestMemberIsStaff")
    assert staff == {"user": {"isOwaspStaff": None}}


def test_unknown_keys_answer_null_not_an_error(data, github_site):
    assert data(nest_query("project"), {"key": "no-such-project"}, operation="NestProjectMetadata") == {"project": None}
    assert data(nest_query("user"), {"key": "no-such-user-0"}, operation="NestLeader") == {"user": None}
    assert data(nest_query("chapter"), {"key": "x" * 150}, operation="NestChapterMetadata") == {"chapter": None}


RECENT_ISSUES = """
query Recent($login: String) {
  recentIssues(limit: 3, login: $login) { title state }
  project(key: "juice-shop") { recentIssues(limit: 3) { title state } }
}
"""


def test_recent_issues_are_the_newest_whatever_their_state_as_nest_s(data, github_site):
    repository = github_site["github"]["repository"]
    closed = factories.make_issue(repository, title="Closed just now", state="closed", created_at=timezone.now())
    opened = factories.make_issue(
        repository, title="Opened a minute ago", created_at=timezone.now() - timedelta(minutes=1)
    )

    result = data(RECENT_ISSUES)

    for issues in (result["recentIssues"], result["project"]["recentIssues"]):
        assert [issue["title"] for issue in issues[:2]] == [closed.title, opened.title]
        assert [issue["state"] for issue in issues[:2]] == ["closed", "open"]
