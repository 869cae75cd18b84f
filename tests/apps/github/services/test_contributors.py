import pytest

from apps.github.models import RepositoryContributor, UserType
from apps.github.services.contributors import BOT_ALLOWANCE, top_contributors
from tests import factories

pytestmark = pytest.mark.django_db


def contribute(repository, user, commits):
    RepositoryContributor.objects.create(repository=repository, user=user, contributions=commits)


def test_someone_outside_every_repositorys_top_twelve_can_lead_the_sum():
    repositories = [factories.make_repository() for _ in range(3)]
    steady = factories.make_user("steady")
    for repository in repositories:
        for _ in range(12):
            contribute(repository, factories.make_user(), 10)  # each repository's own top 12: 10 commits each
        contribute(repository, steady, 9)  # 13th everywhere, 27 in all

    top = top_contributors([repository.pk for repository in repositories], limit=12)

    assert top[0] == {
        "user_id": steady.pk,
        "user__login": "steady",
        "user__name": "",
        "user__avatar_url": "",
        "total": 27,
    }
    assert [row["total"] for row in top[1:]] == [10] * 11


def test_bots_and_organizations_are_left_out_and_ties_go_by_user():
    repository = factories.make_repository()
    people = [factories.make_user(f"person{n}") for n in range(2)]
    contribute(repository, factories.make_user("dependabot[bot]"), 500)
    contribute(repository, factories.make_user("renovate", type=UserType.BOT), 400)
    contribute(repository, factories.make_user("some-org", type=UserType.ORGANIZATION), 300)
    for person in reversed(people):
        contribute(repository, person, 5)

    top = top_contributors([repository.pk])

    assert [row["user__login"] for row in top] == ["person0", "person1"]
    assert top_contributors([]) == []


def test_recorded_contributors_sum_over_the_projects_repositories(data_dir):
    recorded = factories.recorded_github(data_dir)
    repository, jacquev6 = recorded["repository"], recorded["top_contributor"]
    second = factories.make_repository("PyGithub-docs", owner="PyGithub")
    contribute(second, jacquev6, 45)

    top = top_contributors([repository.pk, second.pk], limit=3)

    assert top[0]["user__login"] == "jacquev6"
    assert top[0]["total"] == RepositoryContributor.objects.get(repository=repository, user=jacquev6).contributions + 45
    assert [row["total"] for row in top] == sorted((row["total"] for row in top), reverse=True)


def test_more_bots_than_the_allowance_at_the_top_still_give_the_full_list(django_assert_num_queries):
    repository = factories.make_repository()
    for n in range(BOT_ALLOWANCE + 5):
        contribute(repository, factories.make_user(f"helper{n}[bot]"), 1000 - n)
    people = [factories.make_user(f"person{n:02}") for n in range(14)]
    for n, person in enumerate(people):
        contribute(repository, person, 100 - n)

    with django_assert_num_queries(4):  # two rounds of totals and users
        top = top_contributors([repository.pk], limit=12)

    assert [row["user__login"] for row in top] == [person.login for person in people[:12]]
