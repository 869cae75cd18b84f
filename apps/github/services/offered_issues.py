"""Issues offered to newcomers (``Issue.objects.offered()``), newest first, as the contribute feed and the
home page read them.

The two halves of the rule (unassigned; assigned but idle) are read apart, each from its own partial index:
ids and sort keys first, index-only (PERF-FLOOR Q3's "ids first"), then one query loads the page's rows.
Pages follow a keyset cursor (the last row's created_at and id), never an OFFSET.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from apps.github.models import Issue, PullRequest, Repository
from apps.github.models.issue import issue_url
from apps.github.models.pull_request import pull_url

MAX_ID = 2**63 - 1


@dataclass
class OfferedPage:
    issues: list  # Issue instances (``offered_page``) or rows (``offered_rows``)
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


def offered_page(querysets: list[QuerySet], *, page_size: int, load=None) -> OfferedPage:
    """One page of the newest issues over ``querysets`` (the offered halves, filtered), with the cursor of
    the next page (5 queries: two for the keys, the rows, their labels, their linked pull requests). The
    issues are model instances (``load_issues``), or what ``load`` makes of their ids."""
    keys = newest_keys(querysets, page_size + 1)
    more, keys = len(keys) > page_size, keys[:page_size]
    return OfferedPage(
        issues=(load or load_issues)([pk for pk, _ in keys]),
        next_cursor=encode_cursor(keys[-1][1], keys[-1][0]) if more and keys else "",
    )


def offered_rows(querysets: list[QuerySet], *, page_size: int) -> OfferedPage:
    """``offered_page`` with each issue as a plain row (``load_issue_rows``): for a page that lists many."""
    return offered_page(querysets, page_size=page_size, load=load_issue_rows)


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


@dataclass(slots=True)
class ProjectRow:
    title: str
    url_path: str


@dataclass(slots=True)
class RepositoryRow:
    owner_login: str
    name: str
    full_name: str
    language: str
    project: ProjectRow | None


@dataclass(slots=True)
class PullRow:
    number: int
    html_url: str
    state: str
    merged_at: datetime | None


@dataclass(slots=True)
class AssigneeRow:
    login: str


@dataclass(slots=True)
class IssueRow:
    """What a feed shows of an offered issue, without the model instances (a page of 25 issues built ~90)."""

    id: int
    number: int
    title: str
    html_url: str
    created_at: datetime
    comments_count: int
    assignee: AssigneeRow | None
    repository: RepositoryRow
    labels: list[str] = field(default_factory=list)  # names, by name
    linked_pulls: list[PullRow] = field(default_factory=list)  # as ``linked_pulls_prefetch``

    @property
    def pk(self) -> int:
        return self.id


def load_issue_rows(ids: list[int]) -> list[IssueRow]:
    """What ``load_issues`` gives, as plain rows read with ``values()``, in the order of ``ids`` (3 queries,
    none for no id)."""
    if not ids:
        return []
    rows = (
        Issue.objects.filter(pk__in=ids)
        .order_by()
        .values_list(
            "id",
            "number",
            "title",
            "created_at",
            "comments_count",
            "assignee__login",
            "repository__owner_login",
            "repository__name",
            "repository__full_name",
            "repository__language",
            "repository__project_id",
            "repository__project__title",
            "repository__project__url_path",
        )
    )
    by_id: dict[int, IssueRow] = {}
    for pk, number, title, created_at, comments, login, owner, name, full_name, language, project_id, *project in rows:
        repository = RepositoryRow(owner, name, full_name, language, ProjectRow(*project) if project_id else None)
        by_id[pk] = IssueRow(
            id=pk,
            number=number,
            title=title,
            html_url=issue_url(full_name, number),
            created_at=created_at,
            comments_count=comments,
            assignee=AssigneeRow(login) if login is not None else None,
            repository=repository,
        )
    labels = Issue.labels.through.objects.filter(issue_id__in=list(by_id)).order_by("label__name", "label_id")
    for issue_id, label in labels.values_list("issue_id", "label__name"):
        by_id[issue_id].labels.append(label)
    pulls = (
        PullRequest.objects.open()
        .filter(related_issues__in=list(by_id))
        .order_by("number", "id")
        .values_list("related_issues", "number", "state", "merged_at")
    )
    for issue_id, number, state, merged_at in pulls:
        issue = by_id[issue_id]  # a linked pull request is in the issue's repository
        issue.linked_pulls.append(PullRow(number, pull_url(issue.repository.full_name, number), state, merged_at))
    return [by_id[pk] for pk in ids if pk in by_id]


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
