"""Block Kit pieces NestBot's answers are made of (https://api.slack.com/reference/block-kit/blocks)."""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _

PAGE_ACTION = "nestbot_page"
MAX_TEXT = 2900  # a section's text may hold 3,000 characters
MAX_VALUE = 1900  # a button's value 2,000


def escape(text: str) -> str:
    """Text shown as is: Slack's three control characters escaped."""
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_text(html_or_text: str, limit: int = 300) -> str:
    text = re.sub(r"<[^>]+>", " ", str(html_or_text or ""))
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def absolute(url: str) -> str:
    """A link Slack can open: the site's address before a path."""
    if not url or url.startswith(("http://", "https://")):
        return url or ""
    base = (settings.NEST_SITE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return f"{base}{url}"


def link(url: str, label: str) -> str:
    url = absolute(url)
    return f"<{url}|{escape(label)}>" if url else escape(label)


def section(text: str, *, accessory: dict | None = None) -> dict:
    block = {"type": "section", "text": {"type": "mrkdwn", "text": text[:MAX_TEXT]}}
    if accessory:
        block["accessory"] = accessory
    return block


def header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:MAX_TEXT]} for text in texts if text]}


def divider() -> dict:
    return {"type": "divider"}


def link_button(label: str, url: str, action_id: str = "nestbot_link") -> dict:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": label[:75]},
        "url": absolute(url)[:3000],
        "action_id": action_id,
    }


def page_value(**state) -> str:
    return json.dumps(state, separators=(",", ":"))[:MAX_VALUE]


def pager(state: dict, *, page: int, has_next: bool, previous_state: dict | None = None, next_state=None) -> list:
    """Previous/Next buttons (an actions block) for a list shown ``page`` (0-based), none when it has one page.
    ``state`` says what to show (the command, its words); a button's value is that state and its page."""
    buttons = []
    if page > 0:
        buttons.append(
            {
                "type": "button",
                "text": {"type": "plain_text", "text": _("◀ Previous")},
                "action_id": f"{PAGE_ACTION}_previous",
                "value": page_value(**(previous_state or {**state, "p": page - 1})),
            }
        )
    if has_next:
        buttons.append(
            {
                "type": "button",
                "text": {"type": "plain_text", "text": _("Next ▶")},
                "style": "primary",
                "action_id": f"{PAGE_ACTION}_next",
                "value": page_value(**(next_state or {**state, "p": page + 1})),
            }
        )
    return [{"type": "actions", "elements": buttons}] if buttons else []


def read_state(value: str) -> dict:
    """A button's state back (``{}`` when it is not one of ours)."""
    try:
        state = json.loads(value or "")
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}
