from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.mentorship.models.common import Timestamped


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        """Applications still standing: not withdrawn."""
        return self.exclude(status=ApplicationStatus.WITHDRAWN)

    def pending(self):
        return self.filter(status=ApplicationStatus.SUBMITTED)

    def accepted(self):
        return self.filter(status=ApplicationStatus.ACCEPTED)


class Application(Timestamped):
    """A mentee's application to a module, with their statement (private: the mentee, the module's mentors and
    the program's admins read it)."""

    mentee = models.ForeignKey("mentorship.Mentee", on_delete=models.CASCADE, related_name="applications")
    module = models.ForeignKey("mentorship.Module", on_delete=models.CASCADE, related_name="applications")
    statement = models.TextField()
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One standing application per mentee and module; a withdrawn one may be followed by a new one.
            models.UniqueConstraint(
                fields=["mentee", "module"],
                condition=~Q(status=ApplicationStatus.WITHDRAWN),
                name="mentorship_application_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee} → {self.module} ({self.status})"


class MentorshipAssignment(Timestamped):
    """A mentee accepted into a module, and the mentor who looks after them there."""

    module = models.ForeignKey("mentorship.Module", on_delete=models.CASCADE, related_name="assignments")
    mentee = models.ForeignKey("mentorship.Mentee", on_delete=models.CASCADE, related_name="assignments")
    mentor = models.ForeignKey(
        "mentorship.Mentor", null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments"
    )
    application = models.OneToOneField(
        "mentorship.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="assignment"
    )

    class Meta:
        ordering = ["module", "mentee__github_user__login"]
        constraints = [models.UniqueConstraint(fields=["module", "mentee"], name="mentorship_assignment_once")]

    def __str__(self) -> str:
        return f"{self.mentee} in {self.module} with {self.mentor or '-'}"
