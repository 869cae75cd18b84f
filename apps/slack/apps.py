from django.apps import AppConfig


class SlackConfig(AppConfig):
    """NestBot, the Slack app: slash commands, App Home, events, the workspace sync and the OAuth install.

    Presentation like the site and the APIs: it reads the domain's querysets and services and the search
    service; the Bolt app is built on the first request (``apps.slack.bolt``), so start-up never calls Slack.
    """

    name = "apps.slack"
    label = "slack"
    verbose_name = "Slack"
    default_auto_field = "django.db.models.BigAutoField"
