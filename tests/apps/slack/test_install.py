"""Several workspaces: Bolt's OAuth install flow against the fake (installations and states in the database),
a rejected state, and commands authorized with the installed workspace's token."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from apps.slack.models import Bot, Installation, OAuthState
from tests.apps.slack.conftest import texts_of
from tests.fakes.slack import CLIENT_ID, OAUTH_CODE, TEAM_ID

pytestmark = pytest.mark.django_db

INSTALL = "/integrations/slack/install/"
REDIRECT = "/integrations/slack/oauth_redirect/"


def start_install(client) -> str:
    response = client.get(INSTALL)
    assert response.status_code == 200
    authorize = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', response.content.decode())
    query = parse_qs(urlsplit(authorize.group(1).replace("&amp;", "&")).query)
    assert query["client_id"] == [CLIENT_ID]
    assert "commands" in query["scope"][0].split(",")
    return query["state"][0]


def test_install_flow_stores_the_installation_and_its_bot(slack_oauth_settings, client, fake_slack, eager_tasks, slack):
    state = start_install(client)
    assert OAuthState.objects.filter(state=state).exists()

    response = client.get(REDIRECT, {"code": OAUTH_CODE, "state": state})

    assert response.status_code == 200
    (access,) = fake_slack.calls("oauth.v2.access")
    assert access.args["code"] == OAUTH_CODE
    installation = Installation.objects.get()
    assert (installation.team_id, installation.team_name, installation.user_id) == (
        TEAM_ID,
        "OWASP Test",
        "U0INSTALLER",
    )
    bot = Bot.objects.get()
    assert bot.bot_token == "xoxb-installed-t0nest"
    assert not OAuthState.objects.filter(state=state).exists()  # a state is good once

    slack.command("/owasp")

    (message,) = fake_slack.posted()
    assert "NestBot commands" in texts_of(message["blocks"])
    assert fake_slack.calls("chat.postMessage")[0].token == "xoxb-installed-t0nest"


def test_a_forged_state_is_rejected_and_nothing_is_installed(slack_oauth_settings, client, fake_slack):
    start_install(client)
    client.cookies["slack-app-oauth-state"] = "forged-state"

    response = client.get(REDIRECT, {"code": OAUTH_CODE, "state": "forged-state"})

    assert 400 <= response.status_code < 500  # Bolt's failure page
    assert fake_slack.calls("oauth.v2.access") == []
    assert not Installation.objects.exists()


def test_a_state_used_twice_is_rejected(slack_oauth_settings, client, fake_slack):
    state = start_install(client)
    assert client.get(REDIRECT, {"code": OAUTH_CODE, "state": state}).status_code == 200
    client.cookies["slack-app-oauth-state"] = state

    replay = client.get(REDIRECT, {"code": OAUTH_CODE, "state": state})

    assert 400 <= replay.status_code < 500
    assert Installation.objects.count() == 1


def test_a_state_without_its_cookie_is_rejected(slack_oauth_settings, client, fake_slack):
    state = start_install(client)
    client.cookies.clear()

    response = client.get(REDIRECT, {"code": OAUTH_CODE, "state": state})

    assert 400 <= response.status_code < 500  # Bolt's failure page
    assert not Installation.objects.exists()


def test_a_bad_code_installs_nothing(slack_oauth_settings, client, fake_slack):
    state = start_install(client)

    response = client.get(REDIRECT, {"code": "wrong", "state": state})

    assert 400 <= response.status_code < 500  # Bolt's failure page
    assert not Installation.objects.exists()


def test_a_workspace_that_never_installed_gets_no_answer(slack_oauth_settings, fake_slack, eager_tasks, slack):
    response = slack.command("/owasp")

    assert response.status_code == 200
    assert fake_slack.posted() == []
    (told,) = fake_slack.calls("response_url")  # Bolt tells the user the app is not installed there
    assert "install" in told.args["text"].lower()
