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
