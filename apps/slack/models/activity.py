"""What NestBot did: every use of a command or button (for the admin), and the failures of its handlers."""

from django.db import models
from django.db.models import F
from django.utils import timezone


class CommandUse(models.Model):
    """One use of a command, a button or the App Home: who, what and when. Never a message body: a command's
    arguments are kept (they are the command), an ``/ai`` question is not."""

    team_id = models.CharField(max_length=32, blank=True)
    user_id = models.CharField(max_length=32)
    user_name = models.CharField(max_length=200, blank=True)
    channel_id = models.CharField(max_length=32, blank=True)
    command = models.CharField(max_length=64)  # "/projects", "button:projects", "app_home"
    args = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.command} {self.args}".strip()


class HandlerFailure(models.Model):
    """A counter per handler that failed: how often, and the last error (its type and message)."""

    handler = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_failed_at"]

    def __str__(self) -> str:
        return f"{self.handler}: {self.count}"

    @classmethod
    def count_one(cls, handler: str, error: BaseException) -> None:
        now = timezone.now()
        text = f"{type(error).__name__}: {error}"[:2000]
        row, created = cls.objects.get_or_create(
            handler=handler, defaults={"count": 1, "last_error": text, "last_failed_at": now}
        )
        if not created:
            cls.objects.filter(pk=row.pk).update(count=F("count") + 1, last_error=text, last_failed_at=now)
