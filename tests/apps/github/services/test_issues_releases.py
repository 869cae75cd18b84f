import pytest

from apps.github.services.figures import refresh_project_figures
from apps.github.services.issues import latest_open_issues
from apps.github.services.releases import latest_releases, recent_releases
from tests import factories
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_latest_open_issues_across_repositories_newest_first():
    busy, quiet = factories.make_repository(), factories.make_repository()
    old_in_busy = [factories.make_issue(busy, created_at=factories.at(100 + n)) for n in range(12)]
    newest = factories.make_issue(quiet, created_at=factories.at(1))
    factories.make_issue(quiet, created_at=factories.at(0.5), state="closed")
    fresh_in_busy = factories.make_issue(busy, created_at=factories.at(2), assignee=factories.make_user("helper"))

    issues = latest_open_issues([busy.pk, quiet.pk], limit=4)

    assert issues == [newest, fresh_in_busy, old_in_busy[0], old_in_busy[1]]
    assert issues[1].assignee.login == "helper"
    assert latest_open_issues([], limit=4) == []


def test_recorded_repositorys_latest_open_issues(data_dir):
    recorded = factories.recorded_github(data_dir)
    open_issues = sorted(
        (issue for issue in recorded["issues"] if issue.state == "open"),
        key=lambda issue: (issue.created_at, issue.pk),
        reverse=True,
    )

    assert latest_open_issues([recorded["repository"].pk], limit=3) == open_issues[:3]


def test_latest_releases_leave_out_drafts_and_unpublished(data_dir):
    recorded = factories.recorded_github(data_dir)
    repository = recorded["repository"]
    other = factories.make_repository()
    factories.make_release(other, tag="draft", is_draft=True, published_at=factories.at(0))
    newest = factories.make_release(other, tag="v9", published_at=factories.at(1))
    published = sorted(
        (release for release in recorded["releases"] if not release.is_draft and release.published_at),
        key=lambda release: (release.published_at, release.pk),
        reverse=True,
    )

    releases = latest_releases([repository.pk, other.pk], limit=3)

    assert releases == [newest, *published[:2]]
    assert "v1.55" in [release.tag_name for release in latest_releases([repository.pk], limit=1)]


def test_recent_releases_give_each_projects_newest_release_newest_first():
    first, second, quiet = make_project("First"), make_project("Second"), make_project("Quiet")
    first_repo, first_other = factories.make_repository(project=first), factories.make_repository(project=first)
    gone = factories.make_repository(project=second, is_gone=True)
    second_repo = factories.make_repository(project=second)
    factories.make_release(first_repo, tag="f1", published_at=factories.at(10))
    newest_of_first = factories.make_release(first_other, tag="f2", published_at=factories.at(2))
    factories.make_release(gone, tag="gone", published_at=factories.at(0))  # its repository is gone
    newest_of_second = factories.make_release(second_repo, tag="s1", published_at=factories.at(5))
    factories.make_release(factories.make_repository(project=quiet), tag="q", is_draft=True)
    refresh_project_figures()

    releases = recent_releases(5)

    assert releases == [newest_of_first, newest_of_second]
    assert releases[0].repository.project.title == "First"


def test_latest_rows_cost_the_same_few_queries_for_many_repositories(django_assert_num_queries):
    repositories = [factories.make_repository() for _ in range(30)]
    for n, repository in enumerate(repositories):
        factories.make_issue(repository, created_at=factories.at(n + 1), assignee=factories.make_user())
        factories.make_release(repository, tag=f"v{n}", published_at=factories.at(n + 1))
    ids = [repository.pk for repository in repositories]

    with django_assert_num_queries(2):  # the issues, their assignees
        issues = latest_open_issues(ids, limit=10)
        assert [issue.assignee.login for issue in issues]
    with django_assert_num_queries(1):
        releases = latest_releases(ids, limit=5)

    assert [issue.repository_id for issue in issues] == ids[:10]
    assert [release.tag_name for release in releases] == ["v0", "v1", "v2", "v3", "v4"]
