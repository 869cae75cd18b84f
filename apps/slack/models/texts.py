"""Texts staff edit in the admin: the link commands' answers, the welcome message and the channel guides."""

from django.db import models


class SlackText(models.Model):
    """The answer of a link command (/board, /contact, /donate, /jobs, /policies, /community) or the welcome
    message sent on ``team_join``: Slack mrkdwn, seeded with OWASP's own pages by migration 0002."""

    class Key(models.TextChoices):
        BOARD = "board", "/board"
        CONTACT = "contact", "/contact"
        DONATE = "donate", "/donate"
        JOBS = "jobs", "/jobs"
        POLICIES = "policies", "/policies"
        COMMUNITY = "community", "/community"
        WELCOME = "welcome", "Welcome (team_join)"
        CONTRIBUTE_GUIDE = "contribute_guide", "/contribute --start"
        GSOC_GUIDE = "gsoc_guide", "/gsoc guide"

    key = models.CharField(max_length=32, choices=Key.choices, unique=True)
    title = models.CharField(max_length=200)
    text = models.TextField(help_text="Slack mrkdwn: *bold*, <https://owasp.org|links>, new lines.")
    url = models.URLField(blank=True, help_text="The page the answer's button opens.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = "Slack text"

    def __str__(self) -> str:
        return self.get_key_display()


class ChannelGuide(models.Model):
    """A guide sent to whoever joins a channel (``member_joined_channel``). ``{active_projects}`` and
    ``{open_issues}`` in the text are replaced by the live counts."""

    channel_id = models.CharField(max_length=32, unique=True, help_text="Slack's channel id, e.g. C04QJ3Y1Z.")
    channel_name = models.CharField(max_length=100, blank=True)
    text = models.TextField()
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["channel_name"]

    def __str__(self) -> str:
        return f"#{self.channel_name or self.channel_id}"
