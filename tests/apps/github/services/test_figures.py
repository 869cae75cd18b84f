from datetime import UTC, datetime

import pytest

from apps.github.models import ProjectFigures, Repository, UserType
from apps.github.services.figures import compute_project_figures, refresh_project_figures
from tests.factories import (
    add_leader,
    make_commit,
    make_contributor,
    make_issue,
    make_project,
    make_pull_request,
    make_release,
    make_repository,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def known_rows():
    """Two projects with hand-counted rows, one without repositories, and rows that must not count."""
    juice, zap, empty = make_project("Juice Shop", level="flagship"), make_project("ZAP"), make_project("Empty")
    main = make_repository(
        project=juice,
        stars_count=10,
        forks_count=3,
        created_at=at(2019, 5, 1),
        pushed_at=at(2026, 1, 1),
        license_spdx_id="MIT",
        license_name="MIT License",
        language="Python",
        languages={"Python": 1000, "HTML": 10},
    )
    side = make_repository(
        project=juice,
        stars_count=5,
        forks_count=1,
        created_at=at(2021, 1, 1),
        pushed_at=at(2026, 3, 1),
        is_archived=True,  # archived repositories still count
        license_spdx_id="NOASSERTION",
        license_name="Other",
        language="Go",
        languages={},  # never read: its primary language is listed with 0 bytes
    )
    gone = make_repository(project=juice, stars_count=100, forks_count=50, is_gone=True, pushed_at=at(2026, 6, 1))
    other = make_repository(
        project=zap, stars_count=7, forks_count=2, license_spdx_id="Apache-2.0", languages={"Java": 5}
    )
    make_repository(project=None, stars_count=1000)  # linked to no project

    alice, bob, carol = make_user("alice"), make_user("bob"), make_user("carol")
    bot = make_user("dependabot[bot]", type=UserType.BOT)
    make_contributor(main, alice, 50)
    make_contributor(side, alice, 3)  # the same person in two repositories counts once
    make_contributor(main, bob, 2)
    make_contributor(side, bot, 99)  # bots are not contributors
    make_contributor(gone, carol, 5)  # gone repositories do not count
    make_contributor(other, carol, 1)

    make_issue(main, state="open", comments=0)  # unanswered, unassigned
    make_issue(main, state="open", comments=2, assignee=bob)
    make_issue(side, state="open", comments=0, assignee=alice)  # unanswered
    make_issue(main, state="closed", comments=0)
    make_issue(gone, state="open")
    make_pull_request(main, state="open", created_at=at(2026, 2, 1))
    make_pull_request(side, state="closed", created_at=at(2026, 4, 1))
    make_pull_request(gone, state="open", created_at=at(2026, 9, 1))
    make_release(main, published_at=at(2025, 1, 1))
    make_release(side, published_at=at(2025, 6, 1))
    make_release(main, published_at=at(2026, 8, 1), is_draft=True)
    make_commit(main, author=alice, authored_at=at(2026, 1, 1))
    make_commit(main, author=bob, authored_at=at(2026, 2, 10))
    make_commit(side, authored_at=at(2025, 12, 1))
    make_commit(gone, authored_at=at(2026, 10, 1))
    add_leader(juice, "Leader One")
    add_leader(juice, "Leader Two", order=1)
    add_leader(zap, "Leader Three")
    return juice, zap, empty


def test_figures_add_up_a_projects_repositories(known_rows):
    juice, zap, empty = known_rows

    figures = compute_project_figures()

    assert figures[juice.pk] == {
        "repositories_count": 2,
        "stars_count": 15,
        "forks_count": 4,
        "contributors_count": 2,
        "open_issues_count": 3,
        "unanswered_issues_count": 2,
        "unassigned_issues_count": 1,
        "pull_requests_count": 2,
        "open_pull_requests_count": 1,
        "releases_count": 2,
        "leaders_count": 2,
        "first_created_at": at(2019, 5, 1),
        "last_pushed_at": at(2026, 3, 1),
        "last_committed_at": at(2026, 2, 10),
        "last_pull_request_at": at(2026, 4, 1),
        "last_released_at": at(2025, 6, 1),
        "languages": {"Python": 1000, "HTML": 10, "Go": 0},
        "licenses": ["MIT", "Other"],
        # How fresh they are: the newest sync of the repositories they add up.
        "synced_at": max(Repository.objects.present().filter(project=juice).values_list("synced_at", flat=True)),
    }
    assert figures[empty.pk]["synced_at"] is None  # no repository: never synced, not "now"
    assert figures[zap.pk]["repositories_count"] == 1
    assert figures[zap.pk]["contributors_count"] == 1
    assert figures[zap.pk]["languages"] == {"Java": 5}
    assert figures[zap.pk]["licenses"] == ["Apache-2.0"]
    assert figures[empty.pk]["repositories_count"] == 0
    assert figures[empty.pk]["last_pushed_at"] is None


def test_refresh_upserts_one_row_per_project_with_a_fixed_number_of_queries(known_rows, django_assert_max_num_queries):
    juice, _zap, empty = known_rows
    # project ids, 9 grouped queries (licenses apart), the upsert, and the transaction's savepoint pair: the
    # same for 3 projects as for 4,000.
    with django_assert_max_num_queries(13):
        report = refresh_project_figures()
    assert (report.projects, report.with_repositories) == (3, 2)
    first = ProjectFigures.objects.get(project=juice)
    assert (first.stars_count, first.contributors_count, first.language_names) == (15, 2, ["Python", "HTML", "Go"])

    make_repository(project=empty, stars_count=4)
    refresh_project_figures()

    assert ProjectFigures.objects.count() == 3
    assert ProjectFigures.objects.get(project=empty).stars_count == 4
    assert ProjectFigures.objects.get(project=juice).refreshed_at >= first.refreshed_at


def test_refresh_of_some_projects_leaves_the_others(known_rows):
    juice, zap, _empty = known_rows
    refresh_project_figures([zap.pk])
    assert list(ProjectFigures.objects.values_list("project_id", flat=True)) == [zap.pk]
    assert compute_project_figures([juice.pk])[juice.pk]["stars_count"] == 15
