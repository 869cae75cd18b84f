from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a periodic job ran; /healthz reports its age so a dead worker or beat is noticed."""

    name = models.CharField(max_length=64, unique=True)
    last_run_at = models.DateTimeField()
    runs = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_run_at:%Y-%m-%d %H:%M:%S}"

    @property
    def age_seconds(self) -> float:
        return (timezone.now() - self.last_run_at).total_seconds()


class DatabaseMode(models.Model):
    """What a database holds, written once: generated demo data (``make demo``) or real data. A demo database
    and a real one never mix: a real GitHub sync refuses to run against a demo database, and the demo
    against a database holding real data."""

    demo = models.BooleanField(default=False)
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "database mode"

    def __str__(self) -> str:
        return "demo database" if self.demo else "real database"


class ApiKeyQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def active(self, now=None):
        """Keys that still authenticate: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiKey(models.Model):
    """A user's key to the APIs, sent as ``X-API-Key``. Only a SHA-256 hash of the key is stored; the key itself
    is shown once, when it is made (apps.core.services.api_keys). ``prefix`` is its public part: it finds the
    row, and lets its owner tell keys apart."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)  # hex SHA-256 of the whole key
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def status(self, now=None) -> "ApiKey.Status":
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.status() == self.Status.ACTIVE
