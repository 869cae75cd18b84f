"""Errors to Sentry (``SENTRY_DSN``): Django's and Celery's integrations, the release and environment, and no
personal data: ``send_default_pii`` off, and ``scrub`` takes emails, tokens, cookies and credentials out of
whatever else an event carries (exception messages, local variables, breadcrumbs, request data)."""

import os
import re
import subprocess
import tomllib
from typing import Any

from django.conf import settings

from apps.core.observability import request_id

REDACTED = "[Filtered]"
# Request headers and keys (in any dict of the event) whose value is a credential whatever it looks like.
SENSITIVE_KEYS = re.compile(
    r"authorization|cookie|csrf|session|token|secret|passw|api[-_]?key|x-api-key|signature|dsn|private", re.I
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Credentials that show up inside text: a bearer token, GitHub, Slack and OpenAI keys, a JWT, key=value pairs.
TOKENS = re.compile(
    r"(?:Bearer|Token)\s+[\w.~+/=-]+"
    r"|\b(?:gh[opsur]_|github_pat_)[A-Za-z0-9_]{16,}"
    r"|\bxox[abprs]-[\w-]{8,}"
    r"|\bsk-[\w-]{16,}"
    r"|\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}"
    r"|(?i:[\w-]*(?:token|secret|passw(?:or)?d|key)=)[^\s&;,'\"]+",
)


def scrub(value: Any, key: str = "") -> Any:
    """``value`` with every credential and email replaced (dicts and lists walked, keys judged by name)."""
    if key and SENSITIVE_KEYS.search(key):
        return REDACTED if value not in (None, "", [], {}) else value
    if isinstance(value, str):
        return TOKENS.sub(REDACTED, EMAIL.sub(REDACTED, value))
    if isinstance(value, dict):
        return {k: scrub(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def before_send(event: dict, hint: dict) -> dict:
    """Scrubs the event and tags it with the request id, which the logs share."""
    kept = {name: event[name] for name in ("release", "environment", "sdk") if name in event}
    event = {**scrub(event), **kept}  # "nest@0.1.0" looks like an email address
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)  # never needed to understand a bug
    if current := request_id.get():
        event.setdefault("tags", {})["request_id"] = current
    event.pop("user", None)  # send_default_pii is off; an integration that adds one anyway is overruled
    return event


def before_breadcrumb(crumb: dict, hint: dict) -> dict:
    return scrub(crumb)


def release() -> str:
    """``SENTRY_RELEASE``, else the checkout's git revision, else ``nest@<version in pyproject.toml>``."""
    if settings.SENTRY_RELEASE:
        return settings.SENTRY_RELEASE
    try:
        revision = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607 - git on the PATH, fixed arguments
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        revision = ""
    if revision:
        return f"nest@{revision}"
    with (settings.BASE_DIR / "pyproject.toml").open("rb") as file:
        return f"nest@{tomllib.load(file)['project']['version']}"


def environment() -> str:
    return settings.SENTRY_ENVIRONMENT or os.environ.get("DJANGO_CONFIGURATION", "local").lower()


def init_sentry(dsn: str | None = None, **options) -> None:
    """``sentry_sdk.init`` with the project's options; ``options`` override them (tests: a transport's timing)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn or settings.SENTRY_DSN,
        release=release(),
        environment=environment(),
        send_default_pii=False,
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Only these two (and the defaults: logging, threads, …): probing for the libraries the SDK would
        # instrument on its own (langchain, openai, grpc, …) takes ~10 s of imports at start-up.
        auto_enabling_integrations=False,
        **options,
    )
