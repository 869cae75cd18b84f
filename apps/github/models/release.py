from django.db import models

from apps.github.models.common import GitHubNode, present_manager


class ReleaseQuerySet(models.QuerySet):
    def published(self):
        """Releases the public can see: published, not drafts."""
        return self.filter(is_draft=False, published_at__isnull=False)


class Release(GitHubNode):
    """A repository release."""

    repository = models.ForeignKey(
        "github.Repository", on_delete=models.CASCADE, related_name="releases", db_index=False
    )
    tag_name = models.CharField(max_length=255)
    name = models.CharField(max_length=1024, blank=True)
    description = models.TextField(blank=True)
    author = models.ForeignKey("github.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="releases")
    is_draft = models.BooleanField(default=False)
    is_prerelease = models.BooleanField(default=False)
    created_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    gone_at = models.DateTimeField(
        null=True, blank=True, help_text="When a complete listing no longer had it and GitHub answered 404 for it."
    )

    objects = present_manager(ReleaseQuerySet)
    all_objects = ReleaseQuerySet.as_manager()  # gone ones too: for the sync and the admin

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["repository", "-published_at"], name="github_release_repo_published"),
            # The REST release list, newest first, read page by page without sorting every release.
            models.Index(fields=["-published_at", "-id"], name="github_release_published_id"),
        ]

    def __str__(self) -> str:
        return f"{self.tag_name} {self.name}".strip()

    @property
    def html_url(self) -> str:
        return f"https://github.com/{self.repository.full_name}/releases/tag/{self.tag_name}"
