"""Whether Nest holds GitHub data at all: the one answer every page asks before it shows a GitHub figure.

A figure of a GitHub that was never synced is unknown, not zero: pages show it as unknown with the reason
(no token configured, or not synced yet) instead of a 0 that reads as "nothing there".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext

from apps.github.models import Repository
from apps.github.services import freshness
from apps.github.services.freshness import Freshness


class GitHubState:
    NOT_CONFIGURED = "not-configured"  # never synced, and no token to sync with
    NEVER_SYNCED = "never-synced"  # a token (or a local fake GitHub) is set, no run has stored anything yet
    SYNCED = "synced"


@dataclass(frozen=True)
class GitHubStatus:
    state: str
    synced_at: datetime | None
    token_configured: bool

    @property
    def is_synced(self) -> bool:
        return self.state == GitHubState.SYNCED

    @property
    def reason(self) -> str:
        """Why GitHub figures are unknown; empty once GitHub was synced."""
        if self.state == GitHubState.NOT_CONFIGURED:
            return gettext("GitHub not connected yet: set GITHUB_TOKEN and run sync_github")
        if self.state == GitHubState.NEVER_SYNCED:
            return gettext("GitHub not synced yet: the first sync_github run has not stored anything")
        return ""

    # How fresh each kind of GitHub figure is (the rules: apps.github.services.freshness), for the site's
    # templates, which have this status as ``github``, and the APIs.
    @property
    def figures(self) -> Freshness:
        """The site's GitHub totals and a member's counts."""
        return freshness.site_freshness(self)

    def project(self, repositories_linked: int | None, synced_at: datetime | None) -> Freshness:
        return freshness.project_freshness(self, repositories_linked, synced_at)

    def health(self, record) -> Freshness:
        """A project's health score of one day (its record; None: never scored)."""
        return freshness.health_freshness(self, record)

    def listed_health(self, page) -> Freshness:
        """A listed project's health score (``with_health``'s annotations)."""
        return freshness.listed_health_freshness(self, page)

    def row(self, row) -> Freshness:
        """A repository's own figures, an organization's own details."""
        return freshness.row_freshness(row)

    def organization(self, organization) -> Freshness:
        return freshness.organization_freshness(organization)


def last_github_sync() -> datetime | None:
    """When a sync last wrote a repository (1 query); None when GitHub was never synced."""
    return Repository.objects.aggregate(newest=Max("synced_at"))["newest"]


# Pointing GITHUB_API_URL elsewhere (a local fake GitHub, an Enterprise server) is a connection of its own.
DEFAULT_API_URL = "https://api.github.com"


def status_at(synced_at: datetime | None) -> GitHubStatus:
    """The status given when GitHub was last synced (``last_github_sync()``, which callers may cache)."""
    token = bool(settings.GITHUB_TOKEN or settings.GITHUB_APP_ID)  # a token, or a GitHub App to mint them
    connected = token or settings.GITHUB_API_URL.rstrip("/") != DEFAULT_API_URL
    if synced_at is not None:
        state = GitHubState.SYNCED
    else:
        state = GitHubState.NEVER_SYNCED if connected else GitHubState.NOT_CONFIGURED
    return GitHubStatus(state=state, synced_at=synced_at, token_configured=token)


def github_status() -> GitHubStatus:
    """Never synced (no token configured, or not yet run) or synced at a time (1 query)."""
    return status_at(last_github_sync())
