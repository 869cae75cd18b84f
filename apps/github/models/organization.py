from django.db import models

from apps.github.models.common import GitHubNode
from apps.github.names import is_login


class OrganizationQuerySet(models.QuerySet):
    def with_login(self, login: str):
        """The organization whose login is ``login``, case-insensitively; none when it cannot be a login."""
        return self.filter(login__iexact=login) if is_login(login) else self.none()


class Organization(GitHubNode):
    """A GitHub organization: OWASP's own, and the others OWASP projects live in (ZAP's, Juice Shop's ...).
    ``sync_pages`` keeps the ETag of each page of its repository listing; ``changes_since`` is the watermark
    of its change feed (see ``apps.github.sync.feed``)."""

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
    changes_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Watermark of the change feed: the start of the last run that read every change; the next "
        "hourly run asks GitHub's search for what was updated since (less a margin for the search index's lag).",
    )
    is_owasp_related = models.BooleanField(
        default=False,
        help_text="Staff: an organization of an OWASP project (ZAP's, Juice Shop's ...): all its public "
        "repositories are synced and count for its project, not only those the project's pages link.",
    )
    project = models.ForeignKey(
        "cms.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="github_organizations",
        help_text="Staff: the project an OWASP-related organization's repositories count for. Empty: the project "
        "whose repository links name the most of them.",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["login"]

    def __str__(self) -> str:
        return self.login

    @property
    def profile_url(self) -> str:
        return self.html_url or f"https://github.com/{self.login}"
