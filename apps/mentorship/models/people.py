from django.conf import settings
from django.db import models

from apps.mentorship.models.common import ExperienceLevel, Timestamped, words_field
from apps.mentorship.models.module import Module


class Profile(Timestamped):
    """What mentors and mentees share: the GitHub user they are, the site account they sign in with (empty until
    they first sign in), and their skills, interests and experience."""

    github_user = models.OneToOneField("github.User", on_delete=models.CASCADE, related_name="+")
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skills = words_field()
    interests = words_field()
    experience_level = models.CharField(
        max_length=16, choices=ExperienceLevel.choices, default=ExperienceLevel.BEGINNER
    )

    class Meta:
        abstract = True
        ordering = ["github_user__login"]

    def __str__(self) -> str:
        return self.github_user.login


class MentorQuerySet(models.QuerySet):
    def shown(self):
        """Mentors the public site shows: those of a module of a published or completed program (a draft's
        mentors stay with its admins)."""
        return self.filter(modules__in=Module.objects.public()).distinct()


class Mentor(Profile):
    objects = MentorQuerySet.as_manager()

    class Meta(Profile.Meta):
        default_related_name = "mentor_profile"


class Mentee(Profile):
    class Meta(Profile.Meta):
        default_related_name = "mentee_profile"
