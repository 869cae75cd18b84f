"""The commands and the App Home that read GitHub data, after the real ``sync_github`` of the fake GitHub."""

import pytest

from apps.github.models import User
from apps.github.services.offered_issues import newest_offered
from apps.github.services.releases import recent_releases
from apps.slack.handlers.commands import PAGE_SIZE
from tests.apps.slack.conftest import USER_ID, buttons_of, texts_of

pytestmark = pytest.mark.django_db


def test_contribute_lists_the_newest_offered_issues_and_pages_by_cursor(bot, slack, synced_github):
    offered = newest_offered(PAGE_SIZE * 2)
    assert len(offered) > PAGE_SIZE

    slack.command("/contribute")

    (message,) = bot.posted()
    text = texts_of(message["blocks"])
    for issue in offered[:PAGE_SIZE]:
        assert issue.html_url in text
    assert offered[PAGE_SIZE].html_url not in text
    (next_button,) = buttons_of(message["blocks"])
    assert '"k":' in next_button["value"]  # a keyset cursor, not an offset

    slack.action(next_button, container={"type": "message", "message_ts": "1.2", "channel_id": USER_ID})

    (update,) = bot.calls("chat.update")
    page_two = texts_of(update.args["blocks"])
    assert offered[PAGE_SIZE].html_url in page_two
    assert offered[0].html_url not in page_two


def test_contribute_with_words_searches_the_issues(bot, slack, synced_github):
    issue = newest_offered(1)[0]
    word = max(issue.title.split(), key=len)

    slack.command("/contribute", word)

    (message,) = bot.posted()
    assert "Issues to work on matching" in texts_of(message["blocks"])


def test_users_finds_a_member_by_login(bot, slack, synced_github):
    user = User.objects.exclude(login="").order_by("login").first()

    slack.command("/users", user.login)

    (message,) = bot.posted()
    assert user.login in texts_of(message["blocks"])


def test_news_lists_the_recent_releases(bot, slack, synced_github):
    releases = recent_releases(limit=PAGE_SIZE)

    slack.command("/news")

    (message,) = bot.posted()
    text = texts_of(message["blocks"])
    if releases:
        for release in releases:
            assert release.html_url in text
    else:
        assert "Recent releases*\nNone yet." in text
