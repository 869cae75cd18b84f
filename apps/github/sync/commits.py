"""Commits on the default branch, incrementally: ``since`` the newest commit date read (the first sync of a
repository reads ``GITHUB_COMMITS_HISTORY_DAYS`` back). Kept for activity heatmaps: who, when, first line."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from apps.github.client import GitHubClient, RequestFailed
from apps.github.models import Commit, RepositorySyncState
from apps.github.sync.common import (
    PER_PAGE,
    ItemError,
    Listing,
    bulk_upsert,
    parse_datetime,
    read_listing,
    required,
    text,
)
from apps.github.sync.context import RepositoryContext

RESOURCE = "commits"
UPDATE_FIELDS = ["author", "author_name", "authored_at", "committed_at", "message"]


def params(state: RepositorySyncState, *, full: bool) -> dict:
    since = state.commits_since
    if since is None or full:
        since = timezone.now() - timedelta(days=settings.GITHUB_COMMITS_HISTORY_DAYS)
        since = since.replace(hour=0, minute=0, second=0, microsecond=0)  # a stable URL for a whole day
    return {"since": since.strftime("%Y-%m-%dT%H:%M:%SZ"), "per_page": PER_PAGE}


def fetch(client: GitHubClient, full_name: str, state: RepositorySyncState, *, full: bool) -> Listing:
    listing = read_listing(client, f"/repos/{full_name}/commits", params(state, full=full), state.pages.get(RESOURCE))
    if isinstance(listing.error, RequestFailed) and listing.error.status == 409:
        listing.error = None  # "Git Repository is empty": no commits, not a failure
    return listing


def parse(ctx: RepositoryContext, listing: Listing | None) -> list[Commit] | None:
    if listing is None:
        return None
    commits = []
    for gh_commit in listing.items:
        try:
            sha = required(gh_commit, "sha", str)
            git = gh_commit.get("commit") if isinstance(gh_commit.get("commit"), dict) else {}
            author = git.get("author") if isinstance(git.get("author"), dict) else {}
            committer = git.get("committer") if isinstance(git.get("committer"), dict) else {}
            authored_at = parse_datetime(author.get("date")) or parse_datetime(committer.get("date"))
            if authored_at is None:
                raise ItemError("no author or committer date")
            message = text(git.get("message"))
            commits.append(
                Commit(
                    repository=ctx.repository,
                    sha=text(sha, 40),
                    author_id=ctx.users.add(gh_commit.get("author")),
                    author_name=text(author.get("name"), 255),
                    authored_at=authored_at,
                    committed_at=parse_datetime(committer.get("date")),
                    message=message.split("\n", 1)[0][:1024],
                )
            )
        except ItemError as exc:
            key = gh_commit.get("sha", "?") if isinstance(gh_commit, dict) else "?"
            ctx.skip(RESOURCE, key, str(exc))
    return commits


def save(ctx: RepositoryContext, listing: Listing | None, commits: list[Commit] | None) -> None:
    """Upsert by (repository, sha). The cursor moves only after a complete walk: the listing is newest
    first, so a partial one may have missed older commits the next run must still ask for."""
    if listing is None or commits is None:
        return
    rows = bulk_upsert(Commit, commits, unique_fields=["repository", "sha"], update_fields=UPDATE_FIELDS)
    ctx.report.add(RESOURCE, rows)
    if not listing.complete:
        return
    dates = [commit.committed_at or commit.authored_at for commit in commits]
    if dates and (ctx.state.commits_since is None or max(dates) > ctx.state.commits_since):
        ctx.state.commits_since = max(dates)
    ctx.state.pages[RESOURCE] = listing.pages
