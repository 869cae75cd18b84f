"""NestBot's tests: signed requests to the Django endpoints, Bolt's real verification, the fake Slack Web API."""

import json
import time
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.fakes.github import fake_github, github_dataset
from tests.fakes.slack import BOT_USER_ID, SIGNING_SECRET, TEAM_ID, fake_slack, slack_oauth_settings, slack_settings

__all__ = ["fake_github", "fake_slack", "github_dataset", "slack_oauth_settings", "slack_settings"]

COMMANDS_URL = "/integrations/slack/commands/"
EVENTS_URL = "/integrations/slack/events/"
INTERACTIVITY_URL = "/integrations/slack/interactivity/"
USER_ID = "U0MEMBER"
CHANNEL_ID = "C0GENERAL"


def signed_headers(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


class SlackPoster:
    """Posts what Slack posts, signed, to the Django endpoints through the test client."""

    def __init__(self, client, response_url: str):
        self.client = client
        self.response_url = response_url

    def post(self, url: str, body: str, content_type: str, **signing):
        headers = signed_headers(body, **signing) if signing.get("secret", True) is not None else {}
        return self.client.post(url, data=body, content_type=content_type, headers=headers)

    def command(self, command: str, text: str = "", *, user_id: str = USER_ID, **signing):
        body = urlencode(
            {
                "token": "deprecated-verification-token",
                "team_id": TEAM_ID,
                "team_domain": "owasp-test",
                "channel_id": CHANNEL_ID,
                "channel_name": "general",
                "user_id": user_id,
                "user_name": "member",
                "command": command,
                "text": text,
                "api_app_id": "A0NEST",
                "response_url": self.response_url,
                "trigger_id": "1.2.3",
            }
        )
        return self.post(COMMANDS_URL, body, "application/x-www-form-urlencoded", **signing)

    def event(self, event: dict, **signing):
        body = json.dumps(
            {
                "token": "deprecated-verification-token",
                "team_id": TEAM_ID,
                "api_app_id": "A0NEST",
                "event": event,
                "type": "event_callback",
                "event_id": f"Ev{time.monotonic_ns()}",
                "event_time": int(time.time()),
                "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
            }
        )
        return self.post(EVENTS_URL, body, "application/json", **signing)

    def action(self, button: dict, *, container: dict, user_id: str = USER_ID, response_url: str = "", **signing):
        """A button pressed; ``response_url`` as Slack sends one with a message's buttons (not the App Home's)."""
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "owasp-test"},
            "user": {"id": user_id, "name": "member", "team_id": TEAM_ID},
            "api_app_id": "A0NEST",
            "token": "deprecated-verification-token",
            "container": container,
            "trigger_id": "1.2.3",
            "channel": {"id": container.get("channel_id", "")} if container.get("channel_id") else None,
            "actions": [{**button, "block_id": "pager", "type": "button", "action_ts": str(time.time())}],
        }
        if payload["channel"] is None:
            del payload["channel"]
        if response_url:
            payload["response_url"] = response_url
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(INTERACTIVITY_URL, body, "application/x-www-form-urlencoded", **signing)


@pytest.fixture
def slack(client, fake_slack):
    return SlackPoster(client, fake_slack.response_url)


@pytest.fixture
def eager_tasks():
    """Celery runs ``.delay()`` here and now (no broker, no worker), errors kept in the result."""
    from nest.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, False
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def bot(slack_settings, eager_tasks, slack, fake_slack):
    """A configured NestBot whose tasks run at once: post to ``slack``, read what it sent from ``fake_slack``."""
    return fake_slack


def texts_of(blocks: list[dict]) -> str:
    """Every text in some blocks, one per line (sections, headers, context elements, button labels)."""
    found = []
    for block in blocks:
        if "text" in block:
            found.append(block["text"]["text"])
        for element in block.get("elements", []) + block.get("fields", []):
            text = element.get("text")
            found.append(text["text"] if isinstance(text, dict) else text or "")
        accessory = block.get("accessory") or {}
        if accessory.get("text"):
            found.append(accessory["text"]["text"])
    return "\n".join(found)


def buttons_of(blocks: list[dict]) -> list[dict]:
    return [element for block in blocks if block["type"] == "actions" for element in block["elements"]]


@pytest.fixture
def synced_github(fake_github, github_dataset, django_capture_on_commit_callbacks):
    """The fake GitHub's generated OWASP organization stored by the real ``sync_github``, and indexed for
    search as after its commits."""
    from apps.github.sync import sync_github
    from tests.fakes.github import ORG, make_client

    client = make_client(fake_github)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = sync_github(ORG, client=client)
    finally:
        client.close()
    assert report.ok, report.summary()
    return github_dataset.organizations[ORG]
