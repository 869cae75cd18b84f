"""Every slash command, signed, through Bolt and the Celery task, on the real synced OWASP data; the blocks the
bot posted are read back from the fake Slack Web API."""

import pytest
from django.utils import timezone

from apps.slack.handlers.commands import COMMANDS, PAGE_SIZE
from apps.slack.models import SlackText
from cms.models import CommitteePage, Leader, ProjectPage
from tests.apps.slack.conftest import USER_ID, buttons_of, texts_of

pytestmark = pytest.mark.django_db


def answered(bot, slack, command: str, text: str = "") -> dict:
    before = len(bot.posted())
    response = slack.command(command, text)
    assert response.status_code == 200
    posted = bot.posted()
    assert len(posted) == before + 1, posted
    message = posted[-1]
    assert message["channel"] == USER_ID
    return message


def test_owasp_lists_every_command_with_its_usage(bot, slack):
    message = answered(bot, slack, "/owasp")

    text = texts_of(message["blocks"])
    for name, command in COMMANDS.items():
        if name != "owasp":
            assert f"`{command.usage}`" in text
    assert message["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "NestBot commands", "emoji": True},
    }


def test_owasp_dispatches_to_a_command(bot, slack):
    message = answered(bot, slack, "/owasp", "projects juice shop")

    assert "OWASP Juice Shop" in texts_of(message["blocks"])


def test_owasp_names_an_unknown_command(bot, slack):
    message = answered(bot, slack, "/owasp", "teleport")

    assert "There is no command “teleport”" in texts_of(message["blocks"])


def test_projects_finds_a_project_with_its_link_and_level(bot, slack):
    message = answered(bot, slack, "/projects", "juice shop")

    juice = ProjectPage.objects.get(title="OWASP Juice Shop")
    first = message["blocks"][1]["text"]["text"]
    assert first.startswith(f"*<http://localhost:8000{juice.url}|OWASP Juice Shop>*")
    assert "Flagship" in first
    assert message["unfurl_links"] is False


def test_projects_filters_by_level_and_pages_with_buttons(bot, slack):
    flagships = list(ProjectPage.objects.active().filter(level="flagship").ordered().values_list("title", flat=True))
    assert len(flagships) > PAGE_SIZE  # the real data has more than a page of them

    message = answered(bot, slack, "/projects", "level:flagship")

    text = texts_of(message["blocks"])
    for title in flagships[:PAGE_SIZE]:
        assert title in text
    assert flagships[PAGE_SIZE] not in text
    assert f"1 to {PAGE_SIZE} of {len(flagships)}" in text
    (next_button,) = buttons_of(message["blocks"])
    assert next_button["action_id"] == "nestbot_page_next"

    ts = "1790000000.000009"
    response = slack.action(next_button, container={"type": "message", "message_ts": ts, "channel_id": USER_ID})

    assert response.status_code == 200
    (update,) = bot.calls("chat.update")
    assert update.args["ts"] == ts
    page_two = texts_of(update.args["blocks"])
    assert flagships[PAGE_SIZE] in page_two
    assert flagships[0] not in page_two
    labels = [button["action_id"] for button in buttons_of(update.args["blocks"])]
    assert labels[0] == "nestbot_page_previous"


def test_projects_answers_a_bad_filter_with_its_usage(bot, slack):
    message = answered(bot, slack, "/projects", "level:legendary")

    text = texts_of(message["blocks"])
    assert "level: Unknown value" in text
    assert "Usage: `/projects" in text


def test_chapters_finds_a_chapter_by_name(bot, slack):
    message = answered(bot, slack, "/chapters", "germany")

    assert "OWASP Germany" in texts_of(message["blocks"])


def test_committees_lists_the_four_committees(bot, slack):
    message = answered(bot, slack, "/committees")

    text = texts_of(message["blocks"])
    titles = list(CommitteePage.objects.listed().values_list("title", flat=True))
    assert len(titles) == 4
    for title in titles:
        assert title in text
    assert buttons_of(message["blocks"]) == []  # one page


def test_committees_search_by_words(bot, slack):
    message = answered(bot, slack, "/committees", "education")

    assert "OWASP Education and Training Committee" in texts_of(message["blocks"])


def test_users_needs_a_name(bot, slack):
    message = answered(bot, slack, "/users")

    assert "Usage: `/users <name>`" in texts_of(message["blocks"])


def test_leaders_lists_the_pages_a_person_leads(bot, slack):
    expected = set(Leader.objects.named("Kimminich").values_list("page__title", flat=True))
    assert {"OWASP Juice Shop", "OWASP Germany"} <= expected

    message = answered(bot, slack, "/leaders", "Kimminich")

    text = texts_of(message["blocks"])
    assert "OWASP Juice Shop" in text
    assert "Project · Bjoern Kimminich" in text


def test_leaders_with_nobody_of_that_name(bot, slack):
    message = answered(bot, slack, "/leaders", "Nobody Atall")

    assert "Nobody by that name leads a page." in texts_of(message["blocks"])


def test_gsoc_without_a_year_shows_the_guide(bot, slack):
    message = answered(bot, slack, "/gsoc")

    guide = SlackText.objects.get(key="gsoc_guide")
    assert message["blocks"][1]["text"]["text"] == guide.text
    assert message["blocks"][1]["accessory"]["url"] == "https://owasp.org/www-community/initiatives/gsoc/"


