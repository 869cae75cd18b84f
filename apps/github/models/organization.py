from django.db import models

from apps.github.models.common import GitHubNode
from apps.github.names import is_login


class OrganizationQuerySet(models.QuerySet):
    def with_login(self, login: str):
        """The organization whose login is ``login``, case-insensitively; none when it cannot be a login."""
        return self.filter(login__iexact=login) if is_login(login) else self.none()


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

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["login"]

    def __str__(self) -> str:
        return self.login

    @property
    def profile_url(self) -> str:
        return self.html_url or f"https://github.com/{self.login}"
