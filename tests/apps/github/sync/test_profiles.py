"""Member profiles: the users the site shows (leaders' trusted matches, projects' top contributors) get their
name, bio, company, location and avatar from ``/users/{login}``, asked with the ETag last seen, weekly, and no
other user is asked."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.github.models import LeaderGitHubMatch, Repository, User
from apps.github.services.leaders import match_leaders
from apps.github.sync.profiles import REFRESH_AFTER, sync_profiles, users_shown
from tests.apps.github.conftest import ORG
from tests.apps.github.sync.test_projects import project
from tests.factories import add_leader
from tests.fakes.github import make_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]


@pytest.fixture
def shown(run_sync, github_dataset):
    """A project over the busiest repository, and one leader matched to a user who contributes nothing."""
    repo = max(github_dataset.organizations[ORG].repos.values(), key=lambda r: len(r.contributors))
    page = project("www-project-profiles", f"https://github.com/{repo.full_name}")
    run_sync()
    contributors = {contributor.user for contributor in repo.contributors}
    leader = next(user for user in User.objects.people() if user.pk not in contributors)
    add_leader(page, "A Leader", github_login=leader.login)
    match_leaders()  # an exact login: a trusted match
    assert LeaderGitHubMatch.objects.trusted().filter(user=leader).exists()
    return {"repo": repo, "leader": leader, "page": page}


def test_profiles_are_read_for_the_users_the_site_shows_only(fake_github, github_dataset, shown):
    expected = users_shown()
    assert shown["leader"].pk in expected
    assert len(expected) < User.objects.count()  # not everybody
    fake_github.reset_log()

    with make_client(fake_github) as client:
        report = sync_profiles(client)

    assert report.changed == len(expected) and not report.errors
    asked = {request.target.removeprefix("/users/") for request in fake_github.requests("/users/")}
    assert asked == set(User.objects.filter(pk__in=expected).values_list("login", flat=True))
    for user in User.objects.filter(pk__in=expected):
        profile = github_dataset.users[user.pk].profile()
        assert (user.name, user.bio, user.location, user.avatar_url) == (
            profile["name"],
            profile["bio"],
            profile["location"],
            profile["avatar_url"],
        )
        assert user.company == (profile["company"] or "") and user.profile_read and user.profile_etag
    assert not User.objects.exclude(pk__in=expected).filter(profile_synced_at__isnull=False).exists()


def test_a_weekly_refresh_asks_conditionally_and_stores_what_changed(fake_github, github_dataset, shown):
    with make_client(fake_github) as client:
        sync_profiles(client)
        again = sync_profiles(client)
    assert again.asked == 0  # read this week: not due

    leader = shown["leader"]
    github_dataset.edit_profile(leader.pk, bio="Now leading the profiles project")
    User.objects.update(profile_synced_at=timezone.now() - REFRESH_AFTER - timedelta(minutes=1))  # a week on
    fake_github.reset_log()

    with make_client(fake_github) as client:
        report = sync_profiles(client)

    assert report.changed == 1 and report.unchanged == report.asked - 1
    assert all(request.conditional for request in fake_github.requests("/users/"))
    assert fake_github.count(r"^/users/", 200) == 1  # the edited one; every other answered 304
    assert User.objects.get(pk=leader.pk).bio == "Now leading the profiles project"


def test_a_user_github_no_longer_serves_keeps_the_profile_last_read(fake_github, github_dataset, shown):
    leader = shown["leader"]
    with make_client(fake_github) as client:
        sync_profiles(client, user_ids={leader.pk})
        name = User.objects.get(pk=leader.pk).name
        del github_dataset.users[leader.pk]
        report = sync_profiles(client, user_ids={leader.pk}, force=True)

    assert report.missing == 1 and User.objects.get(pk=leader.pk).name == name


def test_the_weekly_beat_row_runs_the_profile_task():
    row = PeriodicTask.objects.get(task="github.sync_profiles")
    assert row.enabled and row.crontab.day_of_week == "0"
    assert Repository.objects.count() == 0  # (no sync here: the row exists from the migration alone)
