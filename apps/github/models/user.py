from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from apps.github.models.common import GitHubNode
from apps.github.names import is_login


class UserType(models.TextChoices):
    USER = "User", "User"
    BOT = "Bot", "Bot"
    ORGANIZATION = "Organization", "Organization"


def people_condition(prefix: str = "") -> Q:
    """Accounts of people, for users reached through ``prefix`` (e.g. "user__"): organizations and bots
    (by type, or an app's "[bot]" login) left out."""
    return ~Q(**{f"{prefix}type__in": [UserType.ORGANIZATION, UserType.BOT]}) & ~Q(
        **{f"{prefix}login__endswith": "[bot]"}
    )


class UserQuerySet(models.QuerySet):
    def with_login(self, login: str):
        """The user whose login is ``login``, case-insensitively (the lower(login) index); none when
        ``login`` cannot be a GitHub login."""
        if not is_login(login):
            return self.none()
        return self.annotate(login_lower=Lower("login")).filter(login_lower=login.lower())

    def people(self):
        """Accounts of people: organizations and bots left out."""
        return self.filter(people_condition())


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
    profile_etag = models.CharField(max_length=128, blank=True, help_text="ETag of the profile last read.")
    profile_synced_at = models.DateTimeField(
        null=True, blank=True, help_text="When its profile was last read (only for the users the site shows)."
    )

    objects = UserQuerySet.as_manager()

    class Meta:
        ordering = ["login"]
        indexes = [
            # Leaders are matched to users by login, case-insensitively.
            models.Index(Lower("login"), name="github_user_login_lower"),
            # The REST member list in its default order (newest account first), read page by page.
            models.Index(fields=["-created_at", "-id"], name="github_user_created_id"),
        ]

    def __str__(self) -> str:
        return self.login

    @property
    def profile_read(self) -> bool:
        """Whether Nest read the account's profile (its creation time, name, company, bio ...); users met only
        embedded in other objects carry login, avatar and type, the rest unknown."""
        return self.created_at is not None

    @property
    def profile_url(self) -> str:
        return self.html_url or f"https://github.com/{self.login}"

    @property
    def is_bot(self) -> bool:
        return self.type == UserType.BOT or self.login.endswith("[bot]")
