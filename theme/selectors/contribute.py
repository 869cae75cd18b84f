"""The contribute feed: open issues a newcomer can take, across every OWASP repository.

An issue is offered when it is open, in an active repository, recent (opened in the last ``RECENT_DAYS``),
and either unassigned or assigned but idle (no update for ``IDLE_DAYS``). The feed is read "ids first",
so a page costs index reads, not a scan of every open issue: ids and sort keys come from the partial
indexes, then one query loads the page's rows.
It pages by keyset (``before`` = the last row's created_at and id), never by OFFSET.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from apps.github.models import Issue, IssueState, PullRequest, Repository, RepositorySyncState
from theme.cache import cached
from theme.selectors.common import clean_text

RECENT_DAYS = 365
IDLE_DAYS = 30
PAGE_SIZE = 25
FILTER_PROJECTS = 60


@dataclass
class Feed:
    issues: list
    filters: dict
    next_cursor: str
    languages: list[str]
    labels: list[str]
    projects: list[dict]
    synced_at: object


def offered_issues(now: datetime | None = None) -> tuple[QuerySet, QuerySet]:
    """Issues a newcomer may take: open, recent, and unassigned or idle for a month, as two querysets
    (unassigned, idle) so each can use its own index: the unassigned ones come index-only from the partial
    (created_at DESC) INCLUDE (repository_id, id) WHERE open AND unassigned index."""
    now = now or timezone.now()
    recent = Issue.objects.filter(
        state=IssueState.OPEN,
        created_at__gte=now - timedelta(days=RECENT_DAYS),
        repository__is_archived=False,
        repository__is_gone=False,
    )
    unassigned = recent.filter(assignee__isnull=True)
    idle = recent.filter(assignee__isnull=False, updated_at__lt=now - timedelta(days=IDLE_DAYS))
    return unassigned, idle


def newest_keys(querysets, limit: int) -> list[tuple[int, datetime]]:
    """The ``limit`` newest (id, created_at) over several querysets, newest first (one query each)."""
    keys = []
    for queryset in querysets:
        keys += queryset.order_by("-created_at", "-id").values_list("id", "created_at")[:limit]
    return sorted(keys, key=lambda key: (key[1], key[0]), reverse=True)[:limit]


def parse_cursor(value: str):
    stamp, _, pk = str(value or "").partition("_")
    try:
        return datetime.fromisoformat(stamp), int(pk)
    except ValueError:
        return None


def contribute_feed(params, *, page_size: int = PAGE_SIZE) -> Feed:
    """One page of the feed for ``params`` (language, project, label, before); 4 queries."""
    filters = {
        "language": clean_text(params.get("language")),
        "project": clean_text(params.get("project")),
        "label": clean_text(params.get("label")),
    }
    querysets = []
    cursor = parse_cursor(params.get("before"))
    for queryset in offered_issues():
        if filters["language"]:
            queryset = queryset.filter(repository__language=filters["language"])
        if filters["project"]:
            queryset = queryset.filter(repository__project__slug=filters["project"])
        if filters["label"]:
            queryset = queryset.filter(labels__name=filters["label"])
        if cursor:
            created_at, pk = cursor
            queryset = queryset.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=pk))
        querysets.append(queryset)
    keys = newest_keys(querysets, page_size + 1)
    more = len(keys) > page_size
    keys = keys[:page_size]
    issues = load_issues([pk for pk, _ in keys])
    next_cursor = f"{keys[-1][1].isoformat()}_{keys[-1][0]}" if more and keys else ""
    return Feed(
        issues=issues,
        filters=filters,
        next_cursor=next_cursor,
        languages=cached("feed-languages", feed_languages),
        labels=list(COMMON_LABELS),
        projects=with_selected(cached("feed-projects", feed_projects), filters["project"]),
        synced_at=cached(
            "github-synced", lambda: RepositorySyncState.objects.aggregate(synced=Max("last_synced_at"))["synced"]
        ),
    )


def load_issues(ids: list[int]) -> list[Issue]:
    """The rows of a page of issue ids, in that order, with what the feed shows (repository, project, labels)."""
    rows = (
        Issue.objects.filter(pk__in=ids)
        .select_related("repository", "repository__project", "assignee")
        .prefetch_related("labels")
    )
    by_id = {issue.pk: issue for issue in rows}
    issues = [by_id[pk] for pk in ids if pk in by_id]
    attach_linked_pulls(issues)
    return issues


CLOSING_WORDS = r"(close[sd]?|fix(e[sd])?|resolve[sd]?|addresse[sd]|refs?|see)"


def attach_linked_pulls(issues: list[Issue]) -> None:
    """Set ``issue.linked_pulls``: open pull requests of the same repository whose body names the issue
    ("Fixes #12", "closes #12", ...), opened after it (1 query for the whole page; a merged one would have
    closed the issue, which would then not be offered)."""
    for issue in issues:
        issue.linked_pulls = []
    if not issues:
        return
    numbers_by_repo: dict[int, list[int]] = {}
    for issue in issues:
        numbers_by_repo.setdefault(issue.repository_id, []).append(issue.number)
    condition = Q()
    for repository_id, numbers in numbers_by_repo.items():
        pattern = rf"{CLOSING_WORDS}:?\s+#({'|'.join(str(n) for n in sorted(set(numbers)))})\M"
        condition |= Q(repository_id=repository_id, body__iregex=pattern)
    oldest = min(issue.created_at for issue in issues)
    pulls = PullRequest.objects.filter(condition, state=IssueState.OPEN, created_at__gte=oldest).only(
        "id", "number", "state", "merged_at", "body", "repository_id"
    )
    by_key = {(issue.repository_id, issue.number): issue for issue in issues}
    mention = re.compile(rf"{CLOSING_WORDS}:?\s+#(\d+)\b", re.IGNORECASE)
    for pull in pulls.order_by("number"):
        pull.repository = next(i.repository for i in issues if i.repository_id == pull.repository_id)
        for match in mention.finditer(pull.body):
            issue = by_key.get((pull.repository_id, int(match.group(match.lastindex))))
            if issue is not None and pull not in issue.linked_pulls:
                issue.linked_pulls.append(pull)


def with_selected(projects: list[dict], slug: str) -> list[dict]:
    """The filter's choices, plus the selected project when it is not among them (1 query then)."""
    if not slug or any(project["slug"] == slug for project in projects):
        return projects
    from theme.selectors.projects import public_projects

    selected = list(public_projects().filter(slug=slug).values("slug", "title")[:1])
    return sorted(projects + selected, key=lambda project: project["title"].lower())


def feed_projects(limit: int = FILTER_PROJECTS) -> list[dict]:
    """The project filter's choices: the ``limit`` active projects with the most unassigned open issues,
    from their precomputed figures, by title (1 query; any other project works as ?project=<slug>)."""
    from theme.selectors.projects import public_projects

    busiest = (
        public_projects()
        .filter(figures__unassigned_issues_count__gt=0)
        .order_by("-figures__unassigned_issues_count", "title")
        .values("slug", "title")[:limit]
    )
    return sorted(busiest, key=lambda project: project["title"].lower())


def feed_languages() -> list[str]:
    return list(
        Repository.objects.active()
        .exclude(language="")
        .values_list("language", flat=True)
        .distinct()
        .order_by("language")
    )


# The label filter offers GitHub's newcomer-friendly default labels (any other label works as ?label=).
COMMON_LABELS = ("good first issue", "help wanted", "documentation", "bug", "enhancement", "hacktoberfest")


def newest_for_newcomers(limit: int = 5) -> list[Issue]:
    """The home page's few newest offered issues (4 queries)."""
    return load_issues([pk for pk, _ in newest_keys(offered_issues(), limit)])
