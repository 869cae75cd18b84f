"""Bolt's real signing verification in front of every handler, the offline answers, ack-then-queue, and the
apology, log and count of a failed handler."""

import logging
import time

import pytest

from apps.slack import bolt
from apps.slack.models import CommandUse, HandlerFailure
from tests.apps.slack.conftest import COMMANDS_URL, USER_ID, texts_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "signing",
    [
        {"secret": None},  # unsigned
        {"secret": "not-the-signing-secret"},  # badly signed
        {"age": 6 * 60},  # stale: outside the five-minute window
        {"age": -6 * 60},  # from the future, as far
    ],
    ids=["unsigned", "bad-signature", "stale", "future"],
)
def test_a_request_bolt_cannot_verify_gets_401_and_reaches_no_handler(bot, slack, signing):
    if "age" in signing:  # now, not when the tests were collected
        signing = {"timestamp": int(time.time()) - signing["age"]}
    response = slack.command("/projects", "zap", **signing)

    assert response.status_code == 401
    assert not CommandUse.objects.exists()
    assert bot.calls() == []  # nothing was asked of Slack: no auth.test, no message


def test_a_tampered_body_fails_the_signature_of_the_original(bot, slack, client):
    from tests.apps.slack.conftest import signed_headers

    body = "command=%2Fprojects&text=zap&user_id=U0MEMBER&team_id=T0NEST"
    headers = signed_headers(body)

    response = client.post(
        COMMANDS_URL,
        data=body.replace("zap", "juice"),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )

    assert response.status_code == 401
    assert not CommandUse.objects.exists()


def test_a_request_signed_four_minutes_ago_is_still_answered(bot, slack):
    response = slack.command("/owasp", timestamp=int(time.time()) - 4 * 60)

    assert response.status_code == 200
    assert CommandUse.objects.get().command == "/owasp"


def test_a_signed_command_is_acknowledged_empty_and_its_work_queued(slack_settings, slack, fake_slack, monkeypatch):
    from apps.slack import tasks

    queued = []
    monkeypatch.setattr(tasks.answer_command_task, "delay", lambda payload: queued.append(payload))

    response = slack.command("/projects", "zap")

    assert response.status_code == 200
    assert response.content == b""  # ack() with nothing: the answer comes from the task
    assert queued == [
        {"team_id": "T0NEST", "enterprise_id": "", "user_id": USER_ID, "command": "projects", "text": "zap"}
    ]
    assert fake_slack.calls("chat.postMessage") == []


def test_url_verification_is_answered_with_the_challenge_only_when_signed(bot, slack, client):
    import json

    body = json.dumps(
        {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    )

    unsigned = slack.post("/integrations/slack/events/", body, "application/json", secret=None)
    signed = slack.post("/integrations/slack/events/", body, "application/json")

    assert unsigned.status_code == 401
    assert signed.status_code == 200
    assert signed.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


def test_without_slack_settings_the_endpoints_answer_503_and_say_what_is_missing(client, settings):
    settings.SLACK_SIGNING_SECRET = ""
    settings.SLACK_BOT_TOKEN = ""
    settings.SLACK_CLIENT_ID = settings.SLACK_CLIENT_SECRET = ""
    bolt.reset()

    for path in ("commands/", "events/", "interactivity/"):
        response = client.post(
            f"/integrations/slack/{path}", data="x=1", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 503
        assert "SLACK_SIGNING_SECRET" in response.json()["error"]
    assert bolt.get_app() is None


def test_with_one_workspace_the_oauth_pages_are_404_with_a_reason(slack_settings, client):
    for path in ("install/", "oauth_redirect/"):
        response = client.get(f"/integrations/slack/{path}")
        assert response.status_code == 404
        assert "one workspace" in response.json()["error"]


def test_the_endpoints_refuse_get(slack_settings, client):
    assert client.get("/integrations/slack/commands/").status_code == 405


def test_a_failing_handler_apologises_logs_and_counts(bot, slack, caplog):
    bot.fail("chat.postMessage", error="channel_not_found")  # the answer fails; the apology goes through

    with caplog.at_level(logging.ERROR, logger="apps.slack.tasks"):
        response = slack.command("/projects", "zap")
        slack.command("/chapters")  # answered normally
        bot.fail("chat.postMessage", error="ratelimited")
        slack.command("/projects")

    assert response.status_code == 200
    posted = bot.posted()
    apologies = [message for message in posted if "Sorry, something went wrong" in message.get("text", "")]
    assert len(apologies) == 2
    assert all(message["channel"] == USER_ID for message in apologies)
    failure = HandlerFailure.objects.get(handler="/projects")
    assert failure.count == 2
    assert "ratelimited" in failure.last_error
    assert "NestBot handler /projects failed" in caplog.text
    chapters = [message for message in posted if "OWASP chapters" in texts_of(message.get("blocks", []))]
    assert len(chapters) == 1


def test_every_use_is_logged_without_an_ai_question(bot, slack):
    slack.command("/projects", "zap level:flagship")
    slack.command("/ai", "what is my password?")
    slack.command("/owasp", "ai and this question?")

    uses = list(CommandUse.objects.order_by("pk").values_list("command", "args", "user_id", "team_id"))
    assert uses == [
        ("/projects", "zap level:flagship", USER_ID, "T0NEST"),
        ("/ai", "", USER_ID, "T0NEST"),
        ("/owasp", "ai", USER_ID, "T0NEST"),
    ]
    assert all(use.created_at for use in CommandUse.objects.all())


@pytest.mark.parametrize(
    "value", ["not json", "[1, 2]", '{"c": "projects", "p": "many"}', '{"c": "nope", "p": 99999999}']
)
def test_a_forged_button_value_is_acknowledged_and_answered_sanely(bot, slack, value):
    response = slack.action(
        {"action_id": "nestbot_page_next", "value": value},
        container={"type": "message", "message_ts": "1.1", "channel_id": USER_ID},
    )

    assert response.status_code == 200
    assert not HandlerFailure.objects.exists()
    updates = bot.calls("chat.update")
    if value.startswith("{"):  # one of ours in shape: a first page, or the help for an unknown command
        (update,) = updates
        assert texts_of(update.args["blocks"])
    else:
        assert updates == []


def test_a_malformed_interactivity_body_is_refused_without_a_500(bot, slack):
    body = "payload=%7Bnot-json"

    signed = slack.post("/integrations/slack/interactivity/", body, "application/x-www-form-urlencoded")
    unsigned = slack.post("/integrations/slack/interactivity/", body, "application/x-www-form-urlencoded", secret=None)
    json_event = slack.post("/integrations/slack/events/", "{not json", "application/json")

    assert signed.status_code == 400
    assert "not what Slack sends" in signed.json()["error"]
    assert unsigned.status_code == 401
    assert json_event.status_code == 400
    assert bot.calls() == []
