"""Pieces shared by the GitHub models: GitHub's own id as primary key, and the fields issues and pull
requests have in common."""

from django.db import models


class IssueState(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def present_manager(queryset_class: type[models.QuerySet]) -> models.Manager:
    """The default manager of issues, pull requests and releases: rows GitHub still serves (``gone_at`` empty).

    The one rule for gone items: everything that reads them through ``objects`` or a related manager (the
    contribute feed, counts, figures, health, the site and the APIs) leaves them out at once. The sync and the
    admin, which must see them, use ``all_objects``. The partial indexes those readers use carry the same
    ``gone_at IS NULL`` condition, so they stay index-only.
    """

    class PresentManager(models.Manager.from_queryset(queryset_class)):
        def get_queryset(self):
            return super().get_queryset().filter(gone_at__isnull=True)

    return PresentManager()


class GitHubNode(models.Model):
    """A row keyed by GitHub's numeric id, so upserts and foreign keys need no id mapping."""

    id = models.BigIntegerField(primary_key=True, help_text="GitHub's id.")
    node_id = models.CharField(max_length=64, blank=True, help_text="GitHub's GraphQL node id.")
    synced_at = models.DateTimeField(auto_now=True, help_text="When Nest last wrote this row.")

    class Meta:
        abstract = True


class IssueFields(GitHubNode):
    """What issues and pull requests share (the issues endpoint returns both)."""

    number = models.PositiveIntegerField()
    title = models.CharField(max_length=1024)
    body = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=IssueState.choices, default=IssueState.OPEN)
    state_reason = models.CharField(max_length=32, blank=True)
    comments_count = models.PositiveIntegerField(default=0)
    is_locked = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    gone_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a complete listing no longer had it and GitHub confirmed it deleted or transferred away.",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state == IssueState.OPEN
