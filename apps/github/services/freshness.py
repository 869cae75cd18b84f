"""How fresh a GitHub figure is: the sync time of its source, or unknown with the reason. The one rule the
site and the APIs ask before they show a figure that depends on GitHub.

Each figure has one source, and the source's sync time is the figure's:

- the site's GitHub totals (home and about pages, the stats overview) and a member's counts: the last GitHub
  sync (``status.last_github_sync``); unknown while GitHub was never synced;
- a project's figures (stars, forks, contributors, open issues, releases, health): the newest sync of the
  repositories they are summed from, as it stood when they were summed (``ProjectFigures.synced_at``); the
  project page's live sums, its repositories' newest sync. Unknown while GitHub was never synced, or while no
  repository of the project is synced (``figures_unknown_reason``);
- a project's health score (the latest, and each day of its history): the sync time of the figures it was
  scored from, as they stood that day (``ProjectHealthRecord.synced_at``); unknown as those figures would be
  (GitHub never synced, no repository of the project synced then), or while the project was never scored
  (``health_freshness``);
- a repository's figures (stars, forks, open issues, watchers): when the sync last wrote its row;
- an organization's totals (its repositories, their stars and forks): its last complete repository listing
  (``Organization.last_synced_at``); unknown until one completed. Its own details (followers, public
  repositories): when the sync last wrote its row.

A figure whose source was never synced is unknown, never 0: the site shows it as unknown with the reason,
the APIs give null for our own figures (a field OWASP Nest's contract types as required keeps its type and
is named in ``unknown_fields``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from apps.github.services.figures import figures_unknown_reason

if TYPE_CHECKING:
    from apps.github.models import Organization, Repository
    from apps.github.services.status import GitHubStatus


@dataclass(frozen=True)
class Freshness:
    """A figure's source: when it was last synced, and why the figure is unknown ('' when it is known)."""

    synced_at: datetime | None
    reason: str = ""

    @property
    def known(self) -> bool:
        return not self.reason

    def value(self, figure):
        """The figure when it is known, else None (unknown, not 0)."""
        return figure if self.known else None


def site_freshness(status: GitHubStatus) -> Freshness:
    """The site's GitHub totals and a member's counts: as of the last GitHub sync."""
    return Freshness(status.synced_at, status.reason)


def project_freshness(status: GitHubStatus, repositories_linked: int | None, synced_at: datetime | None) -> Freshness:
    """A project's figures: ``repositories_linked`` and ``synced_at`` are its figures' repository count and
    sync time (``ProjectPage.objects.with_figures()``: None when never computed), or the live ones of its
    repositories."""
    reason = figures_unknown_reason(status.reason, repositories_linked)
    if not reason and synced_at is None:
        reason = gettext("Not synced from GitHub yet")
    return Freshness(synced_at if not reason else None, reason)


def health_freshness(status: GitHubStatus, record) -> Freshness:
    """A project's health score of one day: ``record`` is its health record (a ``ProjectHealthRecord`` or a
    mapping with its ``repositories_count`` and ``synced_at``), None when the project was never scored. Known
    exactly when ``KNOWN_HEALTH`` (apps.github.models.health) holds, once GitHub was synced."""
    if record is None:
        if status.reason:
            return Freshness(None, status.reason)
        return Freshness(None, gettext("Not scored yet: the daily health run has not scored this project"))
    if isinstance(record, dict):
        repositories, synced_at = record.get("repositories_count"), record.get("synced_at")
    else:
        repositories, synced_at = record.repositories_count, record.synced_at
    if status.reason:
        return Freshness(None, status.reason)
    if not repositories:  # the day's figures summed no synced repository: its checks read zeros, not GitHub
        return Freshness(None, gettext("No repository of this project was synced when it was scored"))
    if synced_at is None:
        return Freshness(None, gettext("Not synced from GitHub yet"))
    return Freshness(synced_at)


def listed_health_freshness(status: GitHubStatus, page) -> Freshness:
    """A listed project's health score, from ``ProjectPage.objects.with_health(on)``'s annotations (its record
    of that day, if any)."""
    if getattr(page, "health_scored", None) is None:
        return health_freshness(status, None)
    return health_freshness(
        status, {"repositories_count": page.health_repositories, "synced_at": page.health_synced_at}
    )


def row_freshness(row: Repository | Organization) -> Freshness:
    """A repository's own figures, or an organization's own details: as of the sync's last write of its row
    (a row exists only once synced)."""
    return Freshness(row.synced_at)


def organization_freshness(organization: Organization) -> Freshness:
    """An organization's totals over its repositories: as of its last complete repository listing."""
    if organization.last_synced_at is None:
        return Freshness(None, gettext("Its repositories were not listed from GitHub yet"))
    return Freshness(organization.last_synced_at)
