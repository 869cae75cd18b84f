"""Answers to workspace events: the welcome of a new member, and the guide of a channel someone joins."""

from django.utils.translation import gettext as _

from apps.github.services.stats import site_stats
from apps.github.services.status import github_status
from apps.slack.blocks import context, section
from apps.slack.handlers.commands import Answer
from apps.slack.models import ChannelGuide, SlackText
from cms.models import ProjectPage


def welcome() -> Answer | None:
    """The welcome message staff wrote (None when there is none: nothing is sent)."""
    row = SlackText.objects.filter(key=SlackText.Key.WELCOME).first()
    if row is None:
        return None
    return Answer([section(row.text), context(_("Type `/owasp` to see what NestBot can do."))], row.title)


def live_counts() -> dict[str, str]:
    """The counts a guide may show: active projects, and open issues (unknown, with why, until GitHub syncs)."""
    stats = site_stats()
    open_issues = stats["open_issues"]
    return {
        "active_projects": str(ProjectPage.objects.active().count()),
        "open_issues": str(open_issues) if open_issues is not None else _("unknown (%s)") % github_status().reason,
    }


def channel_guide(channel_id: str) -> Answer | None:
    guide = ChannelGuide.objects.filter(channel_id=channel_id, enabled=True).first()
    if guide is None:
        return None
    counts = live_counts()
    text = guide.text
    for name, value in counts.items():
        text = text.replace("{" + name + "}", value)
    return Answer([section(text)], text[:150])
