"""Member profiles (name, bio, company, location, avatar) of the GitHub users the site shows, read from
``GET /users/{login}`` conditionally (the ETag kept per user) and refreshed weekly (beat row in this app's
migrations), never for every user: embedded user objects carry login, avatar and type only, and 200,000
profile requests would take two days of rate limit.

The users the site shows with a profile: leaders' trusted matches (``LeaderGitHubMatch.objects.trusted``),
the top contributors of every project (``top_contributors_by_project``, as project pages list them) and the
mentors of public programs' modules (``Mentor.objects.shown``). Sync sits above the domain, mentorship
included, so it reads that queryset directly (the layers contract in pyproject.toml): no hook is needed.
A 304 costs no rate limit; a user GitHub no longer serves (404) keeps the profile last read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from apps.core import changes
from apps.github.client import GitHubClient, GitHubError, NotFound, RateLimitExceeded
from apps.github.models import LeaderGitHubMatch, Repository, User
from apps.github.services.contributors import top_contributors_by_project
from apps.github.sync.common import ItemError, parse_datetime, text
from apps.mentorship.models import Mentor

logger = logging.getLogger(__name__)

REFRESH_AFTER = timedelta(days=7)
TOP_CONTRIBUTORS = 12  # per project, as project pages show them


@dataclass
class ProfilesReport:
    asked: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0
    errors: list = field(default_factory=list)
    stopped: str = ""

    def as_dict(self) -> dict:
        return {
            "asked": self.asked,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "missing": self.missing,
            "errors": self.errors,
            "stopped": self.stopped,
        }


def users_shown() -> set[int]:
    """Ids of the users whose profiles the site shows: trusted leader matches, projects' top contributors and
    public programs' mentors."""
    ids = set(LeaderGitHubMatch.objects.trusted().values_list("user_id", flat=True))
    ids.update(Mentor.objects.shown().values_list("github_user_id", flat=True))
    projects = list(
        Repository.objects.present().filter(project__isnull=False).values_list("project_id", flat=True).distinct()
    )
    for rows in top_contributors_by_project(projects, limit=TOP_CONTRIBUTORS).values():
        ids.update(row["user_id"] for row in rows)
    return ids


def sync_profiles(client: GitHubClient, *, user_ids: set[int] | None = None, force: bool = False) -> ProfilesReport:
    """Read the profiles of ``user_ids`` (default: ``users_shown()``) not read for ``REFRESH_AFTER`` (all of
    them with ``force``). Stops (``report.stopped``) on a rate limit; the next run carries on."""
    report = ProfilesReport()
    ids = users_shown() if user_ids is None else user_ids
    due = User.objects.filter(pk__in=ids)
    if not force:
        due = due.filter(Q(profile_synced_at__isnull=True) | Q(profile_synced_at__lt=timezone.now() - REFRESH_AFTER))
    changed_ids = []
    with changes.run("GitHub profiles"):
        for user in due.order_by("profile_synced_at", "pk").iterator():
            report.asked += 1
            try:
                response = client.get(f"/users/{user.login}", etag=user.profile_etag)
            except NotFound:
                report.missing += 1
                User.objects.filter(pk=user.pk).update(profile_synced_at=timezone.now())
                continue
            except RateLimitExceeded as exc:
                report.stopped = f"GitHub rate limit: {exc}"
                break
            except GitHubError as exc:
                report.errors.append({"login": user.login, "error": str(exc)})
                continue
            if response.not_modified:
                report.unchanged += 1
                User.objects.filter(pk=user.pk).update(profile_synced_at=timezone.now())
                continue
            try:
                fields = profile_fields(response.data)
            except ItemError as exc:
                report.errors.append({"login": user.login, "error": str(exc)})
                continue
            User.objects.filter(pk=user.pk).update(
                **fields, profile_etag=text(response.etag, 128), profile_synced_at=timezone.now()
            )
            report.changed += 1
            changed_ids.append(user.pk)
        changes.record("user", changed_ids, sender=User)
    logger.info("GitHub profiles: %s", report.as_dict())
    return report


def profile_fields(data) -> dict:
    if not isinstance(data, dict) or not isinstance(data.get("login"), str):
        raise ItemError("not a user object")
    return {
        "login": text(data["login"], 100),
        "name": text(data.get("name"), 255),
        "bio": text(data.get("bio")),
        "company": text(data.get("company"), 255),
        "location": text(data.get("location"), 255),
        "email": text(data.get("email"), 255),
        "avatar_url": text(data.get("avatar_url"), 500),
        "html_url": text(data.get("html_url"), 500),
        "created_at": parse_datetime(data.get("created_at")),
        "updated_at": parse_datetime(data.get("updated_at")),
    }
