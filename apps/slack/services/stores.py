"""slack_sdk's InstallationStore and OAuthStateStore over NestBot's tables: Bolt's OAuth flow keeps every
workspace's installation, and the states it hands Slack's authorize page, in PostgreSQL."""

import logging
import secrets
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from slack_sdk.oauth.installation_store import Bot as SdkBot
from slack_sdk.oauth.installation_store import Installation as SdkInstallation
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from apps.slack.models import Bot, Installation, OAuthState

logger = logging.getLogger(__name__)

STATE_SECONDS = 600  # a state older than this is refused (the user took over ten minutes on Slack's page)


def _when(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromtimestamp(float(value), tz=UTC)


def _scopes(value) -> str:
    return ",".join(value) if isinstance(value, list | tuple) else value or ""


def _scope(model, client_id: str, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool):
    rows = model.objects.filter(client_id=client_id, enterprise_id=enterprise_id or "")
    if not is_enterprise_install:
        rows = rows.filter(team_id=team_id or "")
    return rows.order_by("-installed_at", "-pk")


class DjangoInstallationStore(InstallationStore):
    """Installations and bots of ``client_id`` (the app's), newest first."""

    def __init__(self, client_id: str):
        self.client_id = client_id

    @property
    def logger(self) -> logging.Logger:
        return logger

    def save(self, installation: SdkInstallation) -> None:
        with transaction.atomic():
            Installation.objects.create(
                client_id=self.client_id,
                app_id=installation.app_id or "",
                enterprise_id=installation.enterprise_id or "",
                enterprise_name=installation.enterprise_name or "",
                team_id=installation.team_id or "",
                team_name=installation.team_name or "",
                bot_token=installation.bot_token or "",
                bot_id=installation.bot_id or "",
                bot_user_id=installation.bot_user_id or "",
                bot_scopes=_scopes(installation.bot_scopes),
                user_id=installation.user_id or "",
                user_token=installation.user_token or "",
                user_scopes=_scopes(installation.user_scopes),
                incoming_webhook_url=installation.incoming_webhook_url or "",
                incoming_webhook_channel_id=installation.incoming_webhook_channel_id or "",
                is_enterprise_install=bool(installation.is_enterprise_install),
                token_type=installation.token_type or "",
                installed_at=_when(installation.installed_at),
            )
            if installation.bot_token:
                self.save_bot(installation.to_bot())

    def save_bot(self, bot: SdkBot) -> None:
        Bot.objects.create(
            client_id=self.client_id,
            app_id=bot.app_id or "",
            enterprise_id=bot.enterprise_id or "",
            enterprise_name=bot.enterprise_name or "",
            team_id=bot.team_id or "",
            team_name=bot.team_name or "",
            bot_token=bot.bot_token,
            bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id,
            bot_scopes=_scopes(bot.bot_scopes),
            is_enterprise_install=bool(bot.is_enterprise_install),
            installed_at=_when(bot.installed_at),
        )

    def find_bot(self, *, enterprise_id, team_id, is_enterprise_install=False) -> SdkBot | None:
        row = _scope(Bot, self.client_id, enterprise_id, team_id, bool(is_enterprise_install)).first()
        if row is None:
            return None
        return SdkBot(
            app_id=row.app_id,
            enterprise_id=row.enterprise_id or None,
            enterprise_name=row.enterprise_name or None,
            team_id=row.team_id or None,
            team_name=row.team_name or None,
            bot_token=row.bot_token,
            bot_id=row.bot_id,
            bot_user_id=row.bot_user_id,
            bot_scopes=row.bot_scopes,
            is_enterprise_install=row.is_enterprise_install,
            installed_at=row.installed_at,
        )

    def find_installation(
        self, *, enterprise_id, team_id, user_id=None, is_enterprise_install=False
    ) -> SdkInstallation | None:
        rows = _scope(Installation, self.client_id, enterprise_id, team_id, bool(is_enterprise_install))
        if user_id is not None:
            rows = rows.filter(user_id=user_id)
        row = rows.first()
        if row is None:
            return None
        return SdkInstallation(
            app_id=row.app_id,
            enterprise_id=row.enterprise_id or None,
            enterprise_name=row.enterprise_name or None,
            team_id=row.team_id or None,
            team_name=row.team_name or None,
            bot_token=row.bot_token or None,
            bot_id=row.bot_id or None,
            bot_user_id=row.bot_user_id or None,
            bot_scopes=row.bot_scopes,
            user_id=row.user_id,
            user_token=row.user_token or None,
            user_scopes=row.user_scopes,
            incoming_webhook_url=row.incoming_webhook_url or None,
            incoming_webhook_channel_id=row.incoming_webhook_channel_id or None,
            is_enterprise_install=row.is_enterprise_install,
            token_type=row.token_type or None,
            installed_at=row.installed_at,
        )

    def delete_bot(self, *, enterprise_id, team_id) -> None:
        Bot.objects.filter(client_id=self.client_id, enterprise_id=enterprise_id or "", team_id=team_id or "").delete()

    def delete_installation(self, *, enterprise_id, team_id, user_id=None) -> None:
        rows = Installation.objects.filter(
            client_id=self.client_id, enterprise_id=enterprise_id or "", team_id=team_id or ""
        )
        if user_id is not None:
            rows = rows.filter(user_id=user_id)
        rows.delete()


class DjangoOAuthStateStore(OAuthStateStore):
    """One-time states: ``consume`` is true once for a state issued less than ``expiration_seconds`` ago."""

    def __init__(self, expiration_seconds: int = STATE_SECONDS):
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return logger

    def issue(self, *args, **kwargs) -> str:
        state = secrets.token_urlsafe(32)
        OAuthState.objects.create(state=state, expires_at=timezone.now() + timedelta(seconds=self.expiration_seconds))
        return state

    def consume(self, state: str) -> bool:
        deleted, _ = OAuthState.objects.filter(state=state, expires_at__gt=timezone.now()).delete()
        OAuthState.objects.filter(expires_at__lte=timezone.now()).delete()
        return deleted > 0
