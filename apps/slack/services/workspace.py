"""The scheduled sync of the workspace: its members (``users.list``) and public channels
(``conversations.list``) into NestBot's tables, page by page as Slack serves them.

Each member is matched to the GitHub user it most likely is (its Slack name is a GitHub login, or its real
name is one user's name and nobody else's); each channel named ``project-<key>``, ``chapter-<key>`` or
``committee-<key>`` to that page. Matches are suggestions: staff confirm or reject them in the admin, and the
sync never changes one they reviewed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from apps.github.models import User
from apps.slack.models import Conversation, Member
from apps.slack.models.workspace import LinkState
from cms.models import ChapterPage, CommitteePage, ProjectPage

logger = logging.getLogger(__name__)

PAGE_LIMIT = 200  # rows per users.list / conversations.list call (Slack's advice: at most 200)
REVIEWED = (LinkState.CONFIRMED, LinkState.REJECTED)
CHANNEL_PREFIXES = {"project-": ProjectPage, "chapter-": ChapterPage, "committee-": CommitteePage}


@dataclass
class WorkspaceSyncReport:
    team_id: str = ""
    members: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})
    channels: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})
    github_suggested: int = 0
    pages_suggested: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "team_id": self.team_id,
            "members": self.members,
            "channels": self.channels,
            "github_suggested": self.github_suggested,
            "pages_suggested": self.pages_suggested,
            "errors": self.errors,
        }


def _pages(call, key: str):
    cursor = ""
    while True:
        response = call(limit=PAGE_LIMIT, cursor=cursor or None)
        yield from response.get(key) or []
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or ""
        if not cursor:
            return


def _upsert(model, team_id: str, slack_id: str, values: dict) -> tuple[object, str]:
    row = model.objects.filter(team_id=team_id, slack_id=slack_id).first()
    if row is None:
        return model.objects.create(team_id=team_id, slack_id=slack_id, **values), "created"
    changed = [name for name, value in values.items() if name != "synced_at" and getattr(row, name) != value]
    for name, value in values.items():
        setattr(row, name, value)
    row.save(update_fields=list(values))
    return row, "updated" if changed else "unchanged"


def github_user_for(member: Member) -> User | None:
    """The GitHub user a member most likely is: a login equal to its Slack name (any case), else the only
    user whose name is its real name."""
    for candidate in (member.name, member.display_name):
        if candidate:
            user = User.objects.filter(login__iexact=candidate.lstrip("@")).first()
            if user is not None:
                return user
    if member.real_name:
        users = list(User.objects.filter(name__iexact=member.real_name)[:2])
        if len(users) == 1:
            return users[0]
    return None


def page_for(channel_name: str):
    for prefix, model in CHANNEL_PREFIXES.items():
        if channel_name.startswith(prefix):
            return model.objects.published().with_key(channel_name.removeprefix(prefix)).first()
    return None


def _apply_member(raw: dict, team_id: str, now, report: WorkspaceSyncReport) -> None:
    profile = raw.get("profile") or {}
    values = {
        "name": str(raw.get("name") or "")[:200],
        "real_name": str(raw.get("real_name") or profile.get("real_name") or "")[:200],
        "display_name": str(profile.get("display_name") or "")[:200],
        "title": str(profile.get("title") or "")[:300],
        "is_bot": bool(raw.get("is_bot")) or raw.get("id") == "USLACKBOT",
        "deleted": bool(raw.get("deleted")),
        "synced_at": now,
    }
    member, outcome = _upsert(Member, team_id, str(raw["id"]), values)
    report.members[outcome] += 1
    if member.github_link in REVIEWED or member.is_bot:
        return
    user = github_user_for(member)
    if user is not None and member.github_user_id != user.pk:
        member.github_user, member.github_link = user, LinkState.SUGGESTED
        member.save(update_fields=["github_user", "github_link"])
        report.github_suggested += 1


def _apply_channel(raw: dict, team_id: str, now, report: WorkspaceSyncReport) -> None:
    values = {
        "name": str(raw.get("name") or "")[:100],
        "topic": str((raw.get("topic") or {}).get("value") or "")[:500],
        "purpose": str((raw.get("purpose") or {}).get("value") or "")[:500],
        "member_count": raw.get("num_members") if isinstance(raw.get("num_members"), int) else None,
        "is_archived": bool(raw.get("is_archived")),
        "synced_at": now,
    }
    channel, outcome = _upsert(Conversation, team_id, str(raw["id"]), values)
    report.channels[outcome] += 1
    if channel.page_link in REVIEWED:
        return
    page = page_for(channel.name)
    if page is not None and channel.page_id != page.pk:
        channel.page_id, channel.page_link = page.pk, LinkState.SUGGESTED
        channel.save(update_fields=["page", "page_link"])
        report.pages_suggested += 1


def sync_workspace(client: WebClient) -> WorkspaceSyncReport:
    """Members and public channels of the client's workspace, one transaction per row; a record Slack sends
    malformed (no id) is skipped and reported, an API error stops the run and is reported."""
    report = WorkspaceSyncReport()
    now = timezone.now()
    try:
        report.team_id = client.auth_test()["team_id"]
        for kind, call, key, apply in (
            ("member", client.users_list, "members", _apply_member),
            (
                "channel",
                lambda **kw: client.conversations_list(types="public_channel", **kw),
                "channels",
                _apply_channel,
            ),
        ):
            for raw in _pages(call, key):
                if not isinstance(raw, dict) or not raw.get("id"):
                    report.errors.append(f"{kind} without an id skipped")
                    continue
                with transaction.atomic():
                    apply(raw, report.team_id, now, report)
    except SlackApiError as error:
        logger.warning("Slack workspace sync stopped: %s", error.response.get("error"))
        report.errors.append(f"Slack answered {error.response.get('error')}")
    return report
