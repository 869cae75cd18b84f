"""The mentorship flow through its services: apply, decide (with the mentee limit), assign, tasks from labelled
issues whose status follows GitHub, and the audit trail of every change."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from apps.mentorship.models import (
    Application,
    ApplicationStatus,
    MentorshipAssignment,
    StatusChange,
    Task,
    TaskStatus,
)
from apps.mentorship.services import applications, tasks
from apps.mentorship.services.errors import InvalidRequestError, NotAllowedError
from tests.apps.mentorship.conftest import STATEMENT, github_account
from tests.factories import make_issue, make_pull_request, make_repository

pytestmark = pytest.mark.django_db


def labelled_issue(repository, *names, **fields):
    from apps.github.models import Label

    issue = make_issue(repository, **fields)
    for name in names:
        label, _ = Label.objects.get_or_create(
            id=abs(hash((repository.pk, name))) % 10**12, defaults={"repository": repository, "name": name}
        )
        issue.labels.add(label)
    return issue


def test_the_whole_flow_apply_accept_assign_task_follows_github(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = applications.apply(world.mentee_account, world.module, STATEMENT)
    assert application.status == ApplicationStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [["the-mentor@example.org"]]  # the module's mentor hears of it

    with django_capture_on_commit_callbacks(execute=True):
        applications.decide(world.mentor_account, application, accept=True, note="welcome")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_by == world.mentor_account
    assignment = MentorshipAssignment.objects.get(module=world.module, mentee=application.mentee)
    assert assignment.mentor == world.mentor
    assert mail.outbox[-1].to == ["mentee-one@example.org"]

    repository = make_repository("scanner-rules", project=world.project)
    issue = labelled_issue(repository, "GSoC")  # label names compare case-insensitively, as on GitHub
    labelled_issue(repository, "bug")  # not the module's label
    labelled_issue(make_repository("elsewhere"), "gsoc")  # not the module's project

    report = tasks.refresh_tasks([world.module])

    assert report.created == 1
    task = Task.objects.get(module=world.module)
    assert (task.issue, task.status) == (issue, TaskStatus.TODO)

    deadline = timezone.now() + timedelta(days=14)
    tasks.assign_task(world.mentor_account, task, application.mentee, deadline_at=deadline)
    task.refresh_from_db()
    assert (task.mentee, task.status, task.deadline_at) == (application.mentee, TaskStatus.IN_PROGRESS, deadline)

    pull = make_pull_request(repository, state="open")
    pull.related_issues.add(issue)
    tasks.refresh_tasks([world.module])
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_REVIEW

    pull.merged_at, pull.state = timezone.now(), "closed"
    pull.save()
    report = tasks.refresh_tasks([world.module])
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert report.updated == 1 and report.created == 0

    # The audit trail: who, when, from and to.
    trail = list(
        StatusChange.objects.filter(application=application).values_list("changed_by", "from_status", "to_status")
    )
    assert trail == [
        (world.mentee_account.pk, "", "submitted"),
        (world.mentor_account.pk, "submitted", "accepted"),
    ]
    task_trail = list(StatusChange.objects.filter(task=task).values_list("changed_by", "from_status", "to_status"))
    assert task_trail == [
        (None, "", "todo"),
        (world.mentor_account.pk, "todo", "in_progress"),
        (None, "in_progress", "in_review"),
        (None, "in_review", "completed"),
    ]
    assert all(change.changed_at for change in StatusChange.objects.filter(task=task))


def test_a_closed_issue_completes_its_task(world):
    repository = make_repository("closing", project=world.project)
    issue = labelled_issue(repository, "gsoc")
    tasks.refresh_tasks([world.module])

    issue.state = "closed"
    issue.save()
    tasks.refresh_tasks([world.module])

    assert Task.objects.get(issue=issue).status == TaskStatus.COMPLETED


def test_refresh_adds_no_task_twice(world):
    labelled_issue(make_repository("twice", project=world.project), "gsoc")

    tasks.refresh_tasks([world.module])
    report = tasks.refresh_tasks([world.module])

    assert report.created == 0
    assert Task.objects.filter(module=world.module).count() == 1


def test_the_mentee_limit_is_respected(world):
    third_account, _ = github_account("mentee-three")
    first = applications.apply(world.mentee_account, world.module, STATEMENT)
    second = applications.apply(world.other_mentee_account, world.module, STATEMENT)
    third = applications.apply(third_account, world.module, STATEMENT)
    applications.decide(world.mentor_account, first, accept=True)
    applications.decide(world.mentor_account, second, accept=True)

    with pytest.raises(InvalidRequestError, match="no place is left"):
        applications.decide(world.mentor_account, third, accept=True)

    third.refresh_from_db()
    assert third.status == ApplicationStatus.SUBMITTED
    applications.decide(world.mentor_account, third, accept=False)  # a rejection is always possible
    third.refresh_from_db()
    assert third.status == ApplicationStatus.REJECTED


def test_one_standing_application_per_module_and_withdraw(world):
    application = applications.apply(world.mentee_account, world.module, STATEMENT)
    with pytest.raises(InvalidRequestError, match="already applied"):
        applications.apply(world.mentee_account, world.module, STATEMENT)

    applications.withdraw(world.mentee_account, application)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    again = applications.apply(world.mentee_account, world.module, STATEMENT)
    assert again.pk != application.pk


@pytest.mark.parametrize(("statement", "message"), [("short", "characters"), ("x" * 6000, "characters")])
def test_a_bad_statement_is_refused(world, statement, message):
    with pytest.raises(InvalidRequestError, match=message):
        applications.apply(world.mentee_account, world.module, statement)
    assert not Application.objects.exists()


def test_a_draft_or_ended_program_takes_no_applications(world):
    world.program.status = "draft"
    world.program.save()
    with pytest.raises(InvalidRequestError, match="does not take applications"):
        applications.apply(world.mentee_account, world.module, STATEMENT)
    world.program.status = "published"
    world.program.ended_at = timezone.now() - timedelta(days=1)
    world.program.started_at = timezone.now() - timedelta(days=10)
    world.program.save()
    with pytest.raises(InvalidRequestError, match="does not take applications"):
        applications.apply(world.mentee_account, world.module, STATEMENT)


def test_only_github_accounts_apply(world):
    with pytest.raises(NotAllowedError):
        applications.apply(AnonymousUser(), world.module, STATEMENT)
    with pytest.raises(NotAllowedError):
        applications.apply(world.staff, world.module, STATEMENT)  # a local account is no GitHub user


def test_a_mentor_cannot_apply_to_their_own_module(world):
    with pytest.raises(InvalidRequestError, match="mentor this module"):
        applications.apply(world.mentor_account, world.module, STATEMENT)


def test_a_task_is_assigned_only_to_a_mentee_of_its_module(world):
    labelled_issue(make_repository("assign", project=world.project), "gsoc")
    tasks.refresh_tasks([world.module])
    task = Task.objects.get(module=world.module)
    application = applications.apply(world.mentee_account, world.module, STATEMENT)

    with pytest.raises(InvalidRequestError, match="not a mentee of this module"):
        tasks.assign_task(world.mentor_account, task, application.mentee)
    applications.decide(world.mentor_account, application, accept=True)
    with pytest.raises(NotAllowedError):
        tasks.assign_task(world.other_mentor_account, task, application.mentee)
    with pytest.raises(InvalidRequestError, match="past"):
        tasks.assign_task(
            world.mentor_account, task, application.mentee, deadline_at=timezone.now() - timedelta(days=1)
        )


def test_without_slack_settings_no_message_is_sent(world, settings):
    from apps.mentorship.services import notifications

    settings.SLACK_BOT_TOKEN = ""
    assert notifications.post_to_slack("hello") is False


def test_the_refresh_schedule_is_seeded():
    from django_celery_beat.models import PeriodicTask

    row = PeriodicTask.objects.get(task="mentorship.refresh_tasks")
    assert row.enabled and row.interval.every == 1 and row.interval.period == "hours"


def test_the_refresh_task_runs_the_service(world):
    from apps.mentorship.tasks import refresh_mentorship_tasks_task

    labelled_issue(make_repository("celery", project=world.project), "gsoc")

    result = refresh_mentorship_tasks_task.apply().get()

    assert result["created"] == 1


def test_a_program_cannot_take_a_key_the_pages_use(program_factory):
    from django.core.exceptions import ValidationError

    program = program_factory("dashboard")
    with pytest.raises(ValidationError):
        program.full_clean()
