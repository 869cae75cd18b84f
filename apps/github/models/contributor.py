from django.db import models


class RepositoryContributor(models.Model):
    """A user's commit count in one repository, as GitHub's contributors listing gives it."""

    repository = models.ForeignKey(
        "github.Repository", on_delete=models.CASCADE, related_name="contributors", db_index=False
    )
    user = models.ForeignKey("github.User", on_delete=models.CASCADE, related_name="repository_contributions")
    contributions = models.PositiveIntegerField(default=0)
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-contributions", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["repository", "user"], name="github_contributor_repo_user"),
        ]
        indexes = [
            models.Index(fields=["repository", "-contributions"], name="github_contributor_repo_count"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.repository_id}: {self.contributions}"
