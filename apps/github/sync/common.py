"""Helpers the resource modules share: parsing GitHub values, idempotent bulk upserts, conditional listings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.dateparse import parse_datetime as django_parse_datetime

from apps.github.client import GitHubClient, GitHubError, GitHubUnavailable, MalformedResponse, RequestFailed

PER_PAGE = 100
BATCH_SIZE = 1000


class ItemError(ValueError):
    """One upstream object cannot be stored (a required field is missing or malformed); it is skipped."""


def parse_datetime(value) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ItemError(f"not a timestamp: {value!r}")
    parsed = django_parse_datetime(value)
    if parsed is None:
        raise ItemError(f"not a timestamp: {value!r}")
    return parsed


def required(data: dict, key: str, kind: type | tuple = (str, int)):
    if not isinstance(data, dict):
        raise ItemError(f"expected an object, got {type(data).__name__}")
    value = data.get(key)
    if value is None or isinstance(value, bool) or not isinstance(value, kind):
        raise ItemError(f"missing or malformed {key!r}")
    return value


def text(value, limit: int | None = None) -> str:
    if value is None:
        return ""
    value = str(value).replace("\x00", "")  # PostgreSQL text cannot hold NUL
    return value[:limit] if limit else value


def count(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def bulk_upsert(
    model: type[models.Model], objects: Iterable[models.Model], *, unique_fields: list[str], update_fields: list[str]
) -> int:
    """INSERT ... ON CONFLICT DO UPDATE, one row per key (the last wins), in key order.

    Deduplicating matters (PostgreSQL refuses to update one row twice in a statement), and so does the order:
    concurrent syncs then lock shared rows (users) in the same order and cannot deadlock.
    """
    unique = {}
    for obj in objects:
        unique[tuple(getattr(obj, model._meta.get_field(name).attname) for name in unique_fields)] = obj
    if not unique:
        return 0
    ordered = [unique[key] for key in sorted(unique)]
    model.objects.bulk_create(
        ordered, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=unique_fields, update_fields=update_fields
    )
    return len(ordered)


def delete_missing(queryset: models.QuerySet, key: str, keep: set) -> int:
    """Delete the rows of ``queryset`` whose ``key`` is not in ``keep``; the number of such rows."""
    _, per_model = queryset.exclude(**{f"{key}__in": keep}).delete()
    return per_model.get(queryset.model._meta.label, 0)


@dataclass
class Listing:
    """A listing read page by page: items of pages that changed, and what to remember for next time.

    A page that fails (malformed JSON, a 5xx after every retry, a refusal) ends the walk with ``error`` set:
    what was read before it is kept, but ``complete`` is false, so callers neither delete rows missing
    from it nor save its page ETags.
    """

    items: list = field(default_factory=list)
    pages: list = field(default_factory=list)  # page states (url, etag, next[, ids]) to save
    changed: bool = False  # some page answered 200
    kept_ids: set = field(default_factory=set)  # ids listed on pages that answered 304
    ids_known: bool = True  # every 304 page had its ids saved (pages saved before ids were kept have none)
    error: GitHubError | None = None
    key: str = ""  # where its page states are kept, when the resource has more than one kind of walk

    @property
    def complete(self) -> bool:
        return self.error is None


def read_listing(
    client: GitHubClient, path: str, params: dict, known: list | None, *, id_key: str | None = None
) -> Listing:
    """Every page of a listing, asked conditionally. With ``id_key`` each page remembers the ids it listed,
    so a listing that must replace a set (labels, releases, contributors) knows the ids of unchanged pages.

    ``NotFound`` and ``RateLimitExceeded`` propagate: the first means the repository is gone, the second
    stops the run.
    """
    listing = Listing()
    saved_ids = {page["url"]: page["ids"] for page in known or [] if "ids" in page}
    try:
        for page in client.paginate(path, params, known=known):
            state = page.state.as_dict()
            if page.not_modified:
                ids = saved_ids.get(page.state.url)
                if ids is None and id_key:
                    # Saved before its ids were kept: unknown, so nothing can be called missing from this walk;
                    # without its ETag the page is read again next time, and then remembers its ids.
                    state["etag"] = ""
                    listing.ids_known = False
                listing.kept_ids.update(ids or [])
            else:
                listing.changed = True
                listing.items.extend(page.items)
                ids = [item.get(id_key) for item in page.items if isinstance(item, dict)] if id_key else []
            if id_key and ids is not None:
                state["ids"] = ids
            listing.pages.append(state)
    except (MalformedResponse, RequestFailed, GitHubUnavailable) as exc:
        listing.error = exc
    return listing
