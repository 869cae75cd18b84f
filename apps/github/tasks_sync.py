"""GitHub sync tasks (beat rows: this app's sync schedule migration): thin wrappers returning the report."""

import logging

from celery import shared_task

from apps.github.client import GitHubClient
from apps.github.sync import sync_github
from apps.github.sync.profiles import sync_profiles

logger = logging.getLogger(__name__)


@shared_task(name="github.sync_github")
def sync_github_task(organization: str | None = None, full: bool = False) -> dict:
    """Sync the organization (default GITHUB_ORGANIZATION): incremental hourly, ``full`` nightly.

    GitHub's failures (unreachable, rate limit longer than allowed) are logged and returned in the report,
    never raised: the next scheduled run resumes where this one stopped.
    """
    report = sync_github(organization, full=full)
    if report.stopped:
        logger.warning("GitHub sync of %s stopped: %s", report.organization, report.stopped)
    return report.as_dict()


@shared_task(name="github.sync_repository")
def sync_repository_task(name: str, organization: str | None = None, full: bool = False) -> dict:
    """Sync one repository of the organization (e.g. after a webhook or an editor's request)."""
    return sync_github(organization, repository=name, full=full).as_dict()


@shared_task(name="github.sync_profiles")
def sync_profiles_task(force: bool = False) -> dict:
    """Weekly: the profiles of the users the site shows (leaders, top contributors), conditionally."""
    with GitHubClient() as client:
        return sync_profiles(client, force=force).as_dict()
