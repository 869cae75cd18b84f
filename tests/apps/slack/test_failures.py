"""A failure never drops a request silently: in a listener (the queue down before the task is sent) or in the
task's handler (the service it calls raising), for a slash command, a mention or direct message and a button,
the person gets a short apology where they asked, the failure is logged and its counter moves."""

import logging

import pytest
from kombu.exceptions import OperationalError

from apps.slack import tasks
from apps.slack.handlers import answers, commands
from apps.slack.models import HandlerFailure
from tests.apps.slack.conftest import USER_ID, buttons_of, texts_of
from tests.fakes.slack import BOT_USER_ID

pytestmark = pytest.mark.django_db

APOLOGY = "Sorry, something went wrong on our side while answering. It has been logged; please try again later."


def broker_down(*args, **kwargs):
    raise OperationalError("[Errno 111] Connection refused")


def service_broken(*args, **kwargs):
    raise RuntimeError("the service is broken")


def failures(handler: str) -> int:
    row = HandlerFailure.objects.filter(handler=handler).first()
    return row.count if row else 0


def mention(ts: str) -> dict:
    return {"type": "app_mention", "user": USER_ID, "text": f"<@{BOT_USER_ID}> juice shop", "ts": ts, "channel": "C0G"}


# ------------------------------------------------------------------------------------------ in the listener


def test_a_command_whose_listener_fails_is_answered_with_an_apology(bot, slack, monkeypatch, caplog):
    monkeypatch.setattr(tasks.answer_command_task, "delay", broker_down)

    with caplog.at_level(logging.ERROR, logger="apps.slack.handlers.listeners"):
        response = slack.command("/projects", "zap")

    assert response.status_code == 200  # Slack shows the answer, not its own "dispatch_failed"
    assert response.json() == {"response_type": "ephemeral", "text": APOLOGY}
    assert failures("listener:/projects") == 1
    assert "NestBot listener:/projects failed: [Errno 111] Connection refused" in caplog.text
    assert bot.posted() == []

    slack.command("/projects", "zap")
    assert failures("listener:/projects") == 2


def test_a_mention_whose_listener_fails_gets_an_apology_in_its_thread(bot, slack, monkeypatch, caplog):
    monkeypatch.setattr(tasks.answer_question_task, "delay", broker_down)

    with caplog.at_level(logging.ERROR, logger="apps.slack.handlers.listeners"):
        response = slack.event(mention("5.5"))
        slack.event(
            {"type": "message", "channel_type": "im", "user": USER_ID, "text": "hi", "ts": "6.5", "channel": "D0"}
        )

    assert response.status_code == 200  # acknowledged: Slack does not retry what was apologised for
    mention_apology, dm_apology = bot.posted()
    assert (mention_apology["channel"], mention_apology["thread_ts"], mention_apology["text"]) == (
        "C0G",
        "5.5",
        APOLOGY,
    )
    assert (dm_apology["channel"], dm_apology["thread_ts"], dm_apology["text"]) == ("D0", "6.5", APOLOGY)
    assert failures("listener:app_mention") == 1
    assert failures("listener:message") == 1
    assert "NestBot listener:app_mention failed" in caplog.text


def test_a_button_whose_listener_fails_is_answered_through_its_response_url(bot, slack, monkeypatch, caplog):
    message = slack.command("/staff")
    assert message.status_code == 200
    (next_button,) = buttons_of(bot.posted()[-1]["blocks"])
    monkeypatch.setattr(tasks.turn_page_task, "delay", broker_down)

    with caplog.at_level(logging.ERROR, logger="apps.slack.handlers.listeners"):
        response = slack.action(
            next_button,
            container={"type": "message", "message_ts": "1.1", "channel_id": USER_ID},
            response_url=bot.response_url,
        )
        home = slack.action(next_button, container={"type": "view", "view_id": "V0HOME"})  # no response_url there

    assert response.status_code == home.status_code == 200
    (responded,) = bot.calls("response_url")
    assert responded.args == {"text": APOLOGY, "response_type": "ephemeral", "replace_original": False}
    dm = bot.posted()[-1]  # the App Home's button: a direct message
    assert (dm["channel"], dm["text"]) == (USER_ID, APOLOGY)
    assert bot.calls("chat.update") == []
    assert failures("listener:button") == 2
    assert "NestBot listener:button failed" in caplog.text


# ---------------------------------------------------------------------------------------- in the handler


def test_a_command_whose_service_fails_apologises_logs_and_counts(bot, slack, monkeypatch, caplog):
    monkeypatch.setattr(commands, "public_staff", service_broken)

    with caplog.at_level(logging.ERROR, logger="apps.slack.tasks"):
        response = slack.command("/staff")

    assert response.status_code == 200
    (apology,) = bot.posted()
    assert (apology["channel"], apology["text"]) == (USER_ID, APOLOGY)
    failure = HandlerFailure.objects.get(handler="/staff")
    assert failure.count == 1 and failure.last_error == "RuntimeError: the service is broken"
    assert "NestBot handler /staff failed" in caplog.text


def test_a_question_whose_assistant_fails_replaces_the_placeholder_with_an_apology(bot, slack, monkeypatch, caplog):
    monkeypatch.setattr(answers, "ask", service_broken)

    with caplog.at_level(logging.ERROR, logger="apps.slack.tasks"):
        slack.event(mention("9.5"))
        slack.command("/ai", "what is juice shop?")

    thread_placeholder, command_placeholder = bot.posted()  # "Thinking…", and no second message
    assert "Thinking…" in texts_of(thread_placeholder["blocks"]) and thread_placeholder["thread_ts"] == "9.5"
    first, second = bot.calls("chat.update")
    assert first.args["channel"] == "C0G" and first.args["ts"]
    assert first.args["text"] == second.args["text"] == APOLOGY
    assert texts_of(first.args["blocks"]) == APOLOGY
    assert second.args["channel"] == command_placeholder["channel"] == USER_ID
    assert failures("question") == 1 and failures("/ai") == 1
    assert "NestBot handler question failed" in caplog.text


def test_a_button_whose_service_fails_apologises_logs_and_counts(bot, slack, monkeypatch, caplog):
    slack.command("/staff")
    (next_button,) = buttons_of(bot.posted()[-1]["blocks"])
    monkeypatch.setattr(commands, "public_staff", service_broken)

    with caplog.at_level(logging.ERROR, logger="apps.slack.tasks"):
        response = slack.action(next_button, container={"type": "message", "message_ts": "1.1", "channel_id": USER_ID})

    assert response.status_code == 200
    assert bot.calls("chat.update") == []
    assert bot.posted()[-1] == {"channel": USER_ID, "text": APOLOGY}
    assert failures("page") == 1
    assert "NestBot handler page failed" in caplog.text
