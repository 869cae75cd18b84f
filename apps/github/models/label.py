from django.db import models

from apps.github.models.common import GitHubNode


class Label(GitHubNode):
    """A repository's issue label."""

    repository = models.ForeignKey("github.Repository", on_delete=models.CASCADE, related_name="labels", db_index=False)
    name = models.CharField(max_length=255)
    color = models.CharField(max_length=16, blank=True)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["repository", "name"], name="github_label_repo_name")]

    def __str__(self) -> str:
        return self.name
