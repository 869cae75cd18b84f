from django.db import models
from django.db.models.functions import Lower

from apps.github.models.common import GitHubNode


class UserType(models.TextChoices):
    USER = "User", "User"
    BOT = "Bot", "Bot"
    ORGANIZATION = "Organization", "Organization"


class User(GitHubNode):
    """A GitHub account, upserted from the user objects embedded in issues, releases, contributors and commits.

    Embedded objects carry login, avatar and type only; the profile fields stay blank until a profile is read.
    """

    login = models.CharField(max_length=100)
    avatar_url = models.URLField(max_length=500, blank=True)
    html_url = models.URLField(max_length=500, blank=True)
    type = models.CharField(max_length=32, choices=UserType.choices, default=UserType.USER)
    is_site_admin = models.BooleanField(default=False)
    name = models.CharField(max_length=255, blank=True)
    company = models.CharField(max_length=255, blank=True)
    location = models.CharField(max_length=255, blank=True)
    bio = models.TextField(blank=True)
    email = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["login"]
        indexes = [
            # Leaders are matched to users by login, case-insensitively.
            models.Index(Lower("login"), name="github_user_login_lower"),
        ]

    def __str__(self) -> str:
        return self.login

    @property
    def is_bot(self) -> bool:
        return self.type == UserType.BOT or self.login.endswith("[bot]")
