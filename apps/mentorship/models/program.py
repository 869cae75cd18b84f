from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.mentorship.models.common import Timestamped, levels_field, words_field

# Paths under /mentorship/ the site's own pages take: no program may be keyed so.
RESERVED_KEYS = frozenset({"dashboard", "mentoring", "applications"})


def validate_program_key(value: str) -> None:
    if value in RESERVED_KEYS:
        raise ValidationError(_("“%(key)s” is reserved by the site's pages.") % {"key": value})


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    COMPLETED = "completed", _("Completed")


class ProgramQuerySet(models.QuerySet):
    def public(self):
        """Programs anyone may see: published or completed (drafts stay with their admins)."""
        return self.filter(status__in=[ProgramStatus.PUBLISHED, ProgramStatus.COMPLETED])

    def published(self):
        return self.filter(status=ProgramStatus.PUBLISHED)

    def open_for_applications(self, now=None):
        """Published programs that have not ended: mentees may apply to their modules."""
        now = now or timezone.now()
        return self.published().filter(ended_at__gte=now)


class Program(Timestamped):
    """A mentorship program (Google Summer of Code 2026, OWASP's own ...) with its dates, status and admins."""

    key = models.SlugField(max_length=100, unique=True, validators=[validate_program_key])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT)
    mentees_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Most mentees the program accepts (empty: no limit)."
    )
    experience_levels = levels_field()
    domains = words_field()
    tags = words_field()
    admins = models.ManyToManyField(
        "github.User",
        blank=True,
        related_name="administered_programs",
        help_text="Project leaders who run it (their leader match must be confirmed by staff). Staff always may.",
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "key"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_at__gte=models.F("started_at")), name="mentorship_program_dates")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status != ProgramStatus.DRAFT
