"""Mentorship in the Wagtail admin: programs and modules (with their admins, mentors, skills, levels and labels),
applications to read with their audit trail, and the "Applications per module" report with its CSV and XLSX
export. Registered by ``wagtail_hooks``.

Who may see it: staff holding the model's Django permissions (``StaffModelPermissionPolicy``). Applications are
read-only here: their status moves only through ``services.applications`` (the site's dashboards), which records
each change in the audit trail, never through a raw save of the admin's form.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from apps.mentorship.models import Application, ApplicationStatus, ExperienceLevel, Module, Program
from apps.mentorship.services import staffing
from apps.mentorship.services.errors import InvalidRequestError


class StaffModelPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, held by active staff: an account that is not staff is refused whatever
    permissions it holds (GitHub accounts never are staff)."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_staff) and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(is_staff=True)


class ReadOnlyPermissionPolicy(StaffModelPermissionPolicy):
    """Staff with the view (or change) permission read the records; nobody adds, changes or deletes them here."""

    def user_has_permission(self, user, action):
        return action == "view" and (
            super().user_has_permission(user, "view") or super().user_has_permission(user, "change")
        )

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(["view", "change"])


program_policy = StaffModelPermissionPolicy(Program)
module_policy = StaffModelPermissionPolicy(Module)
application_policy = ReadOnlyPermissionPolicy(Application)


class LoginsField(forms.CharField):
    """GitHub logins, separated by commas or spaces; cleans to the GitHub users they are (``staffing``)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return staffing.github_users_by_login(staffing.parse_logins(text))
        except InvalidRequestError as exc:
            raise ValidationError(exc.message, code="unknown_login") from exc


def levels_field() -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=_("Experience levels"),
        choices=ExperienceLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


WORDS_HELP = _("Separated by commas.")


class ProgramForm(WagtailAdminModelForm):
    """A program, its admins named by GitHub login."""

    admin_logins = LoginsField(
        label=_("Program admins"),
        help_text=_(
            "GitHub logins of the project leaders who run it, separated by commas (their leader match must be "
            "confirmed by staff). Staff always may."
        ),
    )
    experience_levels = levels_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["admin_logins"] = ", ".join(self.instance.admins.values_list("login", flat=True))

    def save(self, commit=True):
        program = super().save(commit=commit)
        if commit:
            program.admins.set(self.cleaned_data["admin_logins"])
        return program


class ModuleForm(WagtailAdminModelForm):
    """A module, its mentors named by GitHub login (appointing one makes their mentor profile)."""

    mentor_logins = LoginsField(label=_("Mentors"), help_text=_("GitHub logins, separated by commas."))
    experience_levels = levels_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            logins = self.instance.mentors.values_list("github_user__login", flat=True)
            self.initial["mentor_logins"] = ", ".join(logins)

    def save(self, commit=True):
        module = super().save(commit=commit)
        if commit:
            module.mentors.set(staffing.mentors_for(self.cleaned_data["mentor_logins"]))
        return module


class ProgramViewSet(ModelViewSet):
    model = Program
    name = "mentorship_programs"
    url_prefix = "mentorship/programs"
    icon = "date"
    menu_label = _("Programs")
    list_display = ["name", "key", "status", "started_at", "ended_at", "mentees_limit"]
    list_filter = ["status"]
    search_fields = ["name", "key"]
    search_backend_name = None  # the database's icontains: programs are few and not in the search index
    ordering = ["-started_at", "key"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("key")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("started_at"), FieldPanel("ended_at")], heading=_("Dates")),
            FieldRowPanel([FieldPanel("status"), FieldPanel("mentees_limit")]),
            MultiFieldPanel(
                [
                    FieldPanel("experience_levels"),
                    FieldPanel("domains", help_text=WORDS_HELP),
                    FieldPanel("tags", help_text=WORDS_HELP),
                ],
                heading=_("Who it is for"),
            ),
            FieldPanel("admin_logins"),
        ],
        base_form_class=ProgramForm,
    )


