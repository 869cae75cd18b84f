"""A sync run: the organization, its repository listing, then each repository that changed (or every one
with ``full``), each in its own transaction. What commands and tasks call. Until the organization was listed
completely once, a first pass reads what the pages need most first (``first_pass``).

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

from apps.core import changes
from apps.core.services.demo import DemoMismatch, check_sync_allowed
from apps.github.client import (
    GitHubClient,
    GitHubError,
    GitHubUnavailable,
    Gone,
    MalformedResponse,
    NotFound,
    RateLimitExceeded,
    RequestFailed,
)
from apps.github.models import Organization, Repository, RepositorySyncState
from apps.github.sync import feed, issues, organizations, related
from apps.github.sync.common import ItemError
from apps.github.sync.first_pass import first_pass, needs_first_pass
from apps.github.sync.projects import link_repositories
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
    what happened (``report.stopped`` when the run ended early). What the run stored (even one that stopped
    early) is announced once per kind after commit (``data_changed``: "repository", "issue", "pull_request").
    """
    with changes.run("GitHub sync"):
        return _sync_github(organization, repository=repository, full=full, client=client, progress=progress)


def _sync_github(organization, *, repository, full, client, progress) -> SyncReport:
    login = organization or settings.GITHUB_ORGANIZATION
    report = SyncReport(login, mode="full" if full else "incremental")
    progress = progress or Progress()
    try:
        check_sync_allowed()
    except DemoMismatch as exc:
        report.stopped = str(exc)
        report.finish({})
        logger.warning("GitHub sync of %s refused: %s", login, report.stopped)
        return report
    own_client = client is None
    client = client or GitHubClient()
    try:
        with run_lock(login) as acquired:
            if not acquired:
                report.stopped = f"another sync of {login} is running"
                return report
            org = organizations.sync_organization(client, login)
            try:
                if repository:
                    _sync_one(client, org, repository, report, full=full, progress=progress)
                else:
                    main = login.lower() == settings.GITHUB_ORGANIZATION.lower()
                    _sync_all(client, org, report, full=full, progress=progress, main=main)
                    if main:
                        # The organizations OWASP projects live in besides OWASP's (see related.py).
                        related.sync_related(
                            client,
                            report,
                            full=full,
                            sync_all=lambda other: _sync_all(
                                client, other, report, full=full, progress=progress, main=False
                            ),
                        )
            finally:
                # Whatever was stored, even by a run that stops early, gets its page and project links.
                report.links = link_repositories().as_dict()
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


def _sync_all(
    client: GitHubClient, org: Organization, report: SyncReport, *, full: bool, progress: Progress, main: bool = True
) -> None:
    """The organization's listing walk. ``main``: the run's own organization, whose change feed (incremental
    runs) covers the related organizations and linked repositories too; false for a related organization
    synced after it."""
    started = timezone.now()
    if needs_first_pass(org):
        # A first sync does not fit in one rate-limit hour: what the pages need most comes first.
        first_pass(client, org, report)
    # An incremental run asks the change feed first: what changed that the listing does not show.
    changes_feed = None
    if main and not full:
        if org.changes_since:
            logins, single = related.feed_scope()
            changes_feed = feed.read_feed(client, [org.login, *logins], org.changes_since, single)
        else:
            # No watermark (never stored, or cleared): nothing to ask search since, so the feed is unusable and
            # the run reads each repository's own issue listing instead; its end then stores the watermark.
            changes_feed = feed.without_watermark(started)
        report.feed = changes_feed.as_dict()
    progress.start(org.public_repos_count)
    listing_errors: list[GitHubError] = []
    visited: list[dict] = []
    seen: set[int] = set()
    synced: set[int] = set()  # repositories read this run: the feed has nothing newer for them
    in_a_row = 0  # repositories GitHub failed to serve, in a row

    for page in organizations.repository_pages(client, org, errors=listing_errors):
        state = page.state.as_dict()
        page_ok = True
        if page.not_modified:
            saved = organizations.saved_page(org, state["url"])
            state["ids"] = saved.get("ids", [])
            seen.update(state["ids"])
            if full:
                # Every entry on the page is as stored: read each repository's sub-resources from its row.
                rows = Repository.objects.filter(id__in=state["ids"], is_gone=False).order_by("full_name")
                for repository in rows:
                    outcome = _sync_guarded(client, None, org, report, full=True, repository=repository)
                    synced.add(repository.pk)
                    in_a_row = _check_unavailable(outcome, in_a_row)
                    page_ok = page_ok and outcome in OK_OUTCOMES
                    progress.update(repository.full_name, outcome)
            else:
                for _ in state["ids"]:
                    report.count(RepositoryOutcome.UNCHANGED)
                    progress.update("", RepositoryOutcome.UNCHANGED)
        else:
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
                    outcome = _sync_guarded(client, gh_repo, org, report, full=full)
                    synced.add(repo_id)
                in_a_row = _check_unavailable(outcome, in_a_row)
                page_ok = page_ok and outcome in OK_OUTCOMES
                progress.update(name, outcome)
            state["ids"] = ids
        if not page_ok:
            state["etag"] = ""  # read this page again next run: a repository on it needs another try
        visited.append(state)
        organizations.save_listing_state(org, visited, complete=False)

    for error in listing_errors:
        report.error(org.login, "repository listing", error)
    complete = not listing_errors
    organizations.save_listing_state(org, visited, complete=complete)
    if complete:
        _mark_missing_gone(client, org, seen, report, full=full)
        caught_up = full or _apply_changes(client, org, changes_feed, synced, report)
        fields = {"last_synced_at": timezone.now()}
        if caught_up:
            fields["changes_since"] = started  # every change before this run's start is stored
        Organization.objects.filter(pk=org.pk).update(**fields)


