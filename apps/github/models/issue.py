from django.db import models
from django.db.models import Q

from apps.github.models.common import IssueFields, IssueState


class IssueQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=IssueState.OPEN)

    def unassigned(self):
        return self.filter(assignee__isnull=True)


class Issue(IssueFields):
    """A GitHub issue (pull requests, which the issues endpoint also returns, are PullRequest rows).

    ``assignee`` is GitHub's primary assignee (its ``assignee`` field); ``assignees`` holds all of them.
    """

    repository = models.ForeignKey(
        "github.Repository",
        on_delete=models.CASCADE,
        related_name="issues",
        db_index=False,  # (repository, number) below serves lookups by repository
    )
    author = models.ForeignKey(
        "github.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="created_issues"
    )
    assignee = models.ForeignKey("github.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assignees = models.ManyToManyField("github.User", blank=True, related_name="assigned_issues")
    labels = models.ManyToManyField("github.Label", blank=True, related_name="issues")
    milestone = models.ForeignKey(
        "github.Milestone", null=True, blank=True, on_delete=models.SET_NULL, related_name="issues"
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["repository", "number"], name="github_issue_repo_number"),
            # A project's latest open issues: the newest few of each repository, closed ones never read.
            models.Index(
                fields=["repository", "-created_at"], condition=Q(state="open"), name="github_issue_open_repo_created"
            ),
            # Top assignees of a project's repositories, counted from the index alone.
            models.Index(
                fields=["repository", "assignee"],
                condition=Q(assignee__isnull=False),
                name="github_issue_repo_assignee",
            ),
            # The contribute feed: recent open unassigned issues, read index-only.
            models.Index(
                fields=["-created_at"],
                include=["repository", "id"],
                condition=Q(state="open", assignee__isnull=True),
                name="github_issue_open_unassigned",
            ),
            # The contribute feed's other half: open issues assigned but idle for a month, read index-only.
            models.Index(
                fields=["-created_at"],
                include=["repository", "id", "updated_at"],
                condition=Q(state="open", assignee__isnull=False),
                name="github_issue_open_assigned",
            ),
            # Keyset pagination of the REST issue list: a deep page costs what the first one does.
            models.Index(fields=["state", "-updated_at", "-id"], name="github_issue_state_updated_id"),
        ]

    @property
    def html_url(self) -> str:
        return f"https://github.com/{self.repository.full_name}/issues/{self.number}"
