"""The prompts the AI features send, read from the ``Prompt`` records staff edit (``prompt("answer.system")``).

Each text is cached (the default cache, ``CACHE_SECONDS``) and forgotten when its record is saved or deleted
(``apps.ai.signals``), so an edit applies at the next call without a deploy. ``DEFAULTS`` are the texts the
data migration seeded: a key whose record was deleted falls back to its default rather than failing.
"""

from __future__ import annotations

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300
_CACHE_KEY = "ai:prompt:{}"

# key -> (description, text). The data migration 0003 seeds the same texts (a copy: a migration must not
# change when this module does).
DEFAULTS: dict[str, tuple[str, str]] = {
    "answer-system": (
        "Question answering (/ask/, POST /api/v0/ai/ask/): the instructions.",
        "You answer questions about OWASP (the Open Worldwide Application Security Project): its projects, "
        "chapters, committees, events, repositories and issues. Answer ONLY from the numbered sources you are "
        "given; never from your own knowledge. Cite the sources you use by their numbers in brackets, like [1]. "
        "If the sources do not answer the question, or the question is not about OWASP, say so in one "
        "sentence and cite nothing. Be concise: at most five sentences.",
    ),
    "answer-user": (
        "Question answering: the question and the retrieved passages.",
        "Sources:\n{sources}\n\nQuestion: {question}",
    ),
    "issue-summary-system": (
        "Issue summaries and how-to-start hints (the contribute page, the APIs): the instructions.",
        "You help newcomers contribute to OWASP open-source projects. Given a GitHub issue, reply with a JSON "
        'object with two string fields: "summary", what the issue asks for in at most two plain sentences, and '
        '"hint", one or two sentences on how a newcomer could start working on it (where to look, what to try '
        "first). Use only what the issue says; do not invent file names. Reply with the JSON object only.",
    ),
    "issue-summary-user": (
        "Issue summaries: the issue.",
        "Repository: {repository}\nIssue #{number}: {title}\nLabels: {labels}\n\n{body}",
    ),
    "agent-system": (
        "The agent (POST /api/v0/ai/agent/): the instructions.",
        "You answer questions over OWASP Nest's data by calling the tools you are given; never guess facts the "
        "tools did not return. Call as few tools as the question needs, then answer in a few sentences, naming "
        "the projects, chapters, people or events the tools returned. If the tools find nothing, say so.",
    ),
}


def prompt(key: str) -> str:
    """The current text of the prompt ``key`` (cached); its default when no record has it."""
    cache_key = _CACHE_KEY.format(key)
    try:
        text = cache.get(cache_key)
    except Exception:  # the cache is unreachable: read the record
        logger.warning("prompts: cache unavailable", exc_info=True)
        text = None
    if text is not None:
        return text
    from apps.ai.models import Prompt

    text = Prompt.objects.filter(key=key).values_list("text", flat=True).first()
    if text is None:
        if key not in DEFAULTS:
            raise KeyError(f"no prompt {key!r}")
        text = DEFAULTS[key][1]
    try:
        cache.set(cache_key, text, CACHE_SECONDS)
    except Exception:
        logger.warning("prompts: cache unavailable", exc_info=True)
    return text


def forget(key: str) -> None:
    """Drop the cached text of ``key`` (its record changed)."""
    try:
        cache.delete(_CACHE_KEY.format(key))
    except Exception:
        logger.warning("prompts: cache unavailable; %s stays cached up to %s s", key, CACHE_SECONDS, exc_info=True)
