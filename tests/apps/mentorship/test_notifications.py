"""Slack messages of the mentorship, when a bot token and a channel are set: what applying and deciding post to
the local fake Slack Web API (tests/fakes/slack.py), and a refusal by Slack that is logged and changes nothing
else."""

import logging

import pytest
from django.core import mail

from apps.mentorship.models import Application, ApplicationStatus
from apps.mentorship.services import applications, notifications
from tests.apps.mentorship.conftest import STATEMENT
from tests.fakes.slack import BOT_TOKEN, fake_slack, slack_settings

__all__ = ["fake_slack", "slack_settings"]

pytestmark = pytest.mark.django_db

CHANNEL = "#mentorship-test"
LOGGER = "apps.mentorship.services.notifications"


@pytest.fixture
def slack_channel(slack_settings):
    slack_settings.NEST_MENTORSHIP_SLACK_CHANNEL = CHANNEL
    return slack_settings


def messages(fake) -> list[tuple[str, str, str]]:
    """(token, channel, text) of every chat.postMessage the fake received."""
    return [(call.token, call.args.get("channel"), call.args.get("text")) for call in fake.calls("chat.postMessage")]


def test_applying_posts_to_the_mentorship_channel_naming_the_mentee_and_module(
    world, slack_channel, fake_slack, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        applications.apply(world.mentee_account, world.module, STATEMENT)

    [(token, channel, text)] = messages(fake_slack)
    assert (token, channel) == (BOT_TOKEN, CHANNEL)
    assert world.mentee_gh.login in text
    assert world.module.name in text
    assert world.program.name in text


def test_nothing_is_posted_before_the_application_commits(
    world, slack_channel, fake_slack, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        applications.apply(world.mentee_account, world.module, STATEMENT)

    assert len(callbacks) == 1
    assert messages(fake_slack) == []


@pytest.mark.parametrize(
    ("accept", "status"), [(True, ApplicationStatus.ACCEPTED), (False, ApplicationStatus.REJECTED)]
)
def test_the_decision_posts_too_with_its_outcome(
    world, slack_channel, fake_slack, django_capture_on_commit_callbacks, accept, status
):
    with django_capture_on_commit_callbacks(execute=True):
        application = applications.apply(world.mentee_account, world.module, STATEMENT)
    with django_capture_on_commit_callbacks(execute=True):
        applications.decide(world.mentor_account, application, accept=accept)

    applied, decided = messages(fake_slack)
    assert decided[:2] == (BOT_TOKEN, CHANNEL)
    assert decided[2] != applied[2]
    application.refresh_from_db()
    assert application.status == status
    assert world.mentee_gh.login in decided[2]
    assert world.module.name in decided[2]
    assert application.get_status_display() in decided[2]


def test_slack_refusing_is_logged_and_the_application_is_still_saved(
    world, slack_channel, fake_slack, django_capture_on_commit_callbacks, caplog
):
    fake_slack.fail("chat.postMessage", error="channel_not_found")

    with caplog.at_level(logging.WARNING, logger=LOGGER), django_capture_on_commit_callbacks(execute=True):
        application = applications.apply(world.mentee_account, world.module, STATEMENT)

    assert len(fake_slack.calls("chat.postMessage")) == 1  # asked, and refused
    warnings = [record for record in caplog.records if record.name == LOGGER and record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "channel_not_found" in warnings[0].getMessage()
    saved = Application.objects.get(pk=application.pk)
    assert (saved.status, saved.mentee.github_user) == (ApplicationStatus.SUBMITTED, world.mentee_gh)
    assert [m.to for m in mail.outbox] == [["the-mentor@example.org"]]  # the mail went out all the same


def test_post_to_slack_says_whether_slack_took_the_message(slack_channel, fake_slack, caplog):
    assert notifications.post_to_slack("first") is True

    fake_slack.fail("chat.postMessage", error="channel_not_found")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert notifications.post_to_slack("second") is False

    assert [text for _token, _channel, text in messages(fake_slack)] == ["first", "second"]
    assert any("channel_not_found" in record.getMessage() for record in caplog.records if record.name == LOGGER)


def test_post_to_slack_sends_nothing_without_a_channel(slack_settings, fake_slack):
    slack_settings.NEST_MENTORSHIP_SLACK_CHANNEL = ""

    assert notifications.slack_configured() is False
    assert notifications.post_to_slack("unheard") is False
    assert fake_slack.calls() == []


def test_slack_unreachable_is_logged_and_returns_false(slack_channel, fake_slack, caplog):
    fake_slack.stop()  # nothing listens on the port any more

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert notifications.post_to_slack("lost") is False

    assert any("not sent" in record.getMessage() for record in caplog.records if record.name == LOGGER)
