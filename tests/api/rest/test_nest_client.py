"""OWASP Nest's own published client (PyPI ``owasp-nest`` 0.5.0), unchanged, against this site served by a live
test server: every list and get operation of its resources answers, and its own models validate the data
(they raise ResponseValidationError otherwise), the community snapshots' too. No API key is sent: reading needs none."""

from datetime import UTC, datetime

import httpx
import pytest
from owasp_nest import Nest, models

from apps.github.models import Issue, Milestone, Release, Repository, User
from apps.owasp.models import Snapshot, SnapshotStatus
from apps.owasp.services.snapshots import build_snapshot
from cms.models import ChapterPage, EventPage, ProjectPage, Sponsor
from tests import factories
from tests.api.rest.conftest import ORG


def _without_key(request: httpx.Request) -> None:
    request.headers.pop("X-API-Key", None)


@pytest.fixture
def nest(live_server):
    client = httpx.Client(follow_redirects=False, event_hooks={"request": [_without_key]})
    with Nest(api_key="unused", server_url=live_server.url, client=client) as sdk:
        yield sdk


@pytest.fixture
def site(synced_owasp, synced_github, data_dir):
    factories.recorded_github(data_dir)
    return synced_github


def test_every_list_operation_of_nest_s_client_validates(nest, site):
    pages = {
        "projects": nest.projects.list_projects(page_size=10),
        "chapters": nest.chapters.list_chapters(page_size=10),
        "committees": nest.committees.list_committees(),
        "events": nest.events.list_events(),
        "sponsors": nest.sponsors.list_sponsors(),
        "organizations": nest.community.list_organizations(),
        "members": nest.community.list_members(page_size=50),
        "repositories": nest.repositories.list_repositories(),
        "issues": nest.issues.list_issues(page_size=20),
        "milestones": nest.milestones.list_milestones(),
        "releases": nest.releases.list_releases(),
    }

    assert isinstance(pages["projects"], models.PagedProject)
    for name, page in pages.items():
        assert page.items, name
        assert page.total_count >= len(page.items) and page.current_page == 1, name
    assert pages["projects"].total_count == ProjectPage.objects.listed().count()
    assert pages["chapters"].total_count == ChapterPage.objects.listed().count()
    assert pages["events"].total_count == EventPage.objects.listed().count()
    assert pages["sponsors"].total_count == Sponsor.objects.active().count()
    assert pages["members"].total_count == User.objects.count()
    assert pages["issues"].total_count == Issue.objects.count()
    assert pages["releases"].total_count == Release.objects.published().count()
    assert pages["milestones"].total_count == Milestone.objects.count()
    assert pages["repositories"].total_count == Repository.objects.present().count()
    assert {item.login for item in pages["organizations"].items} >= {ORG, "PyGithub"}


def test_nest_s_filters_and_orderings_through_its_client(nest, site):
    flagship = nest.projects.list_projects(level=models.ProjectLevel.FLAGSHIP, page_size=100)
    tools = nest.projects.list_projects(type_=[models.ProjectType.TOOL], q="name:zap")
    belgium = nest.chapters.list_chapters(country="Belgium")
    upcoming = nest.events.list_events(is_upcoming=True, ordering=models.ListEventsOrdering.START_DATE)
    globals_ = nest.events.list_events(category=[models.Category.GLOBAL])
    members = nest.sponsors.list_sponsors(is_member=True, member_type=models.MemberType.GOLD)
    open_issues = nest.issues.list_issues(
        organization=ORG, state=models.IssueState.OPEN, page_size=5, ordering=models.ListIssuesOrdering.MINUS_UPDATED_AT
    )
    repositories = nest.repositories.list_repositories(organization_id=ORG)
    oldest = nest.community.list_members(ordering=models.ListMembersOrdering.LOGIN, page_size=5)

    assert {item.level for item in flagship.items} == {models.ProjectLevel.FLAGSHIP}
    assert [item.key for item in tools.items] == ["zap"]
    assert {item.key for item in belgium.items} >= {"belgium"}
    assert all(item.start_date for item in upcoming.items)
    assert [item.start_date for item in upcoming.items] == sorted(item.start_date for item in upcoming.items)
    assert globals_.items and all(item.key for item in globals_.items)
    assert members.total_count == Sponsor.objects.active().filter(member_tier="gold").count()
    assert {item.state for item in open_issues.items} == {models.IssueState.OPEN}
    updated = [item.updated_at for item in open_issues.items]
    assert updated == sorted(updated, reverse=True)
    assert repositories.total_count == Repository.objects.present().filter(owner_login=ORG).count()
    assert [item.login for item in oldest.items] == list(
        User.objects.order_by("login", "id").values_list("login", flat=True)[:5]
    )


