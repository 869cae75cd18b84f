"""What the dashboards show, from the permission rules: a mentee's applications and tasks, a mentor's
applications to decide and their mentees' tasks."""

from __future__ import annotations

from apps.mentorship.models import Application, ApplicationStatus, MentorshipAssignment, Task
from apps.mentorship.services import permissions
from apps.mentorship.services.applications import own_applications


def mentee_dashboard(user) -> dict:
    mentee = permissions.mentee_of(user)
    if mentee is None:
        return {"mentee": None, "applications": [], "tasks": []}
    applications = own_applications(user)
    tasks = (
        Task.objects.filter(mentee=mentee).select_related("module", "issue__repository").order_by("deadline_at", "id")
    )
    return {"mentee": mentee, "applications": list(applications), "tasks": list(tasks)}


def mentor_dashboard(user) -> dict:
    mentor = permissions.mentor_of(user)
    if mentor is None:
        return {"mentor": None, "to_decide": [], "assignments": [], "tasks": []}
    modules = mentor.modules.all()
    to_decide = (
        Application.objects.filter(module__in=modules, status=ApplicationStatus.SUBMITTED)
        .select_related("mentee__github_user", "mentee__account", "module__program")
        .order_by("created_at", "id")
    )
    assignments = MentorshipAssignment.objects.filter(module__in=modules).select_related(
        "mentee__github_user", "module"
    )
    tasks = (
        Task.objects.filter(module__in=modules, mentee__isnull=False)
        .select_related("mentee__github_user", "issue__repository", "module")
        .order_by("deadline_at", "id")
    )
    return {
        "mentor": mentor,
        "to_decide": list(to_decide),
        "assignments": list(assignments),
        "tasks": list(tasks),
    }
