from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from apps.github.models.common import IssueFields, IssueState, present_manager


class PullRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=IssueState.OPEN)

    def merged(self):
        return self.filter(merged_at__isnull=False)


class PullRequest(IssueFields):
    """A pull request, read from the repository's issues listing: one paginated, ``since``-able listing gives
    issues and pulls, so pulls cost no request of their own. ``id`` is the id GitHub gives it in that listing
    (its issue id; the pulls endpoint's id differs), ``merged_at`` comes from the listing's ``pull_request``
    object."""

    repository = models.ForeignKey(
        "github.Repository", on_delete=models.CASCADE, related_name="pull_requests", db_index=False
    )
    author = models.ForeignKey(
        "github.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="created_pull_requests"
    )
    assignee = models.ForeignKey("github.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assignees = models.ManyToManyField("github.User", blank=True, related_name="assigned_pull_requests")
    labels = models.ManyToManyField("github.Label", blank=True, related_name="pull_requests")
    milestone = models.ForeignKey(
        "github.Milestone", null=True, blank=True, on_delete=models.SET_NULL, related_name="pull_requests"
    )
    is_draft = models.BooleanField(default=False)
    merged_at = models.DateTimeField(null=True, blank=True)
    # The issue numbers the body says it closes, as read at sync ("Fixes #12"), and the issues of the same
    # repository they resolve to. The numbers are kept so that an issue synced after the pull request gets
    # linked when it arrives.
    closing_issue_numbers = ArrayField(models.PositiveIntegerField(), default=list, blank=True)
    related_issues = models.ManyToManyField("github.Issue", blank=True, related_name="closing_pull_requests")

    objects = present_manager(PullRequestQuerySet)
    all_objects = PullRequestQuerySet.as_manager()  # gone ones too: for the sync and the admin

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["repository", "number"], name="github_pull_repo_number"),
            models.Index(
                fields=["repository", "-created_at"],
                condition=Q(state="open", gone_at__isnull=True),
                name="github_pull_open_repo_created",
            ),
            models.Index(fields=["state", "-updated_at", "-id"], name="github_pull_state_updated_id"),
            models.Index(
                fields=["repository", "-merged_at"],
                condition=Q(merged_at__isnull=False, gone_at__isnull=True),
                name="github_pull_merged",
            ),
        ]

    @property
    def is_merged(self) -> bool:
        return self.merged_at is not None

    @property
    def html_url(self) -> str:
        return pull_url(self.repository.full_name, self.number)


def pull_url(full_name: str, number: int) -> str:
    """A pull request's page on GitHub, from its repository's full name (for rows read without instances)."""
    return f"https://github.com/{full_name}/pull/{number}"
