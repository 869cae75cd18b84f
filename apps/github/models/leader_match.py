from django.conf import settings
from django.db import models
from django.db.models import Q


class MatchMethod(models.TextChoices):
    LOGIN = "login", "Exact login"
    NAME = "name", "Name"
    MANUAL = "manual", "Set by staff"


class LeaderGitHubMatchQuerySet(models.QuerySet):
    def trusted(self):
        """Matches the site may rely on: confirmed by staff, or an exact login the leader's record names."""
        return self.filter(user__isnull=False).filter(Q(reviewed=True) | Q(method=MatchMethod.LOGIN))


class LeaderGitHubMatch(models.Model):
    """The GitHub user a leader is, found by ``apps.github.services.leaders.match_leaders`` (exact login
    first, then a unique name) or set by staff. Staff confirm a match by marking it reviewed; the matcher
    never changes a reviewed match. A reviewed match without a user records "this leader has no account"."""

    leader = models.OneToOneField("cms.Leader", on_delete=models.CASCADE, related_name="github_match")
    user = models.ForeignKey(
        "github.User", null=True, blank=True, on_delete=models.CASCADE, related_name="leader_matches"
    )
    method = models.CharField(max_length=16, choices=MatchMethod.choices)
    reviewed = models.BooleanField(default=False, help_text="Confirmed by staff.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LeaderGitHubMatchQuerySet.as_manager()

    class Meta:
        verbose_name = "leader GitHub match"
        verbose_name_plural = "leader GitHub matches"
        indexes = [models.Index(fields=["reviewed", "method"], name="github_leadermatch_review")]

    def __str__(self) -> str:
        return f"{self.leader_id} -> {self.user_id or 'no account'} ({self.method})"
