"""Bolt's OAuth installation flow in the database: slack_sdk's installation records and the OAuth states
(``apps.slack.services.stores`` implements the stores over these)."""

from django.db import models


class Installation(models.Model):
    """One installation of NestBot in a workspace (or an Enterprise Grid org), as slack_sdk's ``Installation``."""

    client_id = models.CharField(max_length=32)
    app_id = models.CharField(max_length=32)
    enterprise_id = models.CharField(max_length=32, blank=True)
    enterprise_name = models.CharField(max_length=200, blank=True)
    team_id = models.CharField(max_length=32, blank=True)
    team_name = models.CharField(max_length=200, blank=True)
    bot_token = models.TextField(blank=True)
    bot_id = models.CharField(max_length=32, blank=True)
    bot_user_id = models.CharField(max_length=32, blank=True)
    bot_scopes = models.TextField(blank=True)
    user_id = models.CharField(max_length=32)
    user_token = models.TextField(blank=True)
    user_scopes = models.TextField(blank=True)
    incoming_webhook_url = models.TextField(blank=True)
    incoming_webhook_channel_id = models.CharField(max_length=32, blank=True)
    is_enterprise_install = models.BooleanField(default=False)
    token_type = models.CharField(max_length=32, blank=True)
    installed_at = models.DateTimeField()

    class Meta:
        ordering = ["-installed_at"]
        indexes = [models.Index(fields=["client_id", "enterprise_id", "team_id", "installed_at"])]

    def __str__(self) -> str:
        return self.team_name or self.enterprise_name or self.team_id


class Bot(models.Model):
    """The bot token of a workspace's latest installation: what Bolt authorizes each request with."""

    client_id = models.CharField(max_length=32)
    app_id = models.CharField(max_length=32)
    enterprise_id = models.CharField(max_length=32, blank=True)
    enterprise_name = models.CharField(max_length=200, blank=True)
    team_id = models.CharField(max_length=32, blank=True)
    team_name = models.CharField(max_length=200, blank=True)
    bot_token = models.TextField()
    bot_id = models.CharField(max_length=32)
    bot_user_id = models.CharField(max_length=32)
    bot_scopes = models.TextField(blank=True)
    is_enterprise_install = models.BooleanField(default=False)
    installed_at = models.DateTimeField()

    class Meta:
        ordering = ["-installed_at"]
        indexes = [models.Index(fields=["client_id", "enterprise_id", "team_id", "installed_at"])]

    def __str__(self) -> str:
        return self.team_name or self.team_id


class OAuthState(models.Model):
    """A state handed to Slack's authorize page; the callback consumes it once, before it expires."""

    state = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.state
