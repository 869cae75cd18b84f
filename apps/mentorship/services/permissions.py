"""Who may do what in mentorship: the one place the site, REST and GraphQL ask.

- Program admins: staff, or the project leaders named among the program's admins whose leader match staff
  confirmed. They manage the program and its modules, appoint mentors and decide any of its applications.
  Staff and confirmed leaders may create programs.
- Mentors see and decide the applications of their own modules only, and assign their tasks.
- Mentees see and manage only their own applications.
- Private fields (a mentee's email, an application's statement) are read by the mentee, the module's mentors
  and the program's admins, by no one else.
- Draft programs and their modules are seen by their admins only; published and completed ones by anyone.

A user's GitHub identity is the GitHub user they signed in as (apps.github.services.accounts).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from apps.github.models import LeaderGitHubMatch
from apps.github.services.accounts import github_user_of
from apps.mentorship.models import Application, Mentee, Mentor, Module, Program, Task


def is_confirmed_leader(github_user) -> bool:
    """A project leader whose match to this GitHub user staff confirmed."""
    if github_user is None:
        return False
    return LeaderGitHubMatch.objects.filter(user=github_user, reviewed=True).exists()


def can_create_program(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or is_confirmed_leader(github_user_of(user))


def _admin_program_ids(user) -> QuerySet | None:
    """Ids of the programs the user administers as a confirmed leader (None: staff, all of them)."""
    if user.is_staff:
        return None
    github_user = github_user_of(user)
    if github_user is None or not is_confirmed_leader(github_user):
        return Program.objects.none().values("id")
    return Program.objects.filter(admins=github_user).values("id")


def is_program_admin(user, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    github_user = github_user_of(user)
    return (
        github_user is not None
        and program.admins.filter(pk=github_user.pk).exists()
        and is_confirmed_leader(github_user)
    )


def mentor_of(user) -> Mentor | None:
    github_user = github_user_of(user)
    return Mentor.objects.filter(github_user=github_user).first() if github_user else None


def mentee_of(user) -> Mentee | None:
    github_user = github_user_of(user)
    return Mentee.objects.filter(github_user=github_user).first() if github_user else None


def is_module_mentor(user, module: Module) -> bool:
    github_user = github_user_of(user)
    return github_user is not None and module.mentors.filter(github_user=github_user).exists()


def visible_programs(user) -> QuerySet[Program]:
    """Public programs, and the drafts the user administers."""
    if not user.is_authenticated:
        return Program.objects.public()
    admin_ids = _admin_program_ids(user)
    if admin_ids is None:
        return Program.objects.all()
    return Program.objects.filter(Q(status__in=["published", "completed"]) | Q(id__in=admin_ids))


def visible_modules(user) -> QuerySet[Module]:
    return Module.objects.filter(program__in=visible_programs(user))


def visible_applications(user) -> QuerySet[Application]:
    """The applications the user may read: their own, those of modules they mentor, those of programs they
    administer (staff: all)."""
    if not user.is_authenticated:
        return Application.objects.none()
    admin_ids = _admin_program_ids(user)
    if admin_ids is None:
        return Application.objects.all()
    github_user = github_user_of(user)
    if github_user is None:
        return Application.objects.none()
    return Application.objects.filter(
        Q(mentee__github_user=github_user)
        | Q(module__mentors__github_user=github_user)
        | Q(module__program_id__in=admin_ids)
    ).distinct()


def can_view_application(user, application: Application) -> bool:
    return visible_applications(user).filter(pk=application.pk).exists()


def can_read_private(user, application: Application) -> bool:
    """The statement and the mentee's email: the same people who may read the application."""
    return can_view_application(user, application)


def can_decide(user, application: Application) -> bool:
    """A mentor of the application's module, or an admin of its program; never the applicant themselves."""
    if not user.is_authenticated:
        return False
    github_user = github_user_of(user)
    if github_user is not None and application.mentee.github_user_id == github_user.pk:
        return False
    return is_module_mentor(user, application.module) or is_program_admin(user, application.module.program)


def can_withdraw(user, application: Application) -> bool:
    github_user = github_user_of(user)
    return github_user is not None and application.mentee.github_user_id == github_user.pk


def can_list_applications(user, module: Module) -> bool:
    """Every application of a module: its mentors and the program's admins (a mentee sees their own only)."""
    return can_manage_module(user, module)


def can_manage_module(user, module: Module) -> bool:
    """Edit the module, appoint its mentors, assign its tasks: its mentors and the program's admins."""
    return is_module_mentor(user, module) or is_program_admin(user, module.program)


def can_view_task(user, task: Task) -> bool:
    github_user = github_user_of(user)
    if github_user is not None and task.mentee_id and task.mentee.github_user_id == github_user.pk:
        return True
    return can_manage_module(user, task.module)
