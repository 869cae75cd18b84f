"""Mentorship, read only: published (and completed) programs and their modules, from
``apps.mentorship.services.programs``. A draft is a 404 here for everyone, its admins included (the site
and GraphQL show drafts to their admins)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound

from api.rest.serializers.mentorship import (
    MentorshipModuleSerializer,
    MentorshipProgramDetailSerializer,
    MentorshipProgramSerializer,
)
from api.rest.views.base import ReadViewSet, operations
from apps.mentorship.models import Module, Program
from apps.mentorship.services import programs


@operations(
    "mentorship_program",
    "mentorship_programs",
    "Mentorship",
    _("Retrieve a paginated list of published mentorship programs, newest first."),
    _("Retrieve a published mentorship program."),
    item=MentorshipProgramSerializer,
    detail=MentorshipProgramDetailSerializer,
)
class ProgramViewSet(ReadViewSet):
    model = Program
    not_found_message = "Program not found"

    def rows(self):
        return programs.public_programs()

    def find(self, program_key: str):
        return self.get_queryset().filter(key=program_key[:100]).annotate(modules_count=Count("modules")).first()


@operations(
    "mentorship_module",
    "mentorship_modules",
    "Mentorship",
    _("Retrieve a paginated list of the modules of a published mentorship program."),
    _("Retrieve a module of a published mentorship program."),
    item=MentorshipModuleSerializer,
    detail=MentorshipModuleSerializer,
    nested=True,
)
class ModuleViewSet(ReadViewSet):
    model = Module
    not_found_message = "Module not found"

    def rows(self):
        program_key = str(self.kwargs.get("program_key", ""))[:100]
        return programs.public_modules().filter(program__key=program_key)

    def list(self, request, *args, **kwargs):
        program_key = str(kwargs.get("program_key", ""))[:100]
        if not programs.public_programs().filter(key=program_key).exists():
            raise NotFound("Program not found")
        return super().list(request, *args, **kwargs)

    def find(self, program_key: str, module_key: str):
        return self.get_queryset().filter(key=module_key[:100]).first()
