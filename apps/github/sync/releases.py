"""Releases: the repository's release listing, a set (releases deleted upstream are marked gone, see
removals.py)."""

from __future__ import annotations

from apps.github.client import GitHubClient
from apps.github.models import Release
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

RESOURCE = "releases"
UPDATE_FIELDS = [
    "node_id",
    "repository",
    "tag_name",
    "name",
    "description",
    "author",
    "is_draft",
    "is_prerelease",
    "created_at",
    "published_at",
    "gone_at",
]


def fetch(client: GitHubClient, full_name: str, state, *, full: bool) -> Listing:
    return read_listing(
        client, f"/repos/{full_name}/releases", {"per_page": PER_PAGE}, state.pages.get(RESOURCE), id_key="id"
    )


def parse(ctx: RepositoryContext, listing: Listing | None) -> list[Release] | None:
    if listing is None:
        return None
    releases = []
    for gh_release in listing.items:
        try:
            releases.append(
                Release(
                    id=required(gh_release, "id", int),
                    node_id=text(gh_release.get("node_id"), 64),
                    repository=ctx.repository,
                    tag_name=text(required(gh_release, "tag_name", str), 255),
                    name=text(gh_release.get("name"), 1024),
                    description=text(gh_release.get("body")),
                    author_id=ctx.users.add(gh_release.get("author")),
                    is_draft=bool(gh_release.get("draft", False)),
                    is_prerelease=bool(gh_release.get("prerelease", False)),
                    created_at=parse_datetime(gh_release.get("created_at")),
                    published_at=parse_datetime(gh_release.get("published_at")),
                    gone_at=None,
                )
            )
        except ItemError as exc:
            key = gh_release.get("tag_name", "?") if isinstance(gh_release, dict) else "?"
            ctx.skip(RESOURCE, key, str(exc))
    return releases


def save(ctx: RepositoryContext, listing: Listing | None, releases: list[Release] | None) -> None:
    if listing is None or releases is None:
        return
    ctx.report.add(RESOURCE, bulk_upsert(Release, releases, unique_fields=["id"], update_fields=UPDATE_FIELDS))
    if listing.complete:
        ctx.state.pages[RESOURCE] = listing.pages