class ModuleViewSet(ModelViewSet):
    model = Module
    name = "mentorship_modules"
    url_prefix = "mentorship/modules"
    icon = "folder-open-inverse"
    menu_label = _("Modules")
    list_display = ["name", "program", "project", "key"]
    list_filter = ["program"]
    search_fields = ["name", "key"]
    search_backend_name = None
    ordering = ["program", "name"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("program"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("key")]),
            FieldPanel("description"),
            FieldPanel("project"),
            FieldPanel("mentor_logins"),
            MultiFieldPanel(
                [
                    FieldPanel("skills", help_text=WORDS_HELP),
                    FieldPanel("experience_levels"),
                    FieldPanel("labels", help_text=WORDS_HELP),
                ],
                heading=_("Skills, levels and labels"),
            ),
            FieldRowPanel([FieldPanel("started_at"), FieldPanel("ended_at")], heading=_("Dates")),
        ],
        base_form_class=ModuleForm,
    )


class ApplicationInspectView(InspectView):
    """An application with its audit trail: every status change, who made it, when."""

    def get_field_label(self, field_name, field):
        if field_name == "status_trail":
            return gettext("Status changes")
        return super().get_field_label(field_name, field)

    def get_status_trail_display_value(self):
        changes = self.object.status_changes.select_related("changed_by")
        rows = format_html_join(
            "",
            "<li>{} → {} · {} · {}{}</li>",
            (
                (
                    change.from_status or "—",
                    change.to_status,
                    date_format(localtime(change.changed_at), "DATETIME_FORMAT"),
                    change.changed_by or gettext("GitHub"),
                    f" · {change.note}" if change.note else "",
                )
                for change in changes
            ),
        )
        return format_html('<ol class="mentorship-status-trail">{}</ol>', rows) if rows else "-"


class ApplicationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("mentee__github_user", "module__program")


class ApplicationViewSet(ModelViewSet):
    model = Application
    name = "mentorship_applications"
    url_prefix = "mentorship/applications"
    icon = "form"
    menu_label = _("Applications")
    list_display = ["__str__", "module", "status", "created_at", "decided_at"]
    list_filter = ["status", "module__program"]
    ordering = ["-created_at", "-id"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ApplicationInspectView
    inspect_view_fields = [
        "mentee",
        "module",
        "statement",
        "status",
        "decided_by",
        "decided_at",
        "created_at",
        "status_trail",
    ]
    form_fields = []  # no form: the policy lets nobody add or change an application here
    index_view_class = ApplicationIndexView


class ApplicationsPerModuleReport(ReportView):
    """One row per module: its program and project, its applications counted per status, its mentors counted
    (``Module.objects.with_application_counts``); ``?export=csv`` or ``?export=xlsx`` downloads it."""

    page_title = _("Applications per module")
    header_icon = "table"
    index_url_name = "mentorship_reports:applications_per_module"
    index_results_url_name = "mentorship_reports:applications_per_module_results"
    permission_policy = application_policy
    permission_required = "view"
    columns = [
        Column("program", label=_("Program"), accessor="program.name"),
        Column("name", label=_("Module")),
        Column("project", label=_("Project"), accessor="project.title"),
        *(Column(f"{value}_count", label=label) for value, label in ApplicationStatus.choices),
        Column("mentors_count", label=_("Mentors")),
    ]
    list_export = [
        "program.name",
        "name",
        "project.title",
        *(f"{value}_count" for value in ApplicationStatus.values),
        "mentors_count",
    ]
    export_headings = {
        "program.name": _("Program"),
        "name": _("Module"),
        "project.title": _("Project"),
        **{f"{value}_count": label for value, label in ApplicationStatus.choices},
        "mentors_count": _("Mentors"),
    }

    def get_queryset(self):
        return Module.objects.with_application_counts()

    def get_filename(self):
        return f"applications-per-module-{localdate().isoformat()}"


class MentorshipReportsViewSet(ViewSet):
    name = "mentorship_reports"
    url_prefix = "mentorship/reports"
    icon = "table"
    menu_label = _("Applications per module")

    def get_urlpatterns(self):
        return [
            path("applications-per-module/", ApplicationsPerModuleReport.as_view(), name="applications_per_module"),
            path(
                "applications-per-module/results/",
                ApplicationsPerModuleReport.as_view(results_only=True),
                name="applications_per_module_results",
            ),
        ]

    @cached_property
    def menu_item_class(self):
        class ReportMenuItem(MenuItem):
            def is_shown(self, request):
                return application_policy.user_has_permission(request.user, "view")

        return ReportMenuItem


class MentorshipViewSetGroup(ViewSetGroup):
    menu_label = _("Mentorship")
    menu_icon = "group"
    menu_order = 320
    items = (ProgramViewSet, ModuleViewSet, ApplicationViewSet, MentorshipReportsViewSet)
