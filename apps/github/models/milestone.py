from django.db import models

from apps.github.models.common import GitHubNode, IssueState


class Milestone(GitHubNode):
    """A repository's milestone, upserted from the milestone objects embedded in issues."""

    repository = models.ForeignKey(
        "github.Repository", on_delete=models.CASCADE, related_name="milestones", db_index=False
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=1024)
    description = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=IssueState.choices, default=IssueState.OPEN)
    creator = models.ForeignKey("github.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    open_issues_count = models.PositiveIntegerField(default=0)
    closed_issues_count = models.PositiveIntegerField(default=0)
    due_on = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["repository", "number"]
        indexes = [models.Index(fields=["repository", "number"], name="github_milestone_repo_number")]

    def __str__(self) -> str:
        return self.title

    @property
    def html_url(self) -> str:
        """Its page on GitHub (needs ``repository``)."""
        return f"https://github.com/{self.repository.full_name}/milestone/{self.number}"

    @property
    def progress(self) -> float:
        """Closed issues as a percentage of all its issues (0 for a milestone without issues)."""
        total = self.open_issues_count + self.closed_issues_count
        return round(100 * self.closed_issues_count / total, 2) if total else 0.0
