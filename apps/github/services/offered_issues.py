"""Issues offered to newcomers (``Issue.objects.offered()``), newest first, as the contribute feed and the
home page read them.

The two halves of the rule (unassigned; assigned but idle) are read apart, each from its own partial index:
ids and sort keys first, index-only (PERF-FLOOR Q3's "ids first"), then one query loads the page's rows.
Pages follow a keyset cursor (the last row's created_at and id), never an OFFSET.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from apps.github.models import Issue, PullRequest, Repository

MAX_ID = 2**63 - 1


@dataclass
class OfferedPage:
    issues: list[Issue]
    next_cursor: str  # "" on the last page


def offered_halves(now: datetime | None = None) -> list[QuerySet]:
    """The offered issues as the two querysets each served by its own index (unassigned, idle)."""
    now = now or timezone.now()
    return [Issue.objects.offered_unassigned(now), Issue.objects.offered_idle(now)]


def encode_cursor(created_at: datetime, pk: int) -> str:
    return f"{created_at.isoformat()}_{pk}"


def decode_cursor(value: str) -> tuple[datetime, int]:
    """The (created_at, id) a cursor names; ValueError when it is not one this module wrote."""
    stamp, separator, pk = value.rpartition("_")
    created_at, number = datetime.fromisoformat(stamp), int(pk)
    if not separator or created_at.tzinfo is None or not 0 < number <= MAX_ID:
        raise ValueError(value)
    return created_at, number


def before(queryset: QuerySet, cursor: tuple[datetime, int]) -> QuerySet:
    """The rows after ``cursor`` in newest-first order."""
    created_at, pk = cursor
    return queryset.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=pk))


def newest_keys(querysets: list[QuerySet], limit: int) -> list[tuple[int, datetime]]:
    """The ``limit`` newest (id, created_at) over several querysets, newest first (one query each)."""
    keys = []
    for queryset in querysets:
        keys += queryset.order_by("-created_at", "-id").values_list("id", "created_at")[:limit]
    return sorted(keys, key=lambda key: (key[1], key[0]), reverse=True)[:limit]


def offered_page(querysets: list[QuerySet], *, page_size: int) -> OfferedPage:
    """One page of the newest issues over ``querysets`` (the offered halves, filtered), with the cursor of
    the next page (5 queries: two for the keys, the rows, their labels, their linked pull requests)."""
    keys = newest_keys(querysets, page_size + 1)
    more, keys = len(keys) > page_size, keys[:page_size]
    return OfferedPage(
        issues=load_issues([pk for pk, _ in keys]),
        next_cursor=encode_cursor(keys[-1][1], keys[-1][0]) if more and keys else "",
    )


def newest_offered(limit: int = 5) -> list[Issue]:
    """The few newest offered issues (the home page's; 5 queries)."""
    return offered_page(offered_halves(), page_size=limit).issues


# What a feed never shows: the long texts and the JSON of the issue, its repository and its project.
LIST_DEFERRED = (
    "body",
    "repository__description",
    "repository__languages",
    "repository__project__description",
    "repository__project__pitch",
    "repository__project__synced_values",
)


def load_issues(ids: list[int]) -> list[Issue]:
    """The rows of a page of issue ids, in that order, with what a feed shows (repository, project, assignee,
    labels, linked pull requests)."""
    rows = (
        Issue.objects.filter(pk__in=ids)
        .select_related("repository", "repository__project", "assignee")
        .defer(*LIST_DEFERRED)
        .prefetch_related("labels", linked_pulls_prefetch())
    )
    by_id = {issue.pk: issue for issue in rows}
    issues = [by_id[pk] for pk in ids if pk in by_id]
    for issue in issues:
        for pull in issue.linked_pulls:
            pull.repository = issue.repository  # its link needs the repository's name: same repository
    return issues


def linked_pulls_prefetch() -> Prefetch:
    """``issue.linked_pulls``: the open pull requests that say they close the issue, read from the links the
    sync stored (one query for the page; a merged one would have closed the issue, which would then not be
    offered)."""
    pulls = PullRequest.objects.open().only("id", "number", "state", "merged_at", "repository_id").order_by("number")
    return Prefetch("closing_pull_requests", queryset=pulls, to_attr="linked_pulls")


def offered_languages() -> list[str]:
    """The primary languages of active repositories, by name (the feed's language choices; 1 query)."""
    return list(
        Repository.objects.active()
        .exclude(language="")
        .values_list("language", flat=True)
        .distinct()
        .order_by("language")
    )
