"""The App Home tab, the workspace events and the questions (mentions, direct messages, /ai, chosen channels)."""

import pytest
from django.utils import timezone

from apps.slack.handlers.commands import PAGE_SIZE
from apps.slack.models import ChannelGuide, Conversation, SlackText
from cms.models import ProjectPage
from tests.apps.slack.conftest import USER_ID, buttons_of, texts_of
from tests.fakes.slack import BOT_USER_ID, TEAM_ID

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_embeddings():
    """These questions are answered by the search fallback: the embeddings of the session's fixture (when it ran
    first, in the full suite) are taken out in the test's transaction (the assistant's answers: test_answers)."""
    from apps.ai.models import Chunk

    Chunk.objects.all().delete()


def headers_of(blocks):
    return [block["text"]["text"] for block in blocks if block["type"] == "header"]


def test_app_home_shows_projects_chapters_committees_and_issues(bot, slack):
    response = slack.event(
        {"type": "app_home_opened", "user": USER_ID, "channel": "D0HOME", "tab": "home", "event_ts": "1.1"}
    )

    assert response.status_code == 200
    (publish,) = bot.calls("views.publish")
    assert publish.args["user_id"] == USER_ID
    view = publish.args["view"]
    assert view["type"] == "home"
    assert headers_of(view["blocks"]) == ["OWASP projects", "OWASP chapters", "OWASP committees", "Issues to work on"]
    first_projects = list(ProjectPage.objects.active().ordered()[:PAGE_SIZE].values_list("title", flat=True))
    text = texts_of(view["blocks"])
    for title in first_projects:
        assert title in text


def test_app_home_pages_one_section_and_keeps_the_others(bot, slack):
    slack.event({"type": "app_home_opened", "user": USER_ID, "channel": "D0HOME", "tab": "home", "event_ts": "1.1"})
    view = bot.calls("views.publish")[0].args["view"]
    projects_next, chapters_next = [b for b in buttons_of(view["blocks"]) if b["action_id"] == "nestbot_page_next"][:2]

    slack.action(chapters_next, container={"type": "view", "view_id": "V0HOME"})
    after_chapters = bot.calls("views.publish")[1].args["view"]
    slack.action(
        next(b for b in buttons_of(after_chapters["blocks"]) if b["action_id"] == "nestbot_page_next"),
        container={"type": "view", "view_id": "V0HOME"},
    )
    after_both = bot.calls("views.publish")[2].args["view"]

    projects = list(ProjectPage.objects.active().ordered().values_list("title", flat=True))
    assert projects[0] in texts_of(after_chapters["blocks"])  # projects still on their first page
    assert projects[PAGE_SIZE] in texts_of(after_both["blocks"])
    assert projects[0] not in texts_of(after_both["blocks"])
    previous = [b for b in buttons_of(after_both["blocks"]) if b["action_id"] == "nestbot_page_previous"]
    assert len(previous) == 2  # projects and chapters are both on their second page
    assert projects_next["value"] != chapters_next["value"]


def test_team_join_sends_the_welcome_staff_wrote(bot, slack):
    welcome = SlackText.objects.get(key="welcome")
    welcome.text = "Hello and welcome, see <https://owasp.org/www-policy/|our policies>."
    welcome.save()

    slack.event({"type": "team_join", "user": {"id": "U0NEW", "name": "newcomer", "team_id": TEAM_ID}})

    (message,) = bot.posted()
    assert message["channel"] == "U0NEW"
    assert message["blocks"][0]["text"]["text"] == welcome.text


def test_team_join_of_a_bot_sends_nothing(bot, slack):
    slack.event({"type": "team_join", "user": {"id": "U0OTHERBOT", "is_bot": True}})

    assert bot.posted() == []


