"""Mentorship pages: programs and modules (public once published), the apply form, an application with its
decision, and the mentee and mentor dashboards. Never cached: what a page shows depends on who asks. Every rule
is apps.mentorship.services'; a refusal is its 4xx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.mentorship.services import applications, dashboards, permissions, programs
from apps.mentorship.services.errors import MentorshipError, NotFoundError
from theme.forms import ApplicationForm, DecisionForm


def _refused(request, exc: MentorshipError):
    if isinstance(exc, NotFoundError):
        raise Http404(exc.message)
    return render(request, "theme/mentorship/refused.html", {"reason": exc.message}, status=exc.status)


@never_cache
@require_GET
def program_list(request):
    return render(request, "theme/mentorship/programs.html", {"programs": list(programs.programs(request.user))})


@never_cache
@require_GET
def program_detail(request, program_key):
    try:
        program = programs.get_program(request.user, program_key)
    except MentorshipError as exc:
        return _refused(request, exc)
    context = {
        "program": program,
        "modules": list(programs.modules_of(program)),
        "is_admin": permissions.is_program_admin(request.user, program),
    }
    return render(request, "theme/mentorship/program.html", context)


def _module_page(request, module, form, status=200):
    context = {
        "module": module,
        "program": module.program,
        "form": form,
        "own_application": programs.own_application(request.user, module),
        "is_mentor": permissions.is_module_mentor(request.user, module),
    }
    return render(request, "theme/mentorship/module.html", context, status=status)


@never_cache
@require_GET
def module_detail(request, program_key, module_key):
    try:
        module = programs.get_module(request.user, program_key, module_key)
    except MentorshipError as exc:
        return _refused(request, exc)
    return _module_page(request, module, ApplicationForm())


@never_cache
@login_required
@require_POST
def apply(request, program_key, module_key):
    try:
        module = programs.get_module(request.user, program_key, module_key)
    except MentorshipError as exc:
        return _refused(request, exc)
    form = ApplicationForm(request.POST)
    if form.is_valid():
        try:
            application = applications.apply(request.user, module, form.cleaned_data["statement"])
        except MentorshipError as exc:
            form.add_error(None, exc.message)
            return _module_page(request, module, form, status=exc.status)
        messages.success(request, _("Your application is submitted: the module's mentors will decide it."))
        return redirect("mentorship_application", application.pk)
    return _module_page(request, module, form, status=400)


@never_cache
@login_required
@require_GET
def application_detail(request, application_id):
    try:
        application = applications.get_application(request.user, application_id)
    except MentorshipError as exc:
        return _refused(request, exc)
    context = {
        "application": application,
        "can_decide": permissions.can_decide(request.user, application),
        "can_withdraw": permissions.can_withdraw(request.user, application),
        "can_read_private": permissions.can_read_private(request.user, application),
        "history": list(application.status_changes.select_related("changed_by")),
        "form": DecisionForm(),
    }
    return render(request, "theme/mentorship/application.html", context)


@never_cache
@login_required
@require_POST
def decide(request, application_id):
    form = DecisionForm(request.POST)
    try:
        application = applications.get_application(request.user, application_id)
        if not form.is_valid():
            return render(
                request, "theme/mentorship/refused.html", {"reason": _("Choose accept or reject.")}, status=400
            )
        applications.decide(
            request.user,
            application,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        )
    except MentorshipError as exc:
        return _refused(request, exc)
    messages.success(request, _("The decision is recorded and the applicant is told."))
    return redirect("mentorship_application", application.pk)


@never_cache
@login_required
@require_POST
def withdraw(request, application_id):
    try:
        application = applications.get_application(request.user, application_id)
        applications.withdraw(request.user, application)
    except MentorshipError as exc:
        return _refused(request, exc)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("mentorship_mentee_dashboard")


@never_cache
@login_required
@require_GET
def mentee_dashboard(request):
    return render(request, "theme/mentorship/mentee_dashboard.html", dashboards.mentee_dashboard(request.user))


@never_cache
@login_required
@require_GET
def mentor_dashboard(request):
    return render(request, "theme/mentorship/mentor_dashboard.html", dashboards.mentor_dashboard(request.user))
