"""Issues, pull requests and releases GitHub no longer serves: found missing from a complete listing, confirmed
one by one, then marked gone (``gone_at``), never deleted.

A complete listing (the nightly full run's issue walk, or the release listing) that changed and no longer has
a stored item only suggests it is gone: a listing sorted by update time shifts while it is read, so an item can
slip from a page not read yet onto one already read. Each missing item is therefore asked for once:

- 404 or 410 (a deleted issue answers 410): gone;
- an answer naming another repository (GitHub follows a transferred issue with a 301): gone from this one; the
  repository it moved to stores it when it is synced (same id: the row moves and is present again);
- an answer from this repository: still there, kept as it is;
- anything else (5xx, garbled): unknown, kept, and reported.

Only missing items cost a request, so a listing that lost nothing costs nothing more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.utils import timezone

from apps.core import changes
from apps.github.client import GitHubClient, GitHubError, Gone, NotFound, RateLimitExceeded
from apps.github.models import Issue, PullRequest, Release
from apps.github.sync.common import Listing
from apps.github.sync.context import RepositoryContext

logger = logging.getLogger(__name__)

KINDS = {Issue: "issue", PullRequest: "pull_request", Release: "release"}
RESOURCES = {Issue: "issues", PullRequest: "pull_requests", Release: "releases"}


@dataclass
class Removals:
    """Ids confirmed gone, per model, found before the repository's transaction and marked inside it."""

    gone: dict = field(default_factory=dict)  # model -> [ids]

    def add(self, model, item_id: int) -> None:
        self.gone.setdefault(model, []).append(item_id)


def listed_ids(listing: Listing) -> set[int]:
    return {item["id"] for item in listing.items if isinstance(item, dict) and isinstance(item.get("id"), int)}


def can_tell_missing(listing: Listing | None) -> bool:
    """A listing that says what is missing: read to the end, changed since last time, every page's ids known."""
    return listing is not None and listing.complete and listing.changed and listing.ids_known


def find_gone_items(client: GitHubClient, ctx: RepositoryContext, listing: Listing | None, removals: Removals) -> None:
    """Issues and pull requests of ``ctx.repository`` missing from its complete issue walk, confirmed gone."""
    if not can_tell_missing(listing) or listing.key != "issues_full":
        return
    listed = listed_ids(listing) | set(listing.kept_ids)
    repository = ctx.repository
    for model in (Issue, PullRequest):
        missing = model.objects.filter(repository_id=repository.pk).exclude(id__in=listed).values_list("id", "number")
        for item_id, number in missing:
            if _confirmed_gone(client, ctx, f"/repos/{repository.full_name}/issues/{number}", item_id):
                removals.add(model, item_id)


def find_gone_releases(
    client: GitHubClient, ctx: RepositoryContext, listing: Listing | None, removals: Removals
) -> None:
    """Releases of ``ctx.repository`` missing from its release listing, confirmed gone."""
    if not can_tell_missing(listing):
        return
    listed = listed_ids(listing) | set(listing.kept_ids)
    missing = Release.objects.filter(repository_id=ctx.repository.pk).exclude(id__in=listed)
    for release_id in missing.values_list("id", flat=True):
        if _confirmed_gone(client, ctx, f"/repos/{ctx.repository.full_name}/releases/{release_id}", release_id):
            removals.add(Release, release_id)


def _confirmed_gone(client: GitHubClient, ctx: RepositoryContext, path: str, item_id: int) -> bool:
    try:
        data = client.get(path).data
    except (NotFound, Gone):
        return True
    except RateLimitExceeded:
        raise
    except GitHubError as exc:
        ctx.report.error(ctx.name, "gone check", exc)
        return False
    if not isinstance(data, dict) or data.get("id") != item_id:
        return True  # that number or id now names something else: the item asked for is not there
    # Transferred: GitHub followed it to another repository.
    repository_url = str(data.get("repository_url") or "")
    return bool(repository_url) and not repository_url.lower().endswith(f"/repos/{ctx.repository.full_name.lower()}")


def mark_gone(ctx: RepositoryContext, removals: Removals) -> None:
    """Inside the repository's transaction: stamp the confirmed items, and announce them changed."""
    now = timezone.now()
    for model, ids in removals.gone.items():
        marked = model.all_objects.filter(pk__in=ids, gone_at__isnull=True).update(gone_at=now)
        ctx.report.remove(RESOURCES[model], marked)
        changes.record(KINDS[model], ids, sender=model)
        if marked:
            logger.info("GitHub sync of %s: %d %s gone", ctx.name, marked, RESOURCES[model])
