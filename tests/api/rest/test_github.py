"""Organizations, repositories, issues, milestones, releases and members on GitHub data stored by the real
sync from the fake GitHub (generated OWASP organization plus recorded ones)."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from apps.github.models import (
    Commit,
    Issue,
    Milestone,
    Organization,
    PullRequest,
    Release,
    Repository,
    RepositoryContributor,
    User,
)
from tests import factories
from tests.api.rest.conftest import ORG, get_json, walk

pytestmark = pytest.mark.django_db


def test_organizations_list_filters_and_detail(client, synced_github, data_dir):
    factories.recorded_github(data_dir)  # PyGithub's organization beside the generated OWASP one
    body = get_json(client, "/api/v0/organizations/")
    by_q = get_json(client, "/api/v0/organizations/", {"q": "login:owasp"})
    detail = get_json(client, "/api/v0/organizations/owasp")

    assert {item["login"] for item in body["items"]} == set(Organization.objects.values_list("login", flat=True))
    assert body["total_count"] == Organization.objects.count() >= 2
    assert [item["login"] for item in by_q["items"]] == [ORG]
    organization = Organization.objects.get(login=ORG)
    assert (detail["login"], detail["name"], detail["location"], detail["company"]) == (
        ORG,
        organization.name,
        organization.location,
        "",
    )
    assert detail["created_at"] == organization.created_at.isoformat().replace("+00:00", "Z")
    located = Organization.objects.exclude(location="").first()
    if located is not None:
        assert located.login in [
            i["login"] for i in walk(client, "/api/v0/organizations/", {"location": located.location.upper()})
        ]


def test_repositories_list_filters_and_detail(client, synced_github):
    present = Repository.objects.present()
    body = get_json(client, "/api/v0/repositories/")
    owasp = walk(client, "/api/v0/repositories/", {"organization_id": "owasp"})

    assert body["total_count"] == present.count()
    created = [item["created_at"] for item in body["items"]]
    assert created == sorted(created, reverse=True)  # Nest's default: newest first
    assert {item["key"] for item in owasp} == {
        f"{ORG}/{repo.name}" for repo in synced_github.repos.values() if not repo.gone
    }
    repository = present.filter(organization__login=ORG).order_by("-stars_count").first()
    detail = get_json(client, f"/api/v0/repositories/{ORG.lower()}/{repository.name.upper()}")
    contributors = RepositoryContributor.objects.filter(repository=repository)
    assert detail["name"] == repository.name and detail["key"] == repository.full_name
    assert detail["stars_count"] == repository.stars_count and detail["forks_count"] == repository.forks_count
    assert detail["open_issues_count"] == repository.open_issues_count
    assert detail["contributors_count"] == contributors.count() > 0
    assert detail["commits_count"] == contributors.aggregate(total=Sum("contributions"))["total"]
    assert detail["unknown_fields"] == {}
    assert (
        sum(detail["heatmap"]["counts"].values())
        == detail["heatmap"]["total"]
        == Commit.objects.filter(
            repository=repository, authored_at__date__gt=timezone.now().date() - timedelta(days=365)
        ).count()
    )
    language = repository.language
    assert {item["key"] for item in walk(client, "/api/v0/repositories/", {"language": language})} == {
        repo.full_name for repo in present.filter(language__iexact=language)
    }


def test_a_repository_whose_contributors_were_never_read_says_so(client, data_dir):
    repository = factories.make_repository("no-contributors-yet")

    detail = get_json(client, f"/api/v0/repositories/OWASP/{repository.name}")

    assert (detail["contributors_count"], detail["commits_count"]) == (0, 0)  # Nest's type: an integer
    assert set(detail["unknown_fields"]) >= {"contributors_count", "commits_count"}


def test_issues_list_filters_order_and_detail(client, synced_github):
    body = get_json(client, "/api/v0/issues/")
    open_issues = get_json(client, "/api/v0/issues/", {"state": "open"})
    repository = Repository.objects.filter(organization__login=ORG).order_by("-open_issues_count").first()
    in_repository = walk(client, "/api/v0/issues/", {"organization": ORG, "repository": repository.name})

    assert body["total_count"] == Issue.objects.count() > 200  # pull requests are not issues
    created = [item["created_at"] for item in body["items"]]
    assert created == sorted(created, reverse=True)
    assert open_issues["total_count"] == Issue.objects.open().count()
    assert {item["state"] for item in open_issues["items"]} == {"open"}
    assert {item["number"] for item in in_repository} == set(
        Issue.objects.filter(repository=repository).values_list("number", flat=True)
    )
    issue = Issue.objects.filter(labels__isnull=False, assignees__isnull=False).distinct().first()
    detail = get_json(client, f"/api/v0/issues/{issue.repository.owner_login}/{issue.repository.name}/{issue.number}")
    assert (detail["title"], detail["state"], detail["body"], detail["url"]) == (
        issue.title,
        issue.state,
        issue.body,
        f"https://github.com/{issue.repository.full_name}/issues/{issue.number}",
    )
    assert detail["labels"] == sorted(issue.labels.values_list("name", flat=True))
    assert set(detail["assignees"]) == set(issue.assignees.values_list("login", flat=True))
    pull = PullRequest.objects.first()
    get_json(client, f"/api/v0/issues/{pull.repository.owner_login}/{pull.repository.name}/{pull.number}", status=404)


def test_issue_filters_of_ours(client, synced_github):
    label = Issue.objects.filter(labels__isnull=False).values_list("labels__name", flat=True).first()
    labelled = walk(client, "/api/v0/issues/", {"label": label.upper(), "state": "open"})
    unassigned = get_json(client, "/api/v0/issues/", {"assigned": "false", "state": "open"})
    since = Issue.objects.order_by("created_at").values_list("created_at", flat=True)[100]
    recent = get_json(client, "/api/v0/issues/", {"created_after": since.isoformat()})

    assert {item["number"] for item in labelled} == set(
        Issue.objects.open().filter(labels__name=label).values_list("number", flat=True)
    )
    assert all(label in item["labels"] for item in labelled)
    assert unassigned["total_count"] == Issue.objects.open().unassigned().count()
    assert recent["total_count"] == Issue.objects.filter(created_at__gte=since).count()


def test_milestones(client, synced_github):
    milestones = Milestone.objects.all()
    items = walk(client, "/api/v0/milestones/")
    closed = walk(client, "/api/v0/milestones/", {"state": "closed"})
    milestone = milestones.select_related("repository").first()
    detail = get_json(
        client, f"/api/v0/milestones/{milestone.repository.owner_login}/{milestone.repository.name}/{milestone.number}"
    )

    assert len(items) == milestones.count() > 0
    assert {item["state"] for item in closed} <= {"closed"} and len(closed) == milestones.filter(state="closed").count()
    assert detail["title"] == milestone.title and detail["number"] == milestone.number
    assert detail["url"] == f"https://github.com/{milestone.repository.full_name}/milestone/{milestone.number}"
    assert (detail["open_issues_count"], detail["closed_issues_count"]) == (
        milestone.open_issues_count,
        milestone.closed_issues_count,
    )
    assert detail["body"] == milestone.description


def test_releases(client, synced_github):
    published = Release.objects.published()
    body = get_json(client, "/api/v0/releases/")
    release = published.select_related("repository").order_by("-published_at").first()
    by_tag = get_json(client, "/api/v0/releases/", {"tag_name": release.tag_name})
    detail = get_json(
        client, f"/api/v0/releases/{release.repository.owner_login}/{release.repository.name}/{release.tag_name}"
    )

    assert body["total_count"] == published.count() > 0
    times = [item["published_at"] for item in body["items"]]
    assert times == sorted(times, reverse=True)
    assert release.tag_name in {item["tag_name"] for item in by_tag["items"]}
    assert (detail["tag_name"], detail["name"], detail["description"]) == (
        release.tag_name,
        release.name,
        release.description,
    )


def test_a_release_tag_with_slashes_is_found(client, data_dir):
    repository = factories.make_repository("tags")
    factories.make_release(repository, tag="release/2.0", name="Two")

    detail = get_json(client, "/api/v0/releases/OWASP/tags/release/2.0")

    assert detail["tag_name"] == "release/2.0" and detail["name"] == "Two"
    assert get_json(client, "/api/v0/releases/OWASP/tags/release/2.0/") == detail


def test_members_and_their_users_alias(client, synced_github):
    body = get_json(client, "/api/v0/members/")
    alias = get_json(client, "/api/v0/users/")
    user = User.objects.filter(repository_contributions__isnull=False).distinct().first()
    detail = get_json(client, f"/api/v0/members/{user.login.upper()}")

    assert body == alias
    if body["next_cursor"]:  # the alias takes the other's cursors
        assert get_json(client, "/api/v0/users/", {"cursor": body["next_cursor"]}) == get_json(
            client, "/api/v0/members/", {"cursor": body["next_cursor"]}
        )
    assert body["total_count"] == User.objects.count() > 0
    assert detail == get_json(client, f"/api/v0/users/{user.login}")
    assert detail["login"] == user.login and detail["url"] == user.profile_url
    contributions = RepositoryContributor.objects.filter(user=user)
    assert detail["contributions"]["repositories"] == contributions.count()
    assert detail["contributions"]["commits"] == contributions.aggregate(total=Sum("contributions"))["total"]
    assert detail["contributions"]["issues"] == Issue.objects.filter(author=user).count()
    assert [row["repository"] for row in detail["repositories"]] == [
        row.repository.full_name
        for row in contributions.select_related("repository").order_by("-contributions", "repository_id")
    ]
    # A profile never read: Nest's required fields are there, and said to be unknown.
    assert not user.profile_read
    assert detail["created_at"] and {"created_at", "followers_count", "bio"} <= set(detail["unknown_fields"])
    get_json(client, "/api/v0/members/nobody-by-that-name", status=404)


def test_members_filters(client, synced_github):
    User.objects.filter(pk__in=list(User.objects.order_by("id").values_list("id", flat=True)[:3])).update(
        company="@OWASP", location="Paris"
    )
    at_owasp = get_json(client, "/api/v0/members/", {"company": "@owasp"})
    by_login = walk(client, "/api/v0/members/", {"ordering": "login"})

    assert at_owasp["total_count"] == 3 and {item["login"] for item in at_owasp["items"]} == set(
        User.objects.filter(company="@OWASP").values_list("login", flat=True)
    )
    assert [item["login"] for item in by_login] == list(
        User.objects.order_by("login", "id").values_list("login", flat=True)
    )
    bots = get_json(client, "/api/v0/members/", {"type": "Bot"})
    assert bots["total_count"] == User.objects.filter(type="Bot").count()
