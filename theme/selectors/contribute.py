"""The contribute feed: open issues a newcomer can take, across every OWASP repository.

Which issues are offered is ``Issue.objects.offered()``; reading them newest first, page by page (as plain
rows), is ``apps.github.services.offered_issues``; the parameters are
``apps.github.filters.OfferedIssueFilter``'s. This module adds the filter choices and what the page shows around them.
"""

from dataclasses import dataclass, field

from apps.ai.models import IssueSummary
from apps.github.filters import OfferedIssueFilter
from apps.github.services.offered_issues import newest_offered, offered_languages, offered_rows
from theme.cache import Fragment, cached_many
from theme.cache_groups import CONTRIBUTE

PAGE_SIZE = 25
FILTER_PROJECTS = 60


@dataclass
class Feed:
    issues: list  # IssueRow (``apps.github.services.offered_issues.load_issue_rows``)
    filters: dict
    next_cursor: str
    languages: list[str]
    labels: list[str]
    projects: list[dict]
    problems: list[str] = field(default_factory=list)  # parameters left out, and why
    summaries: dict = field(default_factory=dict)  # issue id -> (summary, hint), AI-written (apps.ai)


def contribute_feed(params, *, page_size: int = PAGE_SIZE) -> Feed:
    """One page of the feed for ``params`` (language, project, label, before); 6 queries (the AI summaries
    of the page's issues one of them)."""
    listing = OfferedIssueFilter(params)
    page = offered_rows(listing.offered(), page_size=page_size)
    filters = listing.values
    languages, projects = cached_many(
        Fragment("feed-languages", offered_languages, groups=(CONTRIBUTE,)),
        Fragment("feed-projects", feed_projects, groups=(CONTRIBUTE,)),
    )
    return Feed(
        issues=page.issues,
        filters=filters,
        next_cursor=page.next_cursor,
        languages=languages,
        labels=list(COMMON_LABELS),
        projects=with_selected(projects, filters["project"]),
        problems=listing.problems(),
        summaries=issue_summaries([issue.id for issue in page.issues]),
    )


def issue_summaries(issue_ids: list[int]) -> dict[int, tuple[str, str]]:
    """The AI-written summary and hint of each issue that has one (one query; none for no issue)."""
    if not issue_ids:
        return {}
    rows = IssueSummary.objects.filter(issue_id__in=issue_ids).values_list("issue_id", "summary", "hint")
    return {issue_id: (summary, hint) for issue_id, summary, hint in rows}


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


# The label filter offers GitHub's newcomer-friendly default labels (any other label works as ?label=).
COMMON_LABELS = ("good first issue", "help wanted", "documentation", "bug", "enhancement", "hacktoberfest")


def newest_for_newcomers(limit: int = 5) -> list:
    """The home page's few newest offered issues (5 queries)."""
    return newest_offered(limit)
