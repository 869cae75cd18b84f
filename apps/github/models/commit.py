from django.db import models


class Commit(models.Model):
    """A commit on a repository's default branch: enough for activity heatmaps (who, when, what)."""

    repository = models.ForeignKey(
        "github.Repository", on_delete=models.CASCADE, related_name="commits", db_index=False
    )
    sha = models.CharField(max_length=40)
    author = models.ForeignKey(
        "github.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commits",
        help_text="Empty when the commit's e-mail belongs to no GitHub account.",
    )
    author_name = models.CharField(max_length=255, blank=True)
    authored_at = models.DateTimeField()
    committed_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=1024, blank=True, help_text="The message's first line.")
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-authored_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["repository", "sha"], name="github_commit_repo_sha")]
        indexes = [
            models.Index(fields=["repository", "-authored_at"], name="github_commit_repo_authored"),
            models.Index(fields=["author", "authored_at"], name="github_commit_author_authored"),
        ]

    def __str__(self) -> str:
        return f"{self.sha[:10]} {self.message}"
