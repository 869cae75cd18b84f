"""A sync run: the organization, its repository listing, then each repository that changed (or every one
with ``full``), each in its own transaction. What commands and tasks call.

A run that stops early (rate limit longer than the allowed pause, GitHub unreachable, a crash, a kill)
keeps every repository it finished; the next run skips those (their listing pages answer 304, or their
fingerprints match) and carries on with the rest.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.github.client import (
    GitHubClient,
    GitHubError,
    GitHubUnavailable,
    MalformedResponse,
    NotFound,
    RateLimitExceeded,
    RequestFailed,
)
from apps.github.models import Organization, Repository, RepositorySyncState
from apps.github.sync import organizations
from apps.github.sync.common import ItemError
from apps.github.sync.report import RepositoryOutcome, SyncReport
from apps.github.sync.repositories import is_unchanged, mark_gone, repository_from, sync_repository

logger = logging.getLogger(__name__)

# Repositories in a row that GitHub failed to serve before the run gives up (GitHub is down, not one repo).
MAX_CONSECUTIVE_UNAVAILABLE = 3


class Progress:
    """What a run tells its caller as it goes; the command draws a progress bar from it."""

    def start(self, total: int) -> None:
        """``total``: the repositories the organization says it has (an estimate)."""

    def update(self, name: str, outcome: str) -> None:
        """One repository done."""


def sync_github(
    organization: str | None = None,
    *,
    repository: str | None = None,
    full: bool = False,
    client: GitHubClient | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Sync one organization (default ``settings.GITHUB_ORGANIZATION``), or one of its repositories.

    Incremental by default: repositories whose listing entry has not changed are skipped, issues are read
    ``since`` the last update seen. ``full`` reads every repository and complete listings (still
    conditionally, so unchanged pages cost a 304). Never raises for GitHub's failures: the report says
    what happened (``report.stopped`` when the run ended early).
    """
    login = organization or settings.GITHUB_ORGANIZATION
    report = SyncReport(login, mode="full" if full else "incremental")
    progress = progress or Progress()
    own_client = client is None
    client = client or GitHubClient()
    try:
        with run_lock(login) as acquired:
            if not acquired:
                report.stopped = f"another sync of {login} is running"
                return report
            org = organizations.sync_organization(client, login)
            if repository:
                _sync_one(client, org, repository, report, full=full, progress=progress)
            else:
                _sync_all(client, org, report, full=full, progress=progress)
    except RateLimitExceeded as exc:
        resume = datetime.fromtimestamp(exc.resume_at, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        report.stopped = f"GitHub rate limit: {exc}; the next run after {resume} resumes where this one stopped"
    except NotFound as exc:
        report.stopped = f"organization {login} not found on GitHub ({exc.url})"
    except GitHubUnavailable as exc:
        report.stopped = f"GitHub unavailable at {client.base_url}: {exc}; the next run resumes"
    except (MalformedResponse, RequestFailed) as exc:
        report.stopped = f"GitHub refused or garbled the organization: {exc}"
    finally:
        report.finish(client.stats.as_dict())
        if own_client:
            client.close()
    if report.stopped:
        logger.warning("GitHub sync of %s stopped: %s", login, report.stopped)
    return report


@contextmanager
def run_lock(login: str):
    """A PostgreSQL advisory lock per organization: overlapping runs (hourly and nightly) never interleave."""
    digest = hashlib.sha256(f"nest-github-sync:{login.lower()}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _sync_all(client: GitHubClient, org: Organization, report: SyncReport, *, full: bool, progress: Progress) -> None:
    progress.start(org.public_repos_count)
    listing_errors: list[GitHubError] = []
    visited: list[dict] = []
    seen: set[int] = set()
    unavailable_in_a_row = 0

    for page in organizations.repository_pages(client, org, conditional=not full, errors=listing_errors):
        state = page.state.as_dict()
        if page.not_modified:
            saved = next((p for p in org.sync_pages.get(organizations.REPOS_PAGES, []) if p["url"] == state["url"]), {})
            state["ids"] = saved.get("ids", [])
            seen.update(state["ids"])
            for _ in state["ids"]:
                report.count(RepositoryOutcome.UNCHANGED)
                progress.update("", RepositoryOutcome.UNCHANGED)
            visited.append(state)
            organizations.save_listing_state(org, visited, complete=False)
            continue

        page_ok = True
        ids = [item["id"] for item in page.items if isinstance(item, dict) and isinstance(item.get("id"), int)]
        states = {s.repository_id: s for s in RepositorySyncState.objects.filter(repository_id__in=ids)}
        for gh_repo in page.items:
            name = gh_repo.get("full_name", "?") if isinstance(gh_repo, dict) else "?"
            try:
                repo_id = repository_from(gh_repo, org).id
            except ItemError as exc:
                report.skip(name, "repositories", name, str(exc))
                continue
            seen.add(repo_id)
            if not full and is_unchanged(gh_repo, states.get(repo_id)):
                outcome = RepositoryOutcome.UNCHANGED
                report.count(outcome)
            else:
                try:
                    outcome = sync_repository(client, gh_repo, org, report, full=full)
                except GitHubUnavailable as exc:
                    outcome = RepositoryOutcome.FAILED
                    report.count(outcome)
                    report.error(name, "repository", exc)
            if outcome == RepositoryOutcome.FAILED:
                unavailable_in_a_row += 1
                if unavailable_in_a_row >= MAX_CONSECUTIVE_UNAVAILABLE:
                    raise GitHubUnavailable(f"{unavailable_in_a_row} repositories in a row could not be read")
            else:
                unavailable_in_a_row = 0
            page_ok = page_ok and outcome in (
                RepositoryOutcome.SYNCED,
                RepositoryOutcome.UNCHANGED,
                RepositoryOutcome.GONE,
            )
            progress.update(name, outcome)
        if not page_ok:
            state["etag"] = ""  # read this page again next run: a repository on it needs another try
        state["ids"] = ids
        visited.append(state)
        organizations.save_listing_state(org, visited, complete=False)

    for error in listing_errors:
        report.error(org.login, "repository listing", error)
    complete = not listing_errors
    organizations.save_listing_state(org, visited, complete=complete)
    if complete:
        _mark_missing_gone(client, org, seen, report)
        Organization.objects.filter(pk=org.pk).update(last_synced_at=timezone.now())


def _mark_missing_gone(client: GitHubClient, org: Organization, seen: set[int], report: SyncReport) -> None:
    """Repositories no longer in the complete listing: ask each once; a 404 marks it gone."""
    for repository in Repository.objects.filter(organization=org, is_gone=False).exclude(id__in=seen):
        try:
            client.get(f"/repos/{repository.full_name}")
        except NotFound:
            mark_gone(repository, report)
        except (MalformedResponse, RequestFailed, GitHubUnavailable) as exc:
            report.error(repository.full_name, "repository", exc)


def _sync_one(
    client: GitHubClient, org: Organization, name: str, report: SyncReport, *, full: bool, progress: Progress
) -> None:
    progress.start(1)
    full_name = f"{org.login}/{name}"
    try:
        gh_repo = client.get(f"/repos/{full_name}").data
    except NotFound:
        known = Repository.objects.filter(organization=org, name__iexact=name).first()
        if known is None:
            report.stopped = f"repository {full_name} not found on GitHub"
            return
        mark_gone(known, report)
        progress.update(full_name, RepositoryOutcome.GONE)
        return
    try:
        outcome = sync_repository(client, gh_repo, org, report, full=full)
    except ItemError as exc:
        report.stopped = f"repository {full_name}: unusable object ({exc})"
        return
    progress.update(full_name, outcome)