def test_gsoc_of_a_year_lists_the_projects_tagged_for_it(bot, slack):
    juice = ProjectPage.objects.get(title="OWASP Juice Shop")
    juice.tags = [*juice.tags, "gsoc2025"]
    juice.save(update_fields=["tags"])

    message = answered(bot, slack, "/gsoc", "2025")
    none = answered(bot, slack, "/gsoc", "2019")
    bad = answered(bot, slack, "/gsoc", "1999")

    assert "OWASP Juice Shop" in texts_of(message["blocks"])
    assert "Google Summer of Code 2025" in texts_of(message["blocks"])
    assert "No project is tagged gsoc2019." in texts_of(none["blocks"])
    assert f"Give a year from 2012 to {timezone.now().year}." in texts_of(bad["blocks"])


def test_events_lists_the_upcoming_events(bot, slack):
    from cms.selectors import public_events

    upcoming = list(public_events().upcoming(timezone.localdate())[:PAGE_SIZE])

    message = answered(bot, slack, "/events")

    text = texts_of(message["blocks"])
    if upcoming:
        for event in upcoming:
            assert event.title in text
    else:
        assert "No event ahead." in text


def test_news_says_releases_are_unknown_before_github_is_synced(bot, slack):
    message = answered(bot, slack, "/news")

    text = texts_of(message["blocks"])
    assert "Recent releases are unknown: GitHub not" in text
    assert "Coming events" in text


def test_sponsors_lists_the_sponsors_with_their_tiers(bot, slack):
    from cms.selectors import public_sponsors

    first = list(public_sponsors()[:PAGE_SIZE])
    assert first

    message = answered(bot, slack, "/sponsors")

    text = texts_of(message["blocks"])
    for sponsor in first:
        assert sponsor.name in text


def test_staff_lists_name_title_and_location_from_staff_yml_and_pages(bot, slack):
    message = answered(bot, slack, "/staff")

    blocks = message["blocks"]
    assert blocks[0]["text"]["text"] == "OWASP Foundation staff"
    assert blocks[1] == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "*Andrew van der Stock*\nExecutive Director · Melbourne, Australia"},
    }
    # "Director of Open Source Projects & Programs": Slack's control characters escaped.
    assert blocks[2]["text"]["text"] == (
        "*Starr Brown*\nDirector of Open Source Projects &amp; Programs · Georgia, United States"
    )
    text = texts_of(blocks)
    assert f"1 to {PAGE_SIZE} of 9" in text
    assert "@" not in text and "owasp.com" not in text  # the e-mail addresses stay out of Slack
    (next_button,) = buttons_of(blocks)

    ts = "1790000000.000042"
    slack.action(next_button, container={"type": "message", "message_ts": ts, "channel_id": USER_ID})

    (update,) = bot.calls("chat.update")
    page_two = texts_of(update.args["blocks"])
    assert "Missie Lindsey" in page_two and "Andrew van der Stock" not in page_two
    assert page_two.count("*Position vacant*\nAssociate Director of Operations") == 2
    assert f"{PAGE_SIZE + 1} to 9 of 9" in page_two


def test_staff_never_synced_are_unknown_not_none(bot, slack):
    from cms.models import StaffMember

    StaffMember.objects.all().delete()

    message = answered(bot, slack, "/staff")

    assert "The staff are unknown: the site's staff.yml has not been synced yet." in texts_of(message["blocks"])


def test_owasp_dispatches_to_staff(bot, slack):
    message = answered(bot, slack, "/owasp", "staff")

    assert "Andrew van der Stock" in texts_of(message["blocks"])


@pytest.mark.parametrize("name", ["board", "contact", "donate", "jobs", "policies", "community"])
def test_link_commands_answer_the_admin_text(bot, slack, name):
    row = SlackText.objects.get(key=name)
    row.text = f"Edited text of {name}"
    row.save()

    message = answered(bot, slack, f"/{name}")

    assert message["blocks"][0]["text"]["text"] == row.title
    assert message["blocks"][1]["text"]["text"] == f"Edited text of {name}"
    assert message["blocks"][1]["accessory"]["url"] == row.url
    assert row.url.startswith("https://owasp.org/")


def test_a_link_command_whose_text_staff_deleted_says_so(bot, slack):
    SlackText.objects.filter(key="jobs").delete()

    message = answered(bot, slack, "/jobs")

    assert "has not been written yet" in texts_of(message["blocks"])


def test_contribute_start_shows_the_guide(bot, slack):
    message = answered(bot, slack, "/contribute", "--start")

    assert message["blocks"][1]["text"]["text"] == SlackText.objects.get(key="contribute_guide").text


def test_contribute_says_issues_are_unknown_before_github_is_synced(bot, slack):
    message = answered(bot, slack, "/contribute")

    assert "Issues to work on are unknown: GitHub not" in texts_of(message["blocks"])


def test_the_manifest_declares_every_command():
    from pathlib import Path

    import yaml

    import apps.slack

    manifest = yaml.safe_load((Path(apps.slack.__file__).parent / "manifest.yaml").read_text())
    declared = {entry["command"].lstrip("/") for entry in manifest["features"]["slash_commands"]}
    assert declared == set(COMMANDS)
