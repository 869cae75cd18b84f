"""Labels: the repository's label listing (a set: labels deleted upstream are removed) plus the label
objects embedded in issues."""

from __future__ import annotations

from apps.github.client import GitHubClient
from apps.github.models import Label
from apps.github.sync.common import (
    PER_PAGE,
    ItemError,
    Listing,
    bulk_upsert,
    delete_missing,
    read_listing,
    required,
    text,
)
from apps.github.sync.context import RepositoryContext

RESOURCE = "labels"
UPDATE_FIELDS = ["node_id", "repository", "name", "color", "description", "is_default"]


def fetch(client: GitHubClient, full_name: str, state, *, full: bool) -> Listing:
    return read_listing(
        client, f"/repos/{full_name}/labels", {"per_page": PER_PAGE}, state.pages.get(RESOURCE), id_key="id"
    )


def label_from(ctx: RepositoryContext, gh_label: dict) -> Label:
    return Label(
        id=required(gh_label, "id", int),
        node_id=text(gh_label.get("node_id"), 64),
        repository=ctx.repository,
        name=text(required(gh_label, "name", str), 255),
        color=text(gh_label.get("color"), 16),
        description=text(gh_label.get("description")),
        is_default=bool(gh_label.get("default", False)),
    )


def add_embedded(ctx: RepositoryContext, gh_label) -> int | None:
    """A label object inside an issue; the listing's version of it wins when both are present."""
    try:
        label = label_from(ctx, gh_label)
    except ItemError:
        return None
    ctx.labels.setdefault(label.id, label)
    return label.id


def parse(ctx: RepositoryContext, listing: Listing | None) -> Listing | None:
    if listing is None:
        return None
    for gh_label in listing.items:
        try:
            label = label_from(ctx, gh_label)
        except ItemError as exc:
            ctx.skip(RESOURCE, gh_label.get("name") if isinstance(gh_label, dict) else "?", str(exc))
            continue
        ctx.labels[label.id] = label
    return listing


def save(ctx: RepositoryContext, listing: Listing | None) -> None:
    ctx.report.add(RESOURCE, bulk_upsert(Label, ctx.labels.values(), unique_fields=["id"], update_fields=UPDATE_FIELDS))
    if listing is None:
        return
    if not listing.complete:
        return
    if listing.changed:
        keep = set(ctx.labels) | listing.kept_ids
        ctx.report.remove(RESOURCE, delete_missing(Label.objects.filter(repository=ctx.repository), "id", keep))
    ctx.state.pages[RESOURCE] = listing.pages
