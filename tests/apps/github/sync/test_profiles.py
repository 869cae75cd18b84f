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


def _mentor_of(page, user, *, key, status):
    """``user`` appointed mentor of a module, on ``page``, of a program of ``status``."""
    from apps.mentorship.models import Mentor, Module, Program

    now = timezone.now()
    program = Program.objects.create(
        key=key, name=key, started_at=now - timedelta(days=1), ended_at=now + timedelta(days=60), status=status
    )
    module = Module.objects.create(program=program, key="module", name="A module", project=page)
    mentor, _ = Mentor.objects.get_or_create(github_user=user)
    module.mentors.add(mentor)
    return mentor


def test_a_public_programs_mentor_is_read_and_refreshed_conditionally(fake_github, github_dataset, shown):
    from apps.mentorship.models import ProgramStatus

    others = User.objects.people().exclude(pk__in=users_shown()).order_by("pk")
    mentor, drafted = others[0], others[1]  # neither a leader nor a top contributor
    _mentor_of(shown["page"], mentor, key="gsoc-2026", status=ProgramStatus.PUBLISHED)
    _mentor_of(shown["page"], drafted, key="draft-2027", status=ProgramStatus.DRAFT)  # the site hides drafts
    assert mentor.pk in users_shown() and drafted.pk not in users_shown()
    fake_github.reset_log()

    with make_client(fake_github) as client:
        report = sync_profiles(client)

    assert not report.errors
    asked = {request.target.removeprefix("/users/") for request in fake_github.requests("/users/")}
    assert mentor.login in asked and drafted.login not in asked
    stored, profile = User.objects.get(pk=mentor.pk), github_dataset.users[mentor.pk].profile()
    assert (stored.name, stored.bio, stored.location, stored.avatar_url) == (
        profile["name"],
        profile["bio"],
        profile["location"],
        profile["avatar_url"],
    )
    assert stored.profile_etag and stored.profile_read
    assert User.objects.get(pk=drafted.pk).profile_synced_at is None

    # A week on, the mentor's profile is asked with its ETag: unchanged, a 304; edited, the new bio stored.
    User.objects.update(profile_synced_at=timezone.now() - REFRESH_AFTER - timedelta(minutes=1))
    fake_github.reset_log()
    with make_client(fake_github) as client:
        sync_profiles(client, user_ids={mentor.pk})
    (request,) = fake_github.requests("/users/")
    assert request.target == f"/users/{mentor.login}" and request.conditional and request.status == 304

    github_dataset.edit_profile(mentor.pk, bio="Mentoring this summer")
    User.objects.filter(pk=mentor.pk).update(profile_synced_at=timezone.now() - REFRESH_AFTER - timedelta(minutes=1))
    with make_client(fake_github) as client:
        report = sync_profiles(client)
    assert report.changed == 1 and User.objects.get(pk=mentor.pk).bio == "Mentoring this summer"