def test_every_get_operation_of_nest_s_client_validates(nest, site):
    repository = Repository.objects.filter(organization__login=ORG).order_by("name").first()
    issue = Issue.objects.filter(repository=repository).order_by("number").first()
    milestone = Milestone.objects.select_related("repository").order_by("id").first()
    release = Release.objects.published().select_related("repository").order_by("id").first()
    member = User.objects.filter(repository_contributions__isnull=False).order_by("login").first()
    event = EventPage.objects.listed().filter(start_date__isnull=False).order_by("id").first()

    project = nest.projects.get_project(project_id="juice-shop")
    chapter = nest.chapters.get_chapter(chapter_id="london")
    committee = nest.committees.get_committee(committee_id="project")
    got_event = nest.events.get_event(event_id=event.short_key)
    sponsor = nest.sponsors.get_sponsor(sponsor_id="adobe")
    organization = nest.community.get_organization(organization_id=ORG)
    got_member = nest.community.get_member(member_id=member.login)
    got_repository = nest.repositories.get_repository(organization_id=ORG, repository_id=repository.name)
    got_issue = nest.issues.get_issue(organization_id=ORG, repository_id=repository.name, issue_id=issue.number)
    got_milestone = nest.milestones.get_milestone(
        organization_id=milestone.repository.owner_login,
        repository_id=milestone.repository.name,
        milestone_id=milestone.number,
    )
    got_release = nest.releases.get_release(
        organization_id=release.repository.owner_login,
        repository_id=release.repository.name,
        release_id=release.tag_name,
    )
    recorded = nest.repositories.get_repository(organization_id="PyGithub", repository_id="PyGithub")

    assert isinstance(project, models.ProjectDetail) and project.key == "juice-shop" and project.leaders
    assert isinstance(chapter, models.ChapterDetail) and chapter.key == "london"
    assert isinstance(committee, models.CommitteeDetail) and committee.description
    assert got_event.key == event.short_key and got_event.start_date == event.start_date.isoformat()
    assert isinstance(sponsor, models.SponsorDetail) and sponsor.is_member
    assert organization.login == ORG
    assert got_member.login == member.login
    assert got_repository.name == repository.name and got_repository.stars_count == repository.stars_count
    assert got_issue.title == issue.title and got_issue.body == issue.body
    assert got_milestone.number == milestone.number
    assert got_release.tag_name == release.tag_name
    assert recorded.contributors_count > 0 and recorded.commits_count > 0


def test_nest_s_client_gets_its_errors(nest, site):
    with pytest.raises(models.ProjectError) as missing:
        nest.projects.get_project(project_id="no-such-project")
    with pytest.raises(models.NestAPIError) as invalid:
        nest.projects.list_projects(page_size=1000)

    assert missing.value.data.message == "Project not found"
    assert invalid.value.status_code == 400 and "page_size" in invalid.value.body


@pytest.fixture
def snapshot(site):
    """A snapshot built by the real build over the run's OWASP pages and the recorded PyGithub data: every
    list of it holds items."""
    built = build_snapshot(
        Snapshot.objects.create(
            key="2020-2025",
            title="Five years",
            start_at=datetime(2020, 1, 1, tzinfo=UTC),
            end_at=datetime(2025, 4, 1, tzinfo=UTC),
        )
    )
    assert built.status == SnapshotStatus.COMPLETED and all(built.counts.values()), built.counts
    return built


def test_every_snapshot_operation_of_nest_s_client_validates(nest, snapshot):
    listed = nest.community.list_snapshots(ordering=models.ListSnapshotsOrdering.MINUS_START_AT)
    detail = nest.community.get_snapshot(snapshot_id="2020-2025")
    lists = {
        "projects": nest.community.list_snapshot_projects(
            snapshot_id="2020-2025", ordering=models.ListSnapshotProjectsOrdering.CREATED_AT, page_size=10
        ),
        "chapters": nest.community.list_snapshot_chapters(snapshot_id="2020-2025", page_size=10),
        "issues": nest.community.list_snapshot_issues(
            snapshot_id="2020-2025", ordering=models.ListSnapshotIssuesOrdering.MINUS_UPDATED_AT
        ),
        "releases": nest.community.list_snapshot_releases(
            snapshot_id="2020-2025", ordering=models.ListSnapshotReleasesOrdering.PUBLISHED_AT
        ),
        "members": nest.community.list_snapshot_members(
            snapshot_id="2020-2025", ordering=models.ListSnapshotMembersOrdering.CREATED_AT, page_size=20
        ),
    }

    assert isinstance(listed, models.PagedSnapshot) and [item.key for item in listed.items] == ["2020-2025"]
    assert isinstance(detail, models.SnapshotDetail) and detail.title == "Five years"
    assert (detail.new_projects_count, detail.new_chapters_count, detail.new_issues_count) == (
        snapshot.new_projects_count,
        snapshot.new_chapters_count,
        snapshot.new_issues_count,
    )
    assert (detail.new_releases_count, detail.new_users_count) == (
        snapshot.new_releases_count,
        snapshot.new_users_count,
    )
    assert isinstance(lists["projects"], models.PagedProject) and isinstance(lists["issues"], models.PagedSnapshotIssue)
    assert isinstance(lists["releases"], models.PagedSnapshotRelease) and isinstance(
        lists["members"], models.PagedMember
    )
    for kind, page in lists.items():
        assert page.items and page.total_count == snapshot.counts[kind], kind
    assert {item.organization_login for item in lists["issues"].items} <= {ORG, "PyGithub"}
    assert all(item.repository_name for item in lists["issues"].items + lists["releases"].items)
    updated = [item.updated_at for item in lists["issues"].items]
    assert updated == sorted(updated, reverse=True)
    published = [item.published_at for item in lists["releases"].items]
    assert published == sorted(published)


def test_nest_s_client_gets_the_snapshot_errors(nest, snapshot):
    with pytest.raises(models.SnapshotError) as missing:
        nest.community.get_snapshot(snapshot_id="no-such-snapshot")
    with pytest.raises(models.NestAPIError) as missing_list:
        nest.community.list_snapshot_issues(snapshot_id="no-such-snapshot")

    assert missing.value.data.message == "Snapshot not found"
    assert missing_list.value.status_code == 404 and "Snapshot not found" in missing_list.value.body
