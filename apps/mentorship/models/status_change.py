from django.conf import settings
from django.db import models
from django.db.models import Q


class StatusChange(models.Model):
    """One change of an application's or a task's status: who made it (empty: GitHub, through the task
    refresh), when, from what (empty: created) and to what."""

    application = models.ForeignKey(
        "mentorship.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes"
    )
    task = models.ForeignKey(
        "mentorship.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, task__isnull=True)
                | Q(application__isnull=True, task__isnull=False),
                name="mentorship_status_change_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
