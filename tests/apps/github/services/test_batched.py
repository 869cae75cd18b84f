"""The batched readings the APIs use give, for many rows at once, what the one-row services give for each."""

import pytest

from apps.github.models import Issue, Release
from apps.github.services.contributors import (
    top_contributors,
    top_contributors_by_project,
    top_contributors_per_repository,
)
from apps.github.services.health import recent_health_records
from apps.github.services.heatmap import member_heatmap, member_heatmaps, project_heatmap, project_heatmaps
from apps.github.services.members import member_counts, top_contributions
from apps.github.services.per_repository import newest_rows, newest_rows_per_repository
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    people = [factories.make_user(f"dev{n}", name=f"Dev {n}") for n in range(5)]
    bot = factories.make_user("helper[bot]")
    pages = []
    for n in range(3):
        project = factories.make_project(f"Batched {n}")
        for r in range(2):
            repository = factories.make_repository(project=project)
            for i in range(4):
                factories.make_issue(repository, author=people[i], created_at=factories.at(10 * r + i + n))
            factories.make_release(repository, published_at=factories.at(r + n))
            for p, person in enumerate(people):
                factories.make_contributor(repository, person, 10 * ((p + n + r) % 5) + 1)
            factories.make_contributor(repository, bot, 1000)
            factories.make_commit(repository, author=people[n], authored_at=factories.at(n))
        pages.append(project)
    return pages, people


def test_newest_rows_per_repository_are_each_repositorys_own_newest(projects):
    pages, _ = projects
    repositories = [repository.pk for page in pages for repository in page.repositories.all()]

    found = newest_rows_per_repository(Issue.objects.open(), repositories, limit=3, by="created_at")

    for repository_id in repositories:
        assert found[repository_id] == newest_rows(Issue.objects.open(), [repository_id], limit=3, by="created_at")
    releases = newest_rows_per_repository(Release.objects.published(), repositories, limit=1, by="published_at")
    assert all(len(rows) == 1 for rows in releases.values())


def test_top_contributors_by_project_and_per_repository_agree_with_the_one_project_service(projects):
    pages, _ = projects

    by_project = top_contributors_by_project([page.pk for page in pages], limit=3)
    per_repository = top_contributors_per_repository([r.pk for r in pages[0].repositories.all()], limit=2)

    for page in pages:
        ids = list(page.repositories.values_list("id", flat=True))
        assert by_project[page.pk] == top_contributors(ids, limit=3)
        assert "helper[bot]" not in [row["user__login"] for row in by_project[page.pk]]
    for repository_id, rows in per_repository.items():
        assert rows == top_contributors([repository_id], limit=2)


def test_member_counts_contributions_and_heatmaps_for_many_users(projects):
    pages, people = projects

    counts = member_counts([person.pk for person in people])
    contributions = top_contributions([person.pk for person in people], limit=2)
    heatmaps = member_heatmaps([person.pk for person in people])
    project_maps = project_heatmaps([page.pk for page in pages])

    assert counts[people[0].pk]["issues"] == Issue.objects.filter(author=people[0]).count() == 6
    assert counts[people[4].pk]["issues"] == 0
    assert counts[people[0].pk]["repositories"] == 6
    assert [row.contributions for row in contributions[people[0].pk]] == [31, 21]
    for person in people:
        assert heatmaps[person.pk].counts == member_heatmap(person).counts
    for page in pages:
        assert project_maps[page.pk].counts == project_heatmap(page).counts


def test_recent_health_records_are_each_projects_newest_oldest_first(projects):
    from datetime import timedelta

    from django.utils import timezone

    from apps.github.models import HealthThreshold
    from apps.github.services.health import record_project_health

    pages, _ = projects
    for level in ("incubator", "lab", "production", "flagship", "unknown"):
        HealthThreshold.objects.get_or_create(level=level)
    today = timezone.now().date()
    for days in range(4, -1, -1):
        record_project_health(on=today - timedelta(days=days), projects=pages)

    found = recent_health_records([page.pk for page in pages], limit=3)

    for page in pages:
        assert [record.date for record in found[page.pk]] == [today - timedelta(days=d) for d in (2, 1, 0)]
