"""The scheduled sync of the workspace's members and channels, its suggestions, staff review and the pages."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from apps.slack.models import Conversation, Member
from apps.slack.models.workspace import LinkState
from apps.slack.services import workspace
from apps.slack.tasks import sync_workspace_task
from cms.models import ChapterPage, ProjectPage
from tests.factories import make_user
from tests.fakes.slack import TEAM_ID

pytestmark = pytest.mark.django_db


def members():
    return [
        {"id": "U01", "name": "bkimminich", "real_name": "Bjoern Kimminich", "profile": {"display_name": "Björn"}},
        {"id": "U02", "name": "jdoe", "real_name": "Jane Example", "profile": {}},
        {"id": "U03", "name": "nestbot", "is_bot": True, "profile": {}},
        {"id": "U04", "name": "gone", "deleted": True, "profile": {}},
        {"name": "no-id"},
    ]


def channels():
    return [
        {"id": "C01", "name": "project-juice-shop", "num_members": 1200, "topic": {"value": "Juice Shop"}},
        {"id": "C02", "name": "chapter-germany", "num_members": 300},
        {"id": "C03", "name": "random", "num_members": 9000},
        {"id": "C04", "name": "project-not-a-project"},
    ]


@pytest.fixture
def workspace_fake(slack_settings, fake_slack, monkeypatch):
    fake_slack.members, fake_slack.channels = members(), channels()
    monkeypatch.setattr(workspace, "PAGE_LIMIT", 2)  # several pages, as a big workspace is served
    return fake_slack


def test_the_sync_stores_members_and_channels_and_suggests_matches(workspace_fake):
    kimminich = make_user("bkimminich", name="Bjoern Kimminich")

    (report,) = sync_workspace_task.apply().get()

    assert report["members"] == {"created": 4, "updated": 0, "unchanged": 0}
    assert report["channels"] == {"created": 4, "updated": 0, "unchanged": 0}
    assert report["errors"] == ["member without an id skipped"]
    assert len(workspace_fake.calls("users.list")) == 3  # two per page
    member = Member.objects.get(slack_id="U01")
    assert (member.team_id, member.github_user, member.github_link) == (TEAM_ID, kimminich, LinkState.SUGGESTED)
    assert Member.objects.get(slack_id="U02").github_link == LinkState.NONE
    assert Member.objects.get(slack_id="U03").is_bot
    juice = Conversation.objects.get(slack_id="C01")
    assert juice.page.specific == ProjectPage.objects.get(title="OWASP Juice Shop")
    assert (juice.page_link, juice.member_count, juice.topic) == (LinkState.SUGGESTED, 1200, "Juice Shop")
    assert Conversation.objects.get(slack_id="C02").page.specific == ChapterPage.objects.get(title="OWASP Germany")
    assert Conversation.objects.get(slack_id="C03").page is None
    assert Conversation.objects.get(slack_id="C04").page is None


def test_a_second_sync_changes_nothing_and_keeps_what_staff_reviewed(workspace_fake):
    make_user("bkimminich", name="Bjoern Kimminich")
    sync_workspace_task.apply().get()
    Member.objects.filter(slack_id="U01").update(github_user=None, github_link=LinkState.REJECTED)
    Conversation.objects.filter(slack_id="C01").update(page_link=LinkState.CONFIRMED)

    (report,) = sync_workspace_task.apply().get()

    assert report["members"] == {"created": 0, "updated": 0, "unchanged": 4}
    assert report["github_suggested"] == 0
    assert Member.objects.get(slack_id="U01").github_user is None  # staff said no: never suggested again
    assert Conversation.objects.get(slack_id="C01").page_link == LinkState.CONFIRMED


def test_a_page_shows_the_channel_staff_confirmed(workspace_fake, client):
    sync_workspace_task.apply().get()
    juice = ProjectPage.objects.get(title="OWASP Juice Shop")
    before = client.get(juice.url)
    Conversation.objects.filter(slack_id="C01").update(page_link=LinkState.CONFIRMED)

    after = client.get(juice.url)

    assert "data-slack-channels" not in before.content.decode()  # suggested only: not shown
    html = after.content.decode()
    assert "data-slack-channels" in html
    assert f'href="https://slack.com/app_redirect?channel=C01&amp;team={TEAM_ID}"' in html
    assert "#project-juice-shop" in html


def test_the_command_syncs_and_prints_a_summary(workspace_fake, capsys):
    with pytest.raises(Exception, match="failed"):
        call_command("sync_slack")  # the record without an id is an error of the run

    out = capsys.readouterr()
    assert "1 of 1: workspace T0NEST: members {'created': 4" in out.out
    assert "member without an id skipped" in out.err


def test_an_api_error_stops_the_run_and_is_reported(workspace_fake):
    workspace_fake.fail("conversations.list", error="ratelimited")

    (report,) = sync_workspace_task.apply().get()

    assert report["errors"] == ["member without an id skipped", "Slack answered ratelimited"]
    assert Member.objects.count() == 4


def test_the_sync_has_a_beat_schedule_staff_can_see():
    task = PeriodicTask.objects.get(name="Slack workspace sync")

    assert task.task == "slack.sync_workspace"
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("3", "40")
