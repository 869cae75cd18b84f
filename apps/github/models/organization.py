from django.db import models

from apps.github.models.common import GitHubNode


class Organization(GitHubNode):
    """A GitHub organization (OWASP). ``sync_pages`` keeps the ETag of each page of its repository listing."""

    login = models.CharField(max_length=100, db_index=True)
    name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    avatar_url = models.URLField(max_length=500, blank=True)
    html_url = models.URLField(max_length=500, blank=True)
    blog = models.CharField(max_length=500, blank=True)
    location = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=255, blank=True)
    public_repos_count = models.PositiveIntegerField(default=0)
    followers_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    sync_pages = models.JSONField(default=dict, blank=True, help_text="Conditional-request state of listings.")
    last_synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["login"]

    def __str__(self) -> str:
        return self.login
