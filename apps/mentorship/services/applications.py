"""Applying to a module, withdrawing, and the decision of a mentor or program admin, each recorded in the
audit trail and notified. The checks are ``permissions``'; every refusal is a ``errors`` exception."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.github.services.accounts import github_user_of
from apps.mentorship.models import (
    Application,
    ApplicationStatus,
    Mentee,
    MentorshipAssignment,
    Module,
    Program,
    ProgramStatus,
)
from apps.mentorship.services import audit, notifications, permissions
from apps.mentorship.services.errors import InvalidRequestError, NotAllowedError, NotFoundError

STATEMENT_MIN, STATEMENT_MAX = 20, 5000


def get_application(user, application_id) -> Application:
    """The application, if the user may read it (else NotFoundError, as if it did not exist)."""
    try:
        application_id = int(application_id)
    except (TypeError, ValueError) as exc:
        raise NotFoundError(_("No such application.")) from exc
    found = (
        permissions.visible_applications(user)
        .select_related("mentee__github_user", "mentee__account", "module__program", "module__project")
        .filter(pk=application_id)
        .first()
    )
    if found is None:
        raise NotFoundError(_("No such application."))
    return found


def own_applications(user):
    """The signed-in user's applications as a mentee (every status, newest first): what their dashboard and
    the APIs' "my applications" list."""
    if not user.is_authenticated:
        raise NotAllowedError(_("Sign in to see your applications."))
    mentee = permissions.mentee_of(user)
    if mentee is None:
        return Application.objects.none()
    return Application.objects.filter(mentee=mentee).select_related(
        "mentee__github_user", "mentee__account", "module__program", "module__project"
    )


def module_applications(user, module: Module):
    """The applications to ``module`` (every status, oldest first), for its mentors and its program's admins
    only (``permissions.can_list_applications``); anyone else is refused."""
    if not user.is_authenticated:
        raise NotAllowedError(_("Sign in to see a module's applications."))
    if not permissions.can_list_applications(user, module):
        raise NotAllowedError(_("Only the module's mentors and the program's admins see its applications."))
    return (
        Application.objects.filter(module=module)
        .select_related("mentee__github_user", "mentee__account", "module__program", "module__project")
        .order_by("created_at", "id")
    )


def apply(user, module: Module, statement: str) -> Application:
    """Apply to a module as the signed-in GitHub user: the module's program must be published and not ended, and
    a mentee has one standing application per module."""
    github_user = github_user_of(user)
    if github_user is None:
        raise NotAllowedError(_("Sign in with GitHub to apply."))
    statement = (statement or "").strip()
    if "\x00" in statement:  # PostgreSQL's text cannot hold one
        raise InvalidRequestError(_("The statement must not contain a NUL character."))
    if not STATEMENT_MIN <= len(statement) <= STATEMENT_MAX:
        raise InvalidRequestError(
            _("The statement must be %(min)d to %(max)d characters long.")
            % {"min": STATEMENT_MIN, "max": STATEMENT_MAX}
        )
    program = module.program
    if program.status != ProgramStatus.PUBLISHED or program.ended_at < timezone.now():
        raise InvalidRequestError(_("%(program)s does not take applications.") % {"program": program.name})
    if module.mentors.filter(github_user=github_user).exists():
        raise InvalidRequestError(_("You mentor this module: you cannot apply to it."))
    with transaction.atomic():
        mentee, _created = Mentee.objects.get_or_create(github_user=github_user, defaults={"account": user})
        if mentee.account_id is None:
            mentee.account = user
            mentee.save(update_fields=["account", "updated_at"])
        if Application.objects.active().filter(mentee=mentee, module=module).exists():
            raise InvalidRequestError(_("You have already applied to this module."))
        try:
            with transaction.atomic():
                application = Application.objects.create(mentee=mentee, module=module, statement=statement)
        except IntegrityError as exc:  # a second submit racing the first
            raise InvalidRequestError(_("You have already applied to this module.")) from exc
        audit.record(application, by=user, from_status="", to_status=ApplicationStatus.SUBMITTED)
        transaction.on_commit(lambda: notifications.application_submitted(application))
    return application


def withdraw(user, application: Application) -> Application:
    if not permissions.can_withdraw(user, application):
        raise NotAllowedError(_("Only the applicant may withdraw an application."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED):
            raise InvalidRequestError(
                _("This application is %(status)s: it cannot be withdrawn.")
                % {"status": application.get_status_display()}
            )
        previous = application.status
        application.status = ApplicationStatus.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
        MentorshipAssignment.objects.filter(application=application).delete()
        audit.record(application, by=user, from_status=previous, to_status=application.status)
    return application


def accepted_count(program: Program) -> int:
    """Mentees the program accepted (each once, whatever the number of its modules)."""
    return Application.objects.accepted().filter(module__program=program).values("mentee").distinct().count()


def decide(user, application: Application, *, accept: bool, note: str = "") -> Application:
    """Accept or reject a submitted application: a mentor of its module or an admin of its program. Accepting
    respects the program's mentee limit and makes the mentee's assignment to the module (with the deciding
    mentor, when a mentor decided)."""
    if not permissions.can_decide(user, application):
        raise NotAllowedError(_("Only the module's mentors and the program's admins decide its applications."))
    with transaction.atomic():
        # The program row is locked so two acceptances cannot both take the last place.
        program = Program.objects.select_for_update().get(pk=application.module.program_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.SUBMITTED:
            raise InvalidRequestError(
                _("This application is %(status)s: it was decided already.")
                % {"status": application.get_status_display()}
            )
        if accept and program.mentees_limit is not None:
            already = Application.objects.accepted().filter(module__program=program, mentee=application.mentee)
            if not already.exists() and accepted_count(program) >= program.mentees_limit:
                raise InvalidRequestError(
                    _("%(program)s has accepted its %(limit)d mentees: no place is left.")
                    % {"program": program.name, "limit": program.mentees_limit}
                )
        previous = application.status
        application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REJECTED
        application.decided_by = user
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        if accept:
            mentor = permissions.mentor_of(user)
            if mentor is not None and not application.module.mentors.filter(pk=mentor.pk).exists():
                mentor = None
            MentorshipAssignment.objects.update_or_create(
                module=application.module,
                mentee=application.mentee,
                defaults={"mentor": mentor, "application": application},
            )
        audit.record(application, by=user, from_status=previous, to_status=application.status, note=note)
        transaction.on_commit(lambda: notifications.application_decided(application))
    return application
