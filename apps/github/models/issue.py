from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.github.models.common import IssueFields, IssueState, present_manager
from apps.github.models.repository import active_condition

# An issue is offered to newcomers while it is this recent, and an assigned one once its assignee has been
# idle this long.
OFFERED_RECENT_DAYS = 365
OFFERED_IDLE_DAYS = 30


class IssueQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=IssueState.OPEN)

    def unassigned(self):
        return self.filter(assignee__isnull=True)

    def assigned(self):
        return self.filter(assignee__isnull=False)

    def in_active_repositories(self):
        """Issues of repositories the site invites people to work on (``Repository.objects.active()``)."""
        return self.filter(active_condition("repository__"))

    def offerable(self, now: datetime | None = None):
        """Open issues of active repositories opened within the last ``OFFERED_RECENT_DAYS``."""
        now = now or timezone.now()
        return self.open().in_active_repositories().filter(created_at__gte=now - timedelta(days=OFFERED_RECENT_DAYS))

    def offered_unassigned(self, now: datetime | None = None):
        """Offered issues nobody is assigned to (served index-only by github_issue_open_unassigned)."""
        return self.offerable(now).unassigned()

    def offered_idle(self, now: datetime | None = None):
        """Offered issues whose assignee left them untouched for ``OFFERED_IDLE_DAYS`` (github_issue_open_assigned)."""
        now = now or timezone.now()
        return self.offerable(now).assigned().filter(updated_at__lt=now - timedelta(days=OFFERED_IDLE_DAYS))

    def offered(self, now: datetime | None = None):
        """Issues a newcomer may take: open, recent, in an active repository, and unassigned or assigned but
        idle. For a fast newest-first read, query the two halves apart (each has its own partial index)."""
        now = now or timezone.now()
        return self.offered_unassigned(now) | self.offered_idle(now)


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

    objects = present_manager(IssueQuerySet)
    all_objects = IssueQuerySet.as_manager()  # gone ones too: for the sync and the admin

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["repository", "number"], name="github_issue_repo_number"),
            # A project's latest open issues: the newest few of each repository, closed ones never read.
            models.Index(
                fields=["repository", "-created_at"],
                condition=Q(state="open", gone_at__isnull=True),
                name="github_issue_open_repo_created",
            ),
            # Top assignees of a project's repositories, counted from the index alone.
            models.Index(
                fields=["repository", "assignee"],
                condition=Q(assignee__isnull=False, gone_at__isnull=True),
                name="github_issue_repo_assignee",
            ),
            # The contribute feed: recent open unassigned issues, read index-only.
            models.Index(
                fields=["-created_at"],
                include=["repository", "id"],
                condition=Q(state="open", assignee__isnull=True, gone_at__isnull=True),
                name="github_issue_open_unassigned",
            ),
            # The contribute feed's other half: open issues assigned but idle for a month, read index-only.
            models.Index(
                fields=["-created_at"],
                include=["repository", "id", "updated_at"],
                condition=Q(state="open", assignee__isnull=False, gone_at__isnull=True),
                name="github_issue_open_assigned",
            ),
            # Keyset pagination of the REST issue list: a deep page costs what the first one does.
            models.Index(fields=["state", "-updated_at", "-id"], name="github_issue_state_updated_id"),
            # The REST issue list in its other orders (newest first by default, or by last update), any state.
            models.Index(fields=["-created_at", "-id"], name="github_issue_created_id"),
            models.Index(fields=["-updated_at", "-id"], name="github_issue_updated_id"),
            # Counts of the issues GitHub still serves (the about page, a REST list's total per state), read
            # index-only: the other indexes either hold gone rows too or cover open issues only.
            models.Index(fields=["state"], condition=Q(gone_at__isnull=True), name="github_issue_present_state"),
        ]

    @property
    def html_url(self) -> str:
        return issue_url(self.repository.full_name, self.number)


def issue_url(full_name: str, number: int) -> str:
    """An issue's page on GitHub, from its repository's full name (for rows read without model instances)."""
    return f"https://github.com/{full_name}/issues/{number}"
