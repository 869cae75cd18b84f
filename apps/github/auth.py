"""How the GitHub client authenticates: a personal access token, or a GitHub App's installation token.

A GitHub App (what OWASP Nest runs as) signs a short JWT (RS256, at most 10 minutes) with its private key and
exchanges it for an installation token (``POST /app/installations/{id}/access_tokens``), valid one hour. The
token is minted on first use and again ``REFRESH_MARGIN`` before it expires, so a long sync never sends an
expired one; a 401 mid-run (revoked early) mints a new one once. Each token has its own rate-limit budget,
which the client reads per token.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.dateparse import parse_datetime

REFRESH_MARGIN = 300.0  # seconds before expiry a new installation token is minted
JWT_LIFETIME = 540  # seconds (GitHub allows 600); iat is set 60 s back for clock drift


class AuthenticationFailed(Exception):  # noqa: N818 - named for the situation the caller handles
    """GitHub refused the app's JWT or installation (bad key, wrong app id, uninstalled app)."""


class TokenAuth:
    """A personal access token (or none: unauthenticated, 60 requests an hour)."""

    def __init__(self, token: str = ""):
        self._token = token

    def authorization(self, http: httpx.Client, base_url: str) -> str:
        return f"Bearer {self._token}" if self._token else ""

    def invalidate(self) -> bool:
        return False  # nothing to renew: a 401 is final


@dataclass
class AppAuth:
    """A GitHub App installation: ``authorization`` returns a current installation token, minting one when
    there is none or it expires within ``REFRESH_MARGIN``."""

    app_id: str
    private_key: str
    installation_id: str
    clock: Callable[[], float] = time.time
    token: str = field(default="", repr=False)
    expires_at: float = 0.0
    minted: int = 0  # installation tokens minted so far

    def app_jwt(self) -> str:
        now = int(self.clock())
        claims = {"iat": now - 60, "exp": now + JWT_LIFETIME, "iss": str(self.app_id)}
        return jwt.encode(claims, self.private_key, algorithm="RS256")

    def authorization(self, http: httpx.Client, base_url: str) -> str:
        if not self.token or self.expires_at - self.clock() < REFRESH_MARGIN:
            self._mint(http, base_url)
        return f"Bearer {self.token}"

    def invalidate(self) -> bool:
        """A 401 with a token believed valid: drop it, so the next request mints a new one."""
        self.token, self.expires_at = "", 0.0
        return True

    def _mint(self, http: httpx.Client, base_url: str) -> None:
        url = f"{base_url}/app/installations/{self.installation_id}/access_tokens"
        try:
            answer = http.post(url, headers={"Authorization": f"Bearer {self.app_jwt()}"})
        except httpx.HTTPError as exc:
            raise AuthenticationFailed(f"could not reach {url}: {exc}") from exc
        data = _json(answer)
        if answer.status_code != 201 or not isinstance(data.get("token"), str):
            message = data.get("message") or answer.text[:300]
            raise AuthenticationFailed(
                f"GitHub App {self.app_id}: installation token refused ({answer.status_code} {message})"
            )
        expires = parse_datetime(str(data.get("expires_at") or ""))
        self.token = data["token"]
        self.expires_at = expires.timestamp() if expires else self.clock() + 3600
        self.minted += 1


def _json(answer: httpx.Response) -> dict:
    try:
        data = answer.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def token_key(authorization: str) -> str:
    """A short, non-secret key for a credential: rate limits are kept per token under it."""
    return hashlib.sha256(authorization.encode()).hexdigest()[:12] if authorization else "anonymous"


def from_settings(clock: Callable[[], float] = time.time) -> TokenAuth | AppAuth:
    """A GitHub App when ``GITHUB_APP_ID`` is set (its installation id and private key are then required),
    else ``GITHUB_TOKEN``."""
    if not settings.GITHUB_APP_ID:
        return TokenAuth(settings.GITHUB_TOKEN)
    key = settings.GITHUB_APP_PRIVATE_KEY
    if not key and settings.GITHUB_APP_PRIVATE_KEY_PATH:
        key = Path(settings.GITHUB_APP_PRIVATE_KEY_PATH).read_text()
    if not key or not settings.GITHUB_APP_INSTALLATION_ID:
        raise ImproperlyConfigured(
            "GITHUB_APP_ID is set: GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY (or _PATH) are required"
        )
    return AppAuth(str(settings.GITHUB_APP_ID), key, str(settings.GITHUB_APP_INSTALLATION_ID), clock=clock)
