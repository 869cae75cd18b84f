"""Who hears of a mentorship event: mail to the people concerned (Django's mail backend: the console in
development, the locmem outbox in tests), and a Slack message when a bot token and a channel are set."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from apps.mentorship.models import Application

logger = logging.getLogger(__name__)


def _emails(accounts) -> list[str]:
    return sorted({account.email for account in accounts if account is not None and account.email})


def slack_configured() -> bool:
    return bool(settings.SLACK_BOT_TOKEN and settings.NEST_MENTORSHIP_SLACK_CHANNEL)


def post_to_slack(text: str) -> bool:
    """Post to the mentorship channel; False (and nothing sent) when Slack is not configured or refuses."""
    if not slack_configured():
        return False
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(token=settings.SLACK_BOT_TOKEN, base_url=settings.SLACK_API_URL, timeout=10)
    try:
        client.chat_postMessage(channel=settings.NEST_MENTORSHIP_SLACK_CHANNEL, text=text)
    except (SlackApiError, OSError) as exc:
        logger.warning("mentorship: Slack message not sent: %s", exc)
        return False
    return True


def application_submitted(application: Application) -> None:
    module = application.module
    mentors = [mentor.account for mentor in module.mentors.select_related("account")]
    login = application.mentee.github_user.login
    recipients = _emails(mentors)
    if recipients:
        send_mail(
            _("New application to %(module)s") % {"module": module.name},
            _("%(login)s applied to %(module)s of %(program)s. Decide it on your mentor dashboard.")
            % {"login": login, "module": module.name, "program": module.program.name},
            None,
            recipients,
        )
    post_to_slack(
        _("%(login)s applied to %(module)s (%(program)s).")
        % {"login": login, "module": module.name, "program": module.program.name}
    )


def application_decided(application: Application) -> None:
    module = application.module
    recipients = _emails([application.mentee.account])
    if recipients:
        send_mail(
            _("Your application to %(module)s: %(status)s")
            % {"module": module.name, "status": application.get_status_display()},
            _("Your application to %(module)s of %(program)s is %(status)s.")
            % {"module": module.name, "program": module.program.name, "status": application.get_status_display()},
            None,
            recipients,
        )
    post_to_slack(
        _("%(login)s's application to %(module)s: %(status)s.")
        % {
            "login": application.mentee.github_user.login,
            "module": module.name,
            "status": application.get_status_display(),
        }
    )
