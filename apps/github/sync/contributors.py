"""Contributors: who committed to a repository and how often (GitHub's contributors listing, a set)."""

from __future__ import annotations

from apps.github.client import GitHubClient
from apps.github.models import RepositoryContributor
from apps.github.sync.common import PER_PAGE, Listing, bulk_upsert, count, delete_missing, read_listing
from apps.github.sync.context import RepositoryContext

RESOURCE = "contributors"


def fetch(client: GitHubClient, full_name: str, state, *, full: bool) -> Listing:
    # Anonymous contributors (anon=1) have no GitHub account to link; they are not asked for.
    return read_listing(
        client, f"/repos/{full_name}/contributors", {"per_page": PER_PAGE}, state.pages.get(RESOURCE), id_key="id"
    )


def parse(ctx: RepositoryContext, listing: Listing | None) -> list[RepositoryContributor] | None:
    if listing is None:
        return None
    contributors = []
    for gh_contributor in listing.items:
        user_id = ctx.users.add(gh_contributor)
        if user_id is None:
            ctx.skip(RESOURCE, "?", "contributor without a GitHub id and login")
            continue
        contributors.append(
            RepositoryContributor(
                repository=ctx.repository, user_id=user_id, contributions=count(gh_contributor.get("contributions"))
            )
        )
    return contributors


def save(ctx: RepositoryContext, listing: Listing | None, contributors: list[RepositoryContributor] | None) -> None:
    if listing is None or contributors is None:
        return
    rows = bulk_upsert(
        RepositoryContributor, contributors, unique_fields=["repository", "user"], update_fields=["contributions"]
    )
    ctx.report.add(RESOURCE, rows)
    if not listing.complete:
        return
    if listing.changed:
        keep = {contributor.user_id for contributor in contributors} | listing.kept_ids
        queryset = RepositoryContributor.objects.filter(repository=ctx.repository)
        ctx.report.remove(RESOURCE, delete_missing(queryset, "user_id", keep))
    ctx.state.pages[RESOURCE] = listing.pages
