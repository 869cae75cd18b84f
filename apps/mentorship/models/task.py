from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.mentorship.models.common import Timestamped


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    IN_REVIEW = "in_review", _("In review")
    COMPLETED = "completed", _("Completed")


class TaskQuerySet(models.QuerySet):
    def assigned(self):
        return self.filter(mentee__isnull=False)

    def open(self):
        return self.exclude(status=TaskStatus.COMPLETED)


class Task(Timestamped):
    """An issue of the module's project that carries one of the module's labels (found by
    ``refresh_tasks``), assigned to a mentee with a deadline. Its status follows GitHub: the issue closed or a
    linked pull request merged is completed, an open linked pull request in review, an assigned issue in
    progress, else to do."""

    module = models.ForeignKey("mentorship.Module", on_delete=models.CASCADE, related_name="tasks")
    issue = models.ForeignKey("github.Issue", on_delete=models.CASCADE, related_name="mentorship_tasks")
    mentee = models.ForeignKey(
        "mentorship.Mentee", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=TaskStatus.choices, default=TaskStatus.TODO)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["deadline_at", "id"]
        constraints = [models.UniqueConstraint(fields=["module", "issue"], name="mentorship_task_issue_once")]

    def __str__(self) -> str:
        return f"{self.module}: {self.issue}"
