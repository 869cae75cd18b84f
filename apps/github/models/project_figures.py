from django.contrib.postgres.fields import ArrayField
from django.db import models


class ProjectFigures(models.Model):
    """A project's figures summed over its repositories, rewritten for every project by one refresh
    (``apps.github.services.figures.refresh_project_figures``); the health checks read them."""

    project = models.OneToOneField(
        "cms.ProjectPage", primary_key=True, on_delete=models.CASCADE, related_name="figures"
    )
    repositories_count = models.PositiveIntegerField(default=0)
    stars_count = models.PositiveIntegerField(default=0)
    forks_count = models.PositiveIntegerField(default=0)
    contributors_count = models.PositiveIntegerField(
        default=0, help_text="Distinct GitHub users (bots left out) contributing to any of its repositories."
    )
    open_issues_count = models.PositiveIntegerField(default=0, help_text="Open issues, pull requests left out.")
    unanswered_issues_count = models.PositiveIntegerField(default=0, help_text="Open issues without a comment.")
    unassigned_issues_count = models.PositiveIntegerField(default=0, help_text="Open issues without an assignee.")
    pull_requests_count = models.PositiveIntegerField(default=0)
    open_pull_requests_count = models.PositiveIntegerField(default=0)
    releases_count = models.PositiveIntegerField(default=0, help_text="Published releases (drafts left out).")
    leaders_count = models.PositiveIntegerField(default=0)
    languages = models.JSONField(
        default=dict, blank=True, help_text="Bytes of code per language over its repositories, largest first."
    )
    licenses = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    first_created_at = models.DateTimeField(null=True, blank=True, help_text="Its oldest repository's creation.")
    last_pushed_at = models.DateTimeField(null=True, blank=True)
    last_committed_at = models.DateTimeField(null=True, blank=True, help_text="Newest synced commit.")
    last_pull_request_at = models.DateTimeField(null=True, blank=True, help_text="Newest pull request opened.")
    last_released_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="How fresh these figures are: the newest sync of the repositories they were summed from, when "
        "they were summed (see apps.github.services.freshness). None: no repository synced.",
    )
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = "project figures"
        verbose_name_plural = "project figures"
        indexes = [models.Index(fields=["-stars_count"], name="github_figures_stars")]

    def __str__(self) -> str:
        return f"figures of project {self.project_id}"

    @property
    def language_names(self) -> list[str]:
        """Languages by bytes of code, largest first."""
        return [name for name, _ in sorted((self.languages or {}).items(), key=lambda item: (-item[1], item[0]))]
