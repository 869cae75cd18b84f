from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    """Mentorship programs: their modules, mentors and mentees, applications and decisions, tasks from GitHub."""

    name = "apps.mentorship"
    label = "mentorship"
    verbose_name = "Mentorship"
    default_auto_field = "django.db.models.BigAutoField"
