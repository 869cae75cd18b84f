"""The workspace as the scheduled sync last saw it: its members and public channels, and what they are to Nest."""

from django.db import models


class LinkState(models.TextChoices):
    NONE = "none", "No match"
    SUGGESTED = "suggested", "Suggested (to review)"
    CONFIRMED = "confirmed", "Confirmed by staff"
    REJECTED = "rejected", "Rejected by staff"


class Member(models.Model):
    """A member of the workspace (``users.list``). The sync suggests the GitHub user it is; staff confirm or
    reject the suggestion, and the sync never changes a reviewed one."""

    team_id = models.CharField(max_length=32)
    slack_id = models.CharField(max_length=32)
    name = models.CharField(max_length=200, blank=True)
    real_name = models.CharField(max_length=200, blank=True)
    display_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True)
    is_bot = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    github_user = models.ForeignKey(
        "github.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="slack_members"
    )
    github_link = models.CharField(max_length=16, choices=LinkState.choices, default=LinkState.NONE)
    synced_at = models.DateTimeField()

    class Meta:
        ordering = ["real_name", "name"]
        constraints = [models.UniqueConstraint(fields=["team_id", "slack_id"], name="slack_member_unique")]

    def __str__(self) -> str:
        return self.real_name or self.name or self.slack_id


class ConversationQuerySet(models.QuerySet):
    def shown(self):
        """Channels a page shows as its own: the match staff confirmed, not archived, by name."""
        return self.filter(page_link=LinkState.CONFIRMED, is_archived=False).order_by("name", "pk")


class Conversation(models.Model):
    """A public channel of the workspace (``conversations.list``), the page it belongs to (matched by name,
    reviewed by staff), and whether NestBot answers questions there on its own."""

    team_id = models.CharField(max_length=32)
    slack_id = models.CharField(max_length=32)
    name = models.CharField(max_length=100)
    topic = models.CharField(max_length=500, blank=True)
    purpose = models.CharField(max_length=500, blank=True)
    member_count = models.PositiveIntegerField(null=True, blank=True)  # unknown until synced
    is_archived = models.BooleanField(default=False)
    page = models.ForeignKey(
        "cms.OwaspPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="slack_channels"
    )
    page_link = models.CharField(max_length=16, choices=LinkState.choices, default=LinkState.NONE)
    answers_questions = models.BooleanField(
        default=False, help_text="NestBot answers questions posted here without being mentioned."
    )
    synced_at = models.DateTimeField()

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team_id", "slack_id"], name="slack_conversation_unique")]

    def __str__(self) -> str:
        return f"#{self.name}"

    @property
    def url(self) -> str:
        return f"https://slack.com/app_redirect?channel={self.slack_id}&team={self.team_id}"
