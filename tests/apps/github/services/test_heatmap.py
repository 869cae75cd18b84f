import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest

from apps.github.models import Commit, LeaderGitHubMatch
from apps.github.services.heatmap import chapter_heatmap, member_heatmap, project_heatmap
from apps.github.services.leaders import confirm_matches, match_leaders
from tests.factories import (
    add_leader,
    make_chapter,
    make_commit,
    make_project,
    make_repository,
    make_user,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
START = TODAY - timedelta(days=364)


def moment(day: date, seconds: int = 43_200) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC) + timedelta(seconds=seconds)


def per_day(commits) -> Counter:
    """The expected counts, straight from the rows: UTC day of authoring, within the last 365 days."""
    return Counter(
        commit.authored_at.astimezone(UTC).date()
        for commit in commits
        if START <= commit.authored_at.astimezone(UTC).date() <= TODAY
    )


@pytest.fixture
def activity():
    """Commits on random days (some outside the window) in two repositories of a project and one elsewhere."""
    rng = random.Random(7)
    project, other_project = make_project("Juice Shop"), make_project("Other")
    repos = [make_repository(project=project), make_repository(project=project)]
    elsewhere = make_repository(project=other_project)
    alice, bob = make_user("alice", name="Alice A"), make_user("bob", name="Bob B")
    for _ in range(300):
        day = TODAY - timedelta(days=rng.randint(-3, 420))  # a few in the future, some older than a year
        make_commit(
            rng.choice([*repos, elsewhere]),
            author=rng.choice([alice, bob, None]),
            authored_at=moment(day, rng.randint(0, 86_399)),
        )
    # The window's edges: the first second of the first day and the last second of today count.
    make_commit(repos[0], author=alice, authored_at=moment(START, 0))
    make_commit(repos[0], author=alice, authored_at=moment(TODAY, 86_399))
    make_commit(repos[0], author=alice, authored_at=moment(START, 0) - timedelta(seconds=1))
    return project, repos, alice, bob


def test_project_heatmap_counts_every_commit_of_its_repositories(activity, django_assert_num_queries):
    project, repos, _alice, _bob = activity
    with django_assert_num_queries(1):
        heatmap = project_heatmap(project, today=TODAY)

    expected = per_day(Commit.objects.filter(repository__in=repos))
    assert heatmap.counts == dict(expected)
    assert heatmap.total == sum(expected.values())
    assert (heatmap.start, heatmap.end) == (START, TODAY)
    assert heatmap.count(START) >= 1 and heatmap.count(TODAY) >= 1
    assert len(list(heatmap.days())) == 365


def test_member_heatmap_counts_every_commit_of_the_user(activity, django_assert_num_queries):
    _project, _repos, _alice, bob = activity
    with django_assert_num_queries(1):
        heatmap = member_heatmap(bob, today=TODAY)
    assert heatmap.counts == dict(per_day(Commit.objects.filter(author=bob)))
    assert heatmap.total > 0


def test_chapter_heatmap_counts_the_commits_of_its_trusted_leaders(activity, admin_user, django_assert_num_queries):
    _project, _repos, alice, bob = activity
    chapter = make_chapter("London")
    add_leader(chapter, "Alice A", github_login="alice")  # an exact login: trusted
    by_name = add_leader(chapter, "Bob B", order=1)  # a name: trusted once staff confirm it
    add_leader(chapter, "Nobody Here", order=2)
    match_leaders()

    with django_assert_num_queries(1):
        heatmap = chapter_heatmap(chapter, today=TODAY)
    assert heatmap.counts == dict(per_day(Commit.objects.filter(author=alice)))

    confirm_matches(LeaderGitHubMatch.objects.filter(leader=by_name), by=admin_user)
    heatmap = chapter_heatmap(chapter, today=TODAY)
    assert heatmap.counts == dict(per_day(Commit.objects.filter(author__in=[alice, bob])))


def test_heatmap_as_dict_is_compact_and_json_ready(activity):
    project, *_ = activity
    heatmap = project_heatmap(project, today=TODAY, days=30)
    data = heatmap.as_dict()
    assert data["start"] == (TODAY - timedelta(days=29)).isoformat()
    assert data["end"] == TODAY.isoformat()
    assert data["total"] == sum(data["counts"].values())
    assert all(count > 0 for count in data["counts"].values())
    assert list(data["counts"]) == sorted(data["counts"])
