from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExperienceLevel(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    EXPERT = "expert", _("Expert")


def levels_field(**kwargs) -> ArrayField:
    return ArrayField(
        models.CharField(max_length=16, choices=ExperienceLevel.choices), default=list, blank=True, **kwargs
    )


def words_field(**kwargs) -> ArrayField:
    return ArrayField(models.CharField(max_length=100), default=list, blank=True, **kwargs)


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
