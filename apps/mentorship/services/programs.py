"""Programs and modules as a user may see them: drafts only for their admins (``permissions``), everything
else public. A record the user may not see is ``NotFoundError``, as if it did not exist."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from apps.github.services.accounts import github_user_of
from apps.mentorship.models import Application, Mentor, Module, Program
from apps.mentorship.services import permissions
from apps.mentorship.services.errors import NotFoundError


def programs(user):
    return permissions.visible_programs(user).order_by("-started_at", "key")


def public_programs():
    """Published and completed programs: what the public APIs list."""
    return Program.objects.public().order_by("-started_at", "key")


def public_modules():
    return (
        Module.objects.public()
        .select_related("program", "project")
        .prefetch_related(Prefetch("mentors", queryset=Mentor.objects.select_related("github_user")))
        .order_by("program__key", "key")
    )


def get_program(user, key: str) -> Program:
    found = programs(user).filter(key=str(key)[:100]).first()
    if found is None:
        raise NotFoundError(_("No such program."))
    return found


def modules_of(program: Program):
    return (
        program.modules.select_related("project")
        .prefetch_related(Prefetch("mentors", queryset=Mentor.objects.select_related("github_user")))
        .order_by("name", "id")
    )


def get_module(user, program_key: str, module_key: str) -> Module:
    program = get_program(user, program_key)
    found = modules_of(program).filter(key=str(module_key)[:100]).first()
    if found is None:
        raise NotFoundError(_("No such module."))
    found.program = program
    return found


def own_application(user, module: Module) -> Application | None:
    """The user's standing application to the module, if any."""
    github_user = github_user_of(user)
    if github_user is None:
        return None
    return Application.objects.active().filter(module=module, mentee__github_user=github_user).first()