def _apply_changes(
    client: GitHubClient, org: Organization, changes_feed: feed.Feed | None, synced: set[int], report: SyncReport
) -> bool:
    """Write what the feed says changed in repositories this run did not read; with an unusable feed (capped,
    incomplete, failed, or none for want of a watermark), read the issues listing of each such repository
    instead, from its own cursor. True when every change is stored (the watermark may move). ``None``: a run
    with no feed step (a full run, a related organization's walk): nothing more to read.
    """
    if changes_feed is None:
        return True
    present = related.in_scope(org).exclude(pk__in=synced)
    if changes_feed.usable:
        names = present.filter(full_name_lower__in=list(changes_feed.items))
        by_name = {repository.full_name_lower: repository for repository in names}
        for name, items in changes_feed.items.items():
            repository = by_name.get(name)
            if repository is not None:
                feed.apply(repository, items, report)
        return True
    caught_up = True
    read = 0
    for repository in present.select_related("organization").order_by("full_name"):
        read += 1
        try:
            outcome = sync_repository(
                client, None, repository.organization, report, repository=repository, only={issues.RESOURCE}
            )
        except GitHubUnavailable as exc:
            report.error(repository.full_name, "issues", exc)
            outcome = RepositoryOutcome.FAILED
        caught_up = caught_up and outcome == RepositoryOutcome.SYNCED
    report.feed["listings_read"] = read  # the repositories whose own issue listing stood in for the feed
    return caught_up


# A page whose repositories all ended so keeps its ETag. Not GONE: a repository still listed but answering 404
# is asked again next run (it may be back).
OK_OUTCOMES = (RepositoryOutcome.SYNCED, RepositoryOutcome.UNCHANGED)


def _sync_guarded(client, gh_repo, org, report, *, full: bool, repository: Repository | None = None) -> str:
    """One repository; GitHub failing to serve any of it counts as FAILED rather than ending the run."""
    name = repository.full_name if repository else str(gh_repo.get("full_name", "?"))
    try:
        return sync_repository(client, gh_repo, org, report, full=full, repository=repository)
    except GitHubUnavailable as exc:
        report.count(RepositoryOutcome.FAILED)
        report.error(name, "repository", exc)
        return RepositoryOutcome.FAILED


def _check_unavailable(outcome: str, in_a_row: int) -> int:
    """Count repositories GitHub failed to serve in a row; several mean GitHub is down: stop the run."""
    if outcome != RepositoryOutcome.FAILED:
        return 0
    if in_a_row + 1 >= MAX_CONSECUTIVE_UNAVAILABLE:
        raise GitHubUnavailable(f"{in_a_row + 1} repositories in a row could not be read")
    return in_a_row + 1


def _mark_missing_gone(
    client: GitHubClient, org: Organization, seen: set[int], report: SyncReport, *, full: bool
) -> None:
    """Repositories no longer in the complete listing: ask each once by its name. A 404 or 410 marks it gone;
    an answer under another name (GitHub follows a renamed or transferred repository with a 301) moves it."""
    for repository in Repository.objects.filter(organization=org, is_gone=False).exclude(id__in=seen):
        try:
            gh_repo = client.get(f"/repos/{repository.full_name}").data
        except (NotFound, Gone):
            mark_gone(repository, report)
            continue
        except (MalformedResponse, RequestFailed, GitHubUnavailable) as exc:
            report.error(repository.full_name, "repository", exc)
            continue
        if isinstance(gh_repo, dict) and gh_repo.get("id") == repository.pk:
            _follow(client, gh_repo, org, report, full=full)


def _follow(client: GitHubClient, gh_repo: dict, org: Organization, report: SyncReport, *, full: bool) -> str:
    """Sync a repository under the identity GitHub now gives it (owner and name, its organization's details
    too); ``save_repository`` keeps the old name, so its history and its pages' links stay."""
    try:
        owner = organizations.owner_organization(client, gh_repo, org)
        return _sync_guarded(client, gh_repo, owner, report, full=full)
    except ItemError as exc:
        name = str(gh_repo.get("full_name", "?"))
        report.skip(name, "repositories", name, str(exc))
        return RepositoryOutcome.FAILED


def _sync_one(
    client: GitHubClient, org: Organization, name: str, report: SyncReport, *, full: bool, progress: Progress
) -> None:
    progress.start(1)
    full_name = f"{org.login}/{name}"
    try:
        gh_repo = client.get(f"/repos/{full_name}").data
    except (NotFound, Gone):
        known = Repository.objects.filter(organization=org, name__iexact=name).first()
        if known is None:
            report.stopped = f"repository {full_name} not found on GitHub"
            return
        mark_gone(known, report)
        progress.update(full_name, RepositoryOutcome.GONE)
        return
    try:
        # Followed through a 301, it may now live under another owner.
        owner = organizations.owner_organization(client, gh_repo, org) if isinstance(gh_repo, dict) else org
        outcome = sync_repository(client, gh_repo, owner, report, full=full)
    except ItemError as exc:
        report.stopped = f"repository {full_name}: unusable object ({exc})"
        return
    progress.update(full_name, outcome)
