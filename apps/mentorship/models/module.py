from django.db import models
from django.db.models import Count, Q

from apps.mentorship.models.application import ApplicationStatus
from apps.mentorship.models.common import Timestamped, levels_field, words_field
from apps.mentorship.models.program import ProgramStatus


class ModuleQuerySet(models.QuerySet):
    def public(self):
        """Modules of public programs."""
        return self.filter(program__status__in=[ProgramStatus.PUBLISHED, ProgramStatus.COMPLETED])

    def with_application_counts(self):
        """Each module with its program and project, its applications counted per status
        (``submitted_count``, ``accepted_count``, ``rejected_count``, ``withdrawn_count``) and its mentors counted
        (``mentors_count``), in one query: the admin's "Applications per module" report."""
        per_status = {
            f"{status}_count": Count("applications", filter=Q(applications__status=status), distinct=True)
            for status in ApplicationStatus.values
        }
        return (
            self.select_related("program", "project")
            .annotate(**per_status, mentors_count=Count("mentors", distinct=True))
            .order_by("program__name", "program__key", "name", "id")
        )


class Module(Timestamped):
    """A program's module for one OWASP project: its mentors, the skills and levels it wants, and the GitHub
    labels whose issues of the project's repositories become its tasks."""

    program = models.ForeignKey("mentorship.Program", on_delete=models.CASCADE, related_name="modules")
    key = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    project = models.ForeignKey("cms.ProjectPage", on_delete=models.PROTECT, related_name="mentorship_modules")
    mentors = models.ManyToManyField("mentorship.Mentor", blank=True, related_name="modules")
    skills = words_field(help_text="Skills it wants from mentees.")
    experience_levels = levels_field()
    labels = words_field(help_text="GitHub label names: the project's issues carrying any of them become tasks.")
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["program", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="mentorship_module_key")]

    def __str__(self) -> str:
        return f"{self.program}: {self.name}"
