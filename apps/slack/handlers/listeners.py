"""Bolt's listeners: each acknowledges at once, records the use, and leaves the work to a Celery task, so Slack
gets its answer well within three seconds whatever the work costs. Bolt has verified the signature before
any of these runs. A listener that fails is answered by ``on_error`` (an apology, a log line, a count)."""

import logging
import re

from slack_bolt import BoltResponse

from apps.slack import tasks
from apps.slack.blocks import PAGE_ACTION, read_state
from apps.slack.handlers.commands import COMMANDS
from apps.slack.models import CommandUse, Conversation, HandlerFailure

logger = logging.getLogger(__name__)


def _where(context) -> dict:
    return {"team_id": context.team_id or "", "enterprise_id": context.enterprise_id or ""}


def record_use(*, context, user_id: str, command: str, args: str = "", channel_id: str = "", user_name: str = ""):
    CommandUse.objects.create(
        team_id=context.team_id or "",
        user_id=user_id or "",
        user_name=user_name[:200],
        channel_id=channel_id or "",
        command=command[:64],
        args=args[:300],
    )


def on_command(ack, command, context):
    ack()
    name = command["command"].lstrip("/")
    text = command.get("text") or ""
    spec = COMMANDS[name]
    logged = text if spec.log_args else ""
    if name == "owasp" and text.split(" ", 1)[0].lower() == "ai":
        logged = "ai"  # the dispatcher's /ai: the question is not kept either
    record_use(
        context=context,
        user_id=command["user_id"],
        user_name=command.get("user_name", ""),
        channel_id=command.get("channel_id", ""),
        command=command["command"],
        args=logged,
    )
    tasks.answer_command_task.delay({**_where(context), "user_id": command["user_id"], "command": name, "text": text})


def on_page(ack, body, action, context):
    ack()
    state = read_state(action.get("value", ""))
    if not state:
        return
    container = body.get("container") or {}
    user_id = (body.get("user") or {}).get("id", "")
    record_use(
        context=context, user_id=user_id, command=f"button:{state.get('c', '')}"[:64], args=str(state.get("p", ""))
    )
    tasks.turn_page_task.delay(
        {
            **_where(context),
            "user_id": user_id,
            "state": state,
            "home": container.get("type") == "view",
            "channel": container.get("channel_id") or (body.get("channel") or {}).get("id", ""),
            "ts": container.get("message_ts", ""),
        }
    )


def on_link(ack):
    ack()  # a button that only opens a URL


def on_home_opened(event, context):
    if event.get("tab", "home") != "home":
        return
    record_use(context=context, user_id=event["user"], command="app_home")
    tasks.publish_home_task.delay({**_where(context), "user_id": event["user"]})


def on_team_join(event, context):
    user = event.get("user") or {}
    user_id = user.get("id") if isinstance(user, dict) else user
    if user_id and not (isinstance(user, dict) and user.get("is_bot")):
        tasks.welcome_task.delay({**_where(context), "user_id": user_id})


def on_member_joined(event, context):
    if event.get("user") and event.get("user") != context.bot_user_id:
        tasks.channel_guide_task.delay({**_where(context), "user_id": event["user"], "channel": event["channel"]})


def _question(event, context, *, mentioned: bool) -> None:
    if event.get("bot_id") or event.get("subtype") or event.get("user") == context.bot_user_id:
        return  # NestBot's own messages, edits, joins...
    text = re.sub(r"<@[A-Z0-9]+>", "", event.get("text") or "").strip()
    if not text:
        return
    record_use(
        context=context,
        user_id=event.get("user", ""),
        command="mention" if mentioned else "question",
        channel_id=event.get("channel", ""),
    )
    tasks.answer_question_task.delay(
        {
            **_where(context),
            "user_id": event.get("user", ""),
            "channel": event["channel"],
            "thread_ts": event.get("thread_ts") or event["ts"],
            "question": text,
        }
    )


def on_mention(event, context):
    _question(event, context, mentioned=True)


def on_message(event, context):
    """A direct message, or a message in a channel staff chose for answers (mentions go to ``on_mention``)."""
    if f"<@{context.bot_user_id}>" in (event.get("text") or ""):
        return
    if (
        event.get("channel_type") == "im"
        or Conversation.objects.filter(slack_id=event.get("channel", ""), answers_questions=True).exists()
    ):
        _question(event, context, mentioned=False)


def failed_listener(body: dict) -> str:
    """What failed, as the failure counter names it: ``listener:/projects``, ``listener:button``,
    ``listener:app_mention``…"""
    if body.get("command"):
        return f"listener:{body['command']}"[:100]
    if body.get("type") == "block_actions":
        return "listener:button"
    event = body.get("event") or {}
    return f"listener:{event.get('type') or body.get('type') or 'unknown'}"[:100]


def on_error(error, body, context, client, respond):
    """A listener failed (before or while queueing its task): logged, counted, and the person who asked gets a
    short apology, where they asked: a slash command's own answer, a button's ``response_url`` (a DM from the
    App Home), a thread reply to a mention or direct message. Slack gets a 200, so it neither shows its own
    failure notice nor retries an event the apology already answered."""
    handler = failed_listener(body or {})
    logger.error("NestBot %s failed: %s", handler, error, exc_info=error)
    try:
        HandlerFailure.count_one(handler, error)
    except Exception:
        logger.exception("NestBot could not count the failure of %s", handler)
    if (body or {}).get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": tasks.apology()})
    try:
        _apologise(body or {}, context, client, respond)
    except Exception:
        logger.exception("NestBot could not apologise for %s", handler)
    return BoltResponse(status=200, body="")


def _apologise(body: dict, context, client, respond) -> None:
    text = tasks.apology()
    if body.get("type") == "block_actions":
        if respond is not None and body.get("response_url"):
            respond(text=text, response_type="ephemeral", replace_original=False)
        elif (body.get("user") or {}).get("id"):
            client.chat_postMessage(channel=body["user"]["id"], text=text)
        return
    event = body.get("event") or {}
    user = event.get("user")
    if isinstance(user, dict):  # team_join carries the whole user
        user = user.get("id")
    if not user or event.get("bot_id") or user == context.bot_user_id:
        return  # nobody to apologise to (or NestBot itself: no loop)
    if event.get("type") in ("app_mention", "message") and event.get("channel"):
        client.chat_postMessage(channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"], text=text)
    elif event.get("type") == "member_joined_channel" and event.get("channel"):
        client.chat_postEphemeral(channel=event["channel"], user=user, text=text)
    else:
        client.chat_postMessage(channel=user, text=text)


def register(app) -> None:
    names = "|".join(re.escape(name) for name in COMMANDS)
    app.command(re.compile(rf"^/(?:{names})$"))(on_command)
    app.action(re.compile(rf"^{PAGE_ACTION}_"))(on_page)
    app.action("nestbot_link")(on_link)
    app.event("app_home_opened")(on_home_opened)
    app.event("team_join")(on_team_join)
    app.event("member_joined_channel")(on_member_joined)
    app.event("app_mention")(on_mention)
    app.event("message")(on_message)
    app.error(on_error)
