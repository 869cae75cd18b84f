from django.db import models
from django.db.models import Q

from cms.models.projects import ProjectLevel


class HealthThreshold(models.Model):
    """What a project of one level should reach to pass each health check. Staff edit these in the admin;
    the next daily health run uses them (records already written keep the thresholds they were scored with)."""

    level = models.CharField(max_length=16, choices=ProjectLevel.choices, unique=True)
    min_contributors = models.PositiveIntegerField(default=1)
    min_forks = models.PositiveIntegerField(default=0)
    min_stars = models.PositiveIntegerField(default=0)
    min_recent_releases = models.PositiveIntegerField(default=0)
    recent_releases_window_days = models.PositiveIntegerField(
        default=365, help_text="How far back a release counts as recent."
    )
    max_open_pull_requests = models.PositiveIntegerField(default=10)
    max_days_since_last_commit = models.PositiveIntegerField(default=365)
    max_days_since_last_pull_request = models.PositiveIntegerField(default=365)
    max_days_since_last_release = models.PositiveIntegerField(default=365)
    max_unanswered_issues = models.PositiveIntegerField(default=10)
    max_unassigned_issues = models.PositiveIntegerField(default=10)
    min_leaders = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level"]
        verbose_name = "health threshold"

    def __str__(self) -> str:
        return f"health thresholds for {self.get_level_display()} projects"


# A record's score is known when it was scored from synced repositories (``repositories_count`` above 0 and a
# ``synced_at``): the condition ``apps.github.services.freshness.health_freshness`` states, for SQL (the
# projects' ``with_health`` annotation, so an unknown score sorts as unknown, not as the score it was given).
def known_health(prefix: str = "") -> Q:
    """The condition, on a record reached through ``prefix`` (e.g. ``"health_on_day__"``)."""
    return Q(**{f"{prefix}repositories_count__gt": 0, f"{prefix}synced_at__isnull": False})


KNOWN_HEALTH = known_health()


class ProjectHealthRecordQuerySet(models.QuerySet):
    def known(self):
        """Records scored from synced repositories (``KNOWN_HEALTH``)."""
        return self.filter(KNOWN_HEALTH)

    def failing(self, check: str):
        """Records whose check named ``check`` did not pass."""
        return self.filter(checks__contains=[{"name": check, "passed": False}])


class ProjectHealthRecord(models.Model):
    """A project's health on one day: its 0-100 score, its level then, and every check's result.

    ``checks`` is a list of ``{"name", "label", "value", "threshold", "comparison", "passed", "weight"}``
    (see ``apps.github.services.health``); ``score`` is the sum of the weights of the checks passed, so the
    site can explain it, and chart the score or any check's value over time.
    """

    project = models.ForeignKey("cms.ProjectPage", on_delete=models.CASCADE, related_name="health_records")
    date = models.DateField()
    score = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=16, choices=ProjectLevel.choices)
    checks = models.JSONField(default=list)
    # The record's source, as it stood when scored (the figures it read): how fresh the score is.
    repositories_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Repositories its figures were summed from; 0: none synced (unknown)."
    )
    synced_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="How fresh the score is: the sync time of the figures it was scored from (see "
        "apps.github.services.freshness). None: no repository synced, the score is unknown.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectHealthRecordQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["project", "date"], name="github_health_project_date"),
            models.CheckConstraint(condition=Q(score__lte=100), name="github_health_score_range"),
        ]
        indexes = [models.Index(fields=["date", "-score"], name="github_health_date_score")]

    def __str__(self) -> str:
        return f"health of project {self.project_id} on {self.date}: {self.score}"

    @property
    def passed_checks(self) -> list[dict]:
        return [check for check in self.checks if check.get("passed")]

    @property
    def failed_checks(self) -> list[dict]:
        return [check for check in self.checks if not check.get("passed")]
