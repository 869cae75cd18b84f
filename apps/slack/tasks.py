"""NestBot's slow work, off the request: each task renders its answer from the domain and posts it through the
Web API. A failure is logged, counted (``HandlerFailure``) and answered with a short apology, never dropped."""

import logging
from collections.abc import Callable

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext as _

from apps.slack import bolt
from apps.slack.models import HandlerFailure

logger = logging.getLogger(__name__)


def apology() -> str:
    return _("Sorry, something went wrong on our side while answering. It has been logged; please try again later.")


def run(handler: str, payload: dict, work: Callable) -> str:
    """``work(client, payload)`` with the workspace's client; its failure counted and apologised for."""
    client = bolt.web_client(bolt.bot_token(payload.get("team_id", ""), payload.get("enterprise_id", "")))
    try:
        with transaction.atomic():
            work(client, payload)
    except Exception as error:
        logger.exception("NestBot handler %s failed", handler)
        HandlerFailure.count_one(handler, error)
        try:
            _apologise(client, handler, payload)
        except Exception:
            logger.exception("NestBot could not apologise for %s", handler)
        return "failed"
    return "ok"


def _apologise(client, handler: str, payload: dict) -> None:
    """The apology replaces the "Thinking…" placeholder when one was posted, else is a message of its own (in
    the question's thread, or to the person)."""
    placeholder = payload.get(PLACEHOLDER)
    if placeholder:
        from apps.slack.blocks import section

        client.chat_update(**placeholder, blocks=[section(apology())], text=apology())
        return
    channel = payload.get("channel") if handler == "question" else payload.get("user_id")
    if channel:
        client.chat_postMessage(channel=channel, text=apology(), thread_ts=payload.get("thread_ts"))


PLACEHOLDER = "_placeholder"  # where the work notes the placeholder it posted, for the apology to replace


def _placeholder(client, payload: dict, **where):
    """Post "Thinking…" and note where it is."""
    from apps.slack.handlers.answers import thinking

    shown = thinking()
    posted = client.chat_postMessage(**where, blocks=shown.blocks, text=shown.text)
    payload[PLACEHOLDER] = {"channel": posted["channel"], "ts": posted["ts"]}
    return posted


def _command(client, payload):
    from apps.slack.handlers.commands import answer

    name, text, user = payload["command"], payload.get("text", ""), payload["user_id"]
    asks = name == "ai" or (name == "owasp" and text.split(" ", 1)[0].lower() == "ai")
    if asks:
        posted = _placeholder(client, payload, channel=user)
        shown = answer(name, text, user_id=user)
        client.chat_update(channel=posted["channel"], ts=posted["ts"], blocks=shown.blocks, text=shown.text)
        return
    shown = answer(name, text, user_id=user)
    client.chat_postMessage(channel=user, blocks=shown.blocks, text=shown.text, unfurl_links=False)


@shared_task(name="slack.answer_command")
def answer_command_task(payload: dict) -> str:
    return run(f"/{payload.get('command', '')}", payload, _command)


def _page(client, payload):
    from apps.slack.handlers.commands import answer
    from apps.slack.handlers.home import home_view, turned

    state = payload["state"]
    if payload.get("home"):
        client.views_publish(user_id=payload["user_id"], view=home_view(turned(state)))
        return
    shown = answer(
        state.get("c", ""),
        state.get("t", ""),
        page=state.get("p", 0),
        cursor=state.get("k", ""),
        user_id=payload["user_id"],
    )
    client.chat_update(channel=payload["channel"], ts=payload["ts"], blocks=shown.blocks, text=shown.text)


@shared_task(name="slack.turn_page")
def turn_page_task(payload: dict) -> str:
    return run("page", payload, _page)


def _home(client, payload):
    from apps.slack.handlers.home import home_view

    client.views_publish(user_id=payload["user_id"], view=home_view())


@shared_task(name="slack.publish_home")
def publish_home_task(payload: dict) -> str:
    return run("app_home", payload, _home)


def _welcome(client, payload):
    from apps.slack.handlers.events import welcome

    shown = welcome()
    if shown is not None:
        client.chat_postMessage(channel=payload["user_id"], blocks=shown.blocks, text=shown.text)


@shared_task(name="slack.welcome")
def welcome_task(payload: dict) -> str:
    return run("team_join", payload, _welcome)


def _guide(client, payload):
    from apps.slack.handlers.events import channel_guide

    shown = channel_guide(payload["channel"])
    if shown is not None:
        client.chat_postEphemeral(
            channel=payload["channel"], user=payload["user_id"], blocks=shown.blocks, text=shown.text
        )


@shared_task(name="slack.channel_guide")
def channel_guide_task(payload: dict) -> str:
    return run("member_joined_channel", payload, _guide)


def _question(client, payload):
    from apps.slack.handlers.answers import answer_question

    posted = _placeholder(client, payload, channel=payload["channel"], thread_ts=payload["thread_ts"])
    shown = answer_question(payload["question"])
    client.chat_update(channel=posted["channel"], ts=posted["ts"], blocks=shown.blocks, text=shown.text)


@shared_task(name="slack.answer_question")
def answer_question_task(payload: dict) -> str:
    return run("question", payload, _question)


@shared_task(name="slack.sync_workspace")
def sync_workspace_task() -> list[dict]:
    """Every workspace NestBot serves (the configured one, or each installation's), synced in turn."""
    from apps.slack.services.workspace import sync_workspace

    return [sync_workspace(bolt.web_client(token)).as_dict() for token in bolt.workspace_tokens()]
