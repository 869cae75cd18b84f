"""OpenAI's chat model through LangChain (``langchain-openai``): the one place that builds it and says why a
call failed.

``chat_model()`` is the configured ``ChatOpenAI`` (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
``OPENAI_CHAT_MODEL``, ``OPENAI_CHAT_TIMEOUT``, ``OPENAI_CHAT_MAX_RETRIES``: the openai client retries a rate
limit, a 5xx or a timeout with backoff, honouring ``Retry-After``), or None when chat is not configured: the
features then work offline (extractive answers) or not at all (summaries, the agent). ``run`` invokes a
LangChain runnable and turns every way a call fails — rate limited after the retries, timed out, refused, a
reply that is not what the protocol says — into :class:`ChatFailed` with a reason, logged, so that a caller
answers politely and never with a 500.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)


class ChatFailed(Exception):  # noqa: N818 - read as the situation: "chat failed"
    """The chat model could not answer; ``reason`` is one of rate_limited, timeout, unavailable, malformed."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class Usage:
    """Tokens a call used, from the reply's usage (0 when the reply gave none)."""

    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def total(self) -> int:
        return self.input_tokens + self.output_tokens

    def add(self, message) -> None:
        usage = getattr(message, "usage_metadata", None) or {}
        self.input_tokens += int(usage.get("input_tokens") or 0)
        self.output_tokens += int(usage.get("output_tokens") or 0)


def is_configured() -> bool:
    return bool(settings.OPENAI_API_KEY and settings.OPENAI_CHAT_MODEL)


def chat_model(**options):
    """The configured chat model (``options`` override its arguments: ``max_tokens``, ``temperature``), or
    None when ``OPENAI_API_KEY`` or ``OPENAI_CHAT_MODEL`` is empty."""
    if not is_configured():
        return None
    from langchain_openai import ChatOpenAI

    arguments = {
        "model": settings.OPENAI_CHAT_MODEL,
        "api_key": settings.OPENAI_API_KEY,
        "base_url": settings.OPENAI_BASE_URL or None,
        "timeout": settings.OPENAI_CHAT_TIMEOUT,
        "max_retries": settings.OPENAI_CHAT_MAX_RETRIES,
        "temperature": 0,
        **options,
    }
    return ChatOpenAI(**arguments)


def failure_reason(exc: Exception) -> str:
    import openai

    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError | openai.APIStatusError):
        return "unavailable"
    return "malformed"


def run(runnable, variables: dict, *, what: str):
    """``runnable.invoke(variables)``; any failure is :class:`ChatFailed` (logged with ``what`` it was for)."""
    try:
        return runnable.invoke(variables)
    except ChatFailed:
        raise
    except Exception as exc:  # the client's errors, and LangChain's on a reply it cannot read
        reason = failure_reason(exc)
        logger.warning("chat (%s) failed: %s: %s", what, reason, exc)
        raise ChatFailed(reason, str(exc)[:300]) from exc
