"""Issue summaries and "how to start" hints, written by OpenAI's chat model on a schedule (``ai.summarize``).

Only open issues that the contribute page may offer (``Issue.objects.offerable()``, newest change first) and
whose text changed since their summary (``issue_hash`` of title, body and labels against
``IssueSummary.content_hash``) are sent. The cost is bounded per run: at most ``NEST_AI_SUMMARY_MAX_ISSUES``
issues and, once ``NEST_AI_SUMMARY_MAX_TOKENS`` tokens (from the replies' usage) are spent, no more calls.
Each issue is its own call (LangChain: the prompt records ``issue-summary-system`` and ``issue-summary-user``
| the chat model) and its own write; a failed call or a reply that is not the JSON asked for is counted and
logged and leaves that issue's old summary alone; a rate limit that outlasts the client's retries ends the
run. Nothing here runs in a sync: the schedule does it, so a failure never blocks one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from apps.ai.models import IssueSummary

logger = logging.getLogger(__name__)

BODY_CHARS = 3000  # the start of the body is what says what the issue is
REPLY_TOKENS = 250
SUMMARY_CHARS, HINT_CHARS = 600, 600
SCAN_BATCH = 500


@dataclass
class SummaryReport:
    generated: int = 0
    unchanged: int = 0
    failed: int = 0
    tokens: int = 0
    stopped: str = ""  # why the run stopped early: issues, tokens, rate_limited, not_configured
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "generated": self.generated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "tokens": self.tokens,
            "stopped": self.stopped,
            "errors": self.errors[:20],
        }


def issue_hash(title: str, body: str, labels) -> str:
    text = "\n".join([title or "", (body or "")[:BODY_CHARS], ",".join(sorted(labels))])
    return hashlib.sha256(text.encode()).hexdigest()


def _candidates():
    """(issue, hash) of the offerable issues whose summary is missing or stale, newest change first."""
    from apps.github.models import Issue

    issues = (
        Issue.objects.offerable().select_related("repository").prefetch_related("labels").order_by("-updated_at", "-pk")
    )
    known = dict(IssueSummary.objects.values_list("issue_id", "content_hash"))
    for issue in issues.iterator(chunk_size=SCAN_BATCH):
        digest = issue_hash(issue.title, issue.body, [label.name for label in issue.labels.all()])
        yield issue, digest, known.get(issue.pk) == digest


_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


def parse_reply(text: str) -> tuple[str, str]:
    """(summary, hint) from the model's reply, which must hold a JSON object with a text ``summary``."""
    found = _JSON_OBJECT.search(text or "")
    if not found:
        raise ValueError("the reply holds no JSON object")
    data = json.loads(found.group(0))
    summary, hint = data.get("summary"), data.get("hint", "")
    if not isinstance(summary, str) or not summary.strip() or not isinstance(hint, str):
        raise ValueError("the reply's summary or hint is not text")
    return " ".join(summary.split())[:SUMMARY_CHARS], " ".join(hint.split())[:HINT_CHARS]


def summarize_issues(*, max_issues: int | None = None, max_tokens: int | None = None) -> SummaryReport:
    """Write the summaries of the changed offerable issues, within the caps (see the module docstring)."""
    from langchain_core.prompts import ChatPromptTemplate

    from apps.ai.services import chat
    from apps.ai.services.prompts import prompt

    report = SummaryReport()
    model = chat.chat_model(max_tokens=REPLY_TOKENS)
    if model is None:
        report.stopped = "not_configured"
        return report
    max_issues = settings.NEST_AI_SUMMARY_MAX_ISSUES if max_issues is None else max_issues
    max_tokens = settings.NEST_AI_SUMMARY_MAX_TOKENS if max_tokens is None else max_tokens
    template = ChatPromptTemplate.from_messages(
        [("system", prompt("issue-summary-system")), ("human", prompt("issue-summary-user"))]
    )
    pipeline = template | model
    attempted = 0
    for issue, digest, current in _candidates():
        if current:
            report.unchanged += 1
            continue
        if attempted >= max_issues:
            report.stopped = "issues"
            break
        if report.tokens >= max_tokens:
            report.stopped = "tokens"
            break
        attempted += 1
        variables = {
            "repository": issue.repository.full_name,
            "number": issue.number,
            "title": issue.title,
            "labels": ", ".join(sorted(label.name for label in issue.labels.all())) or "none",
            "body": (issue.body or "")[:BODY_CHARS] or "(no description)",
        }
        try:
            message = chat.run(pipeline, variables, what=f"summary of issue {issue.pk}")
        except chat.ChatFailed as exc:
            report.failed += 1
            report.errors.append(f"{issue.repository.full_name}#{issue.number}: {exc.reason}")
            if exc.reason == "rate_limited":
                report.stopped = "rate_limited"
                break
            continue
        usage = chat.Usage()
        usage.add(message)
        report.tokens += usage.total
        try:
            summary, hint = parse_reply(message.content if isinstance(message.content, str) else "")
        except ValueError as exc:
            report.failed += 1
            report.errors.append(f"{issue.repository.full_name}#{issue.number}: malformed reply: {exc}")
            logger.warning("summaries: issue %s: %s", issue.pk, exc)
            continue
        with transaction.atomic():
            IssueSummary.objects.update_or_create(
                issue=issue,
                defaults={
                    "summary": summary,
                    "hint": hint,
                    "content_hash": digest,
                    "model_name": settings.OPENAI_CHAT_MODEL,
                    "tokens": usage.total,
                },
            )
        report.generated += 1
    logger.info("summaries: %s", report.as_dict())
    return report
