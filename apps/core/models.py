from django.db import models
from django.utils import timezone


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
