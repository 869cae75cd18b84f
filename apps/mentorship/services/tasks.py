"""Tasks: the issues of a module's project that carry one of its labels, assigned to the module's mentees.

``refresh_tasks`` (the scheduled job) reads the synced GitHub data only: it adds a task for each open labelled
issue it has not met, and moves every task's status to what GitHub says now (``status_for``), recording each
move in the audit trail as made by GitHub.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.github.models import Issue, IssueState, PullRequest
from apps.mentorship.models import Mentee, MentorshipAssignment, Module, Task, TaskStatus
from apps.mentorship.services import audit, permissions
from apps.mentorship.services.errors import InvalidRequestError, NotAllowedError

logger = logging.getLogger(__name__)


def status_for(*, issue_open: bool, merged_pull: bool, open_pull: bool, assigned: bool) -> str:
    """A task's status from GitHub: closed issue or merged linked pull request → completed; open linked pull
    request → in review; assigned → in progress; else to do."""
    if not issue_open or merged_pull:
        return TaskStatus.COMPLETED
    if open_pull:
        return TaskStatus.IN_REVIEW
    return TaskStatus.IN_PROGRESS if assigned else TaskStatus.TODO


def labelled_issues(module: Module):
    """Issues of the module's project's repositories carrying any of its labels (names compared as GitHub
    does, case-insensitively)."""
    if not module.labels:
        return Issue.objects.none()
    names = Q()
    for name in module.labels:
        names |= Q(labels__name__iexact=name)
    return Issue.objects.filter(repository__project_id=module.project_id).filter(names).distinct()


@dataclass
class RefreshReport:
    modules: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list = field(default_factory=list)  # {"task", "from", "to"}

    def as_dict(self) -> dict:
        return {
            "modules": self.modules,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "changes": self.changes,
        }


def _with_github_state(tasks):
    pulls = PullRequest.objects.filter(related_issues=OuterRef("issue_id"))
    return tasks.select_related("issue").annotate(
        merged_pull=Exists(pulls.filter(merged_at__isnull=False)),
        open_pull=Exists(pulls.filter(state=IssueState.OPEN)),
    )


def refresh_tasks(modules=None) -> RefreshReport:
    """Add the tasks of new labelled issues and make every task's status follow GitHub (see the module doc)."""
    report = RefreshReport()
    modules = list(modules if modules is not None else Module.objects.filter(program__status="published"))
    report.modules = len(modules)
    for module in modules:
        with transaction.atomic():
            known = set(Task.objects.filter(module=module).values_list("issue_id", flat=True))
            new = [
                Task(module=module, issue_id=issue_id)
                for issue_id in labelled_issues(module).filter(state=IssueState.OPEN).values_list("id", flat=True)
                if issue_id not in known
            ]
            created = Task.objects.bulk_create(new)
            for task in created:
                audit.record(task, by=None, from_status="", to_status=task.status, note="labelled issue")
            report.created += len(created)
            for task in _with_github_state(Task.objects.filter(module=module)):
                status = status_for(
                    issue_open=task.issue.state == IssueState.OPEN and task.issue.gone_at is None,
                    merged_pull=task.merged_pull,
                    open_pull=task.open_pull,
                    assigned=task.mentee_id is not None,
                )
                if status == task.status:
                    report.unchanged += 1
                    continue
                report.changes.append({"task": task.pk, "from": task.status, "to": status})
                audit.record(task, by=None, from_status=task.status, to_status=status, note="GitHub")
                Task.objects.filter(pk=task.pk).update(status=status, updated_at=timezone.now())
                report.updated += 1
    logger.info("mentorship tasks refreshed: %s", {k: v for k, v in report.as_dict().items() if k != "changes"})
    return report


def assign_task(user, task: Task, mentee: Mentee | None, *, deadline_at: datetime | None = None) -> Task:
    """A mentor of the module (or an admin of its program) assigns the task to a mentee accepted into the
    module, with a deadline; ``mentee`` None takes it back."""
    if not permissions.can_manage_module(user, task.module):
        raise NotAllowedError(_("Only the module's mentors and the program's admins assign its tasks."))
    if mentee is not None and not MentorshipAssignment.objects.filter(module=task.module, mentee=mentee).exists():
        raise InvalidRequestError(_("%(login)s is not a mentee of this module.") % {"login": mentee.github_user.login})
    if deadline_at is not None and deadline_at < timezone.now():
        raise InvalidRequestError(_("The deadline is in the past."))
    with transaction.atomic():
        task = _with_github_state(Task.objects.select_for_update(of=("self",)).filter(pk=task.pk)).get()
        task.mentee = mentee
        task.assigned_at = timezone.now() if mentee is not None else None
        task.deadline_at = deadline_at if mentee is not None else None
        previous = task.status
        task.status = status_for(
            issue_open=task.issue.state == IssueState.OPEN,
            merged_pull=task.merged_pull,
            open_pull=task.open_pull,
            assigned=mentee is not None,
        )
        task.save(update_fields=["mentee", "assigned_at", "deadline_at", "status", "updated_at"])
        if previous != task.status:
            audit.record(task, by=user, from_status=previous, to_status=task.status, note="assigned")
    return task