def test_joining_a_configured_channel_shows_its_guide_with_live_counts(bot, slack):
    ChannelGuide.objects.create(
        channel_id="C0CONTRIB",
        channel_name="contribute",
        text="{active_projects} active projects; {open_issues} open issues.",
    )

    slack.event(
        {"type": "member_joined_channel", "user": "U0NEW", "channel": "C0CONTRIB", "channel_type": "C", "team": TEAM_ID}
    )
    slack.event(
        {"type": "member_joined_channel", "user": "U0NEW", "channel": "C0OTHER", "channel_type": "C", "team": TEAM_ID}
    )

    (guide,) = bot.calls("chat.postEphemeral")
    assert guide.args["channel"] == "C0CONTRIB"
    assert guide.args["user"] == "U0NEW"
    active = ProjectPage.objects.active().count()
    assert guide.args["blocks"][0]["text"]["text"] == (
        f"{active} active projects; "
        "unknown (GitHub not connected yet: set GITHUB_TOKEN and run sync_github) open issues."
    )


def test_the_bot_joining_a_channel_sends_no_guide(bot, slack):
    ChannelGuide.objects.create(channel_id="C0CONTRIB", text="Guide")

    slack.event({"type": "member_joined_channel", "user": BOT_USER_ID, "channel": "C0CONTRIB", "team": TEAM_ID})

    assert bot.calls("chat.postEphemeral") == []


def _thread_answer(bot, channel, thread_ts):
    (placeholder,) = bot.posted()
    assert placeholder["channel"] == channel
    assert placeholder["thread_ts"] == thread_ts
    assert "Thinking…" in texts_of(placeholder["blocks"])
    (update,) = bot.calls("chat.update")
    assert update.args["channel"] == channel
    return texts_of(update.args["blocks"])


def test_a_mention_is_answered_in_its_thread_with_sources(bot, slack):
    juice = ProjectPage.objects.get(title="OWASP Juice Shop")

    slack.event(
        {
            "type": "app_mention",
            "user": USER_ID,
            "text": f"<@{BOT_USER_ID}> juice shop",
            "ts": "1.5",
            "channel": "C0GENERAL",
        }
    )

    answer = _thread_answer(bot, "C0GENERAL", "1.5")
    assert "Here is what Nest has on “juice shop”" in answer
    assert f"<http://localhost:8000{juice.url}|OWASP Juice Shop>" in answer


def test_a_direct_message_is_answered(bot, slack):
    slack.event(
        {"type": "message", "channel_type": "im", "user": USER_ID, "text": "juice shop", "ts": "2.5", "channel": "D0DM"}
    )

    assert "OWASP Juice Shop" in _thread_answer(bot, "D0DM", "2.5")


def test_channel_messages_are_answered_only_where_staff_chose(bot, slack):
    message = {
        "type": "message",
        "channel_type": "channel",
        "user": USER_ID,
        "text": "juice shop",
        "ts": "3.5",
        "channel": "C0ASK",
    }
    slack.event(message)
    assert bot.posted() == []

    Conversation.objects.create(
        team_id=TEAM_ID, slack_id="C0ASK", name="ask-nest", answers_questions=True, synced_at=timezone.now()
    )
    slack.event({**message, "ts": "3.6"})

    assert "OWASP Juice Shop" in _thread_answer(bot, "C0ASK", "3.6")


def test_the_bots_own_messages_are_never_answered(bot, slack):
    slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "user": BOT_USER_ID,
            "text": "juice shop",
            "ts": "4.5",
            "channel": "D0DM",
        }
    )
    slack.event(
        {"type": "message", "channel_type": "im", "bot_id": "B0X", "text": "juice shop", "ts": "4.6", "channel": "D0DM"}
    )

    assert bot.posted() == []


def test_ai_command_posts_thinking_then_the_answer_with_sources(bot, slack):
    slack.command("/ai", "juice shop")

    (placeholder,) = bot.posted()
    assert placeholder["channel"] == USER_ID
    assert "Thinking…" in texts_of(placeholder["blocks"])
    (update,) = bot.calls("chat.update")
    assert "OWASP Juice Shop" in texts_of(update.args["blocks"])
    assert "Sources:" in texts_of(update.args["blocks"])


def test_a_question_without_an_answer_says_so(bot, slack):
    slack.command("/ai", "qqqzzzxxy")

    (update,) = bot.calls("chat.update")
    assert "I found nothing in Nest about that" in texts_of(update.args["blocks"])
