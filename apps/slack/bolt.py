"""The Bolt app, built on the first request from the settings (never at import: start-up calls no one).

One workspace: ``SLACK_BOT_TOKEN``. Several: ``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET`` turn on Bolt's
OAuth flow (``/integrations/slack/install/`` and ``oauth_redirect/``), its installations and states kept in
the database. Either way Bolt verifies every request's signature with ``SLACK_SIGNING_SECRET`` (five minutes
of clock skew at most) before any listener sees it, and every Web API call goes to ``SLACK_API_URL``.
"""

import threading

from django.conf import settings
from slack_bolt import App
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

INSTALL_PATH = "/integrations/slack/install/"
REDIRECT_PATH = "/integrations/slack/oauth_redirect/"
# What NestBot asks a workspace for (the manifest's bot scopes).
SCOPES = [
    "app_mentions:read",
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "groups:read",
    "im:history",
    "im:read",
    "im:write",
    "users:read",
]

_lock = threading.Lock()
_app: App | None = None
_handler = None


def multi_workspace() -> bool:
    return bool(settings.SLACK_CLIENT_ID and settings.SLACK_CLIENT_SECRET)


def missing_settings() -> list[str]:
    """The settings NestBot still needs ([] when it can serve Slack)."""
    missing = [] if settings.SLACK_SIGNING_SECRET else ["SLACK_SIGNING_SECRET"]
    if not (settings.SLACK_BOT_TOKEN or multi_workspace()):
        missing.append("SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)")
    return missing


def web_client(token: str | None = None) -> WebClient:
    return WebClient(token=token, base_url=settings.SLACK_API_URL, timeout=settings.SLACK_TIMEOUT)


def installation_store():
    from apps.slack.services.stores import DjangoInstallationStore

    return DjangoInstallationStore(client_id=settings.SLACK_CLIENT_ID)


def bot_token(team_id: str = "", enterprise_id: str = "") -> str:
    """The bot token for a workspace: the configured one, or its installation's (``""`` when not installed)."""
    if not multi_workspace():
        return settings.SLACK_BOT_TOKEN
    bot = installation_store().find_bot(enterprise_id=enterprise_id or None, team_id=team_id or None)
    return bot.bot_token if bot else ""


def workspace_tokens() -> list[str]:
    """A bot token per workspace NestBot serves (none while Slack is not configured)."""
    if missing_settings():
        return []
    if not multi_workspace():
        return [settings.SLACK_BOT_TOKEN]
    from apps.slack.models import Bot

    tokens = {}
    for team_id, enterprise_id, token in (
        Bot.objects.filter(client_id=settings.SLACK_CLIENT_ID)
        .order_by("installed_at", "pk")
        .values_list("team_id", "enterprise_id", "bot_token")
    ):
        tokens[(team_id, enterprise_id)] = token  # the newest installation's token wins
    return list(tokens.values())


def build() -> App:
    from apps.slack.handlers import listeners
    from apps.slack.services.stores import DjangoOAuthStateStore

    common = {
        "signing_secret": settings.SLACK_SIGNING_SECRET,
        "process_before_response": True,  # listeners only ack and queue a task: nothing runs after the answer
        "token_verification_enabled": False,  # no auth.test at build time
        "raise_error_for_unhandled_request": False,
    }
    if multi_workspace():
        app = App(
            client=web_client(),
            oauth_settings=OAuthSettings(
                client_id=settings.SLACK_CLIENT_ID,
                client_secret=settings.SLACK_CLIENT_SECRET,
                scopes=SCOPES,
                installation_store=installation_store(),
                state_store=DjangoOAuthStateStore(),
                install_path=INSTALL_PATH,
                redirect_uri_path=REDIRECT_PATH,
            ),
            **common,
        )
    else:
        app = App(client=web_client(settings.SLACK_BOT_TOKEN), **common)
    listeners.register(app)
    return app


def get_app() -> App | None:
    """This process's Bolt app, or None while Slack is not configured."""
    global _app
    if missing_settings():
        return None
    with _lock:
        if _app is None:
            _app = build()
        return _app


def get_handler():
    """Bolt's Django adapter around this process's app, or None while Slack is not configured."""
    global _handler
    from slack_bolt.adapter.django import SlackRequestHandler

    app = get_app()
    if app is None:
        return None
    with _lock:
        if _handler is None or _handler.app is not app:
            _handler = SlackRequestHandler(app)
        return _handler


def reset() -> None:
    """Forget the app (tests change the settings)."""
    global _app, _handler
    with _lock:
        _app = _handler = None
