"""Bolt's listeners: each acknowledges at once, records the use, and leaves the work to a Celery task, so Slack
gets its answer well within three seconds whatever the work costs. Bolt has verified the signature before
any of these runs."""

import logging
import re

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


def on_error(error, body, logger):
    """A listener failed before its task was queued: logged, counted; Slack shows its own failure notice."""
    logger.exception("NestBot listener failed: %s", error)
    HandlerFailure.count_one("listener", error)


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
