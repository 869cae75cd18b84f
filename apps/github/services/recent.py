"""Recent GitHub activity as OWASP Nest's home, organization and member pages list it: the newest issues
(any state, as Nest's), pull requests, releases and milestones, optionally of one author, one organization or a set of
repositories, and optionally one per author ("distinct").

"Distinct" keeps each author's newest row among the newest ``DISTINCT_WINDOW`` times ``limit`` rows, so its
cost stays that of one short index read however many rows the filter matches.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from apps.github.models import Issue, Milestone, Organization, PullRequest, Release, User

DISTINCT_WINDOW = 10


@dataclass(frozen=True)
class Scope:
    """Whose activity: one author (GitHub login), one organization (login), some repositories (ids); each
    optional. A login that cannot be one matches nothing."""

    login: str | None = None
    organization: str | None = None
    repository_ids: list[int] | None = None

    def apply(self, queryset: QuerySet, *, author: str = "author") -> QuerySet:
        if self.login is not None:
            queryset = queryset.filter(**{f"{author}__in": User.objects.with_login(self.login).values("pk")})
        if self.organization is not None:
            organizations = Organization.objects.with_login(self.organization).values("pk")
            queryset = queryset.filter(repository__organization__in=organizations)
        if self.repository_ids is not None:
            queryset = queryset.filter(repository_id__in=self.repository_ids)
        return queryset


def _newest(queryset: QuerySet, *, by: str, limit: int, distinct: bool, author: str = "author") -> list:
    if limit <= 0:
        return []
    window = limit * DISTINCT_WINDOW if distinct else limit
    rows = list(
        queryset.select_related(author, "repository", "repository__organization").order_by(f"-{by}", "-id")[:window]
    )
    if distinct:
        seen, kept = set(), []
        for row in rows:
            key = getattr(row, f"{author}_id")
            if key not in seen:
                seen.add(key)
                kept.append(row)
        rows = kept
    return rows[:limit]


def recent_issues(limit: int = 5, *, scope: Scope = Scope(), distinct: bool = False) -> list[Issue]:
    """The newest issues whatever their state (OWASP Nest's ``recentIssues``), newest opened first, with their
    author, repository and organization (1 query, on the index of the issues by creation)."""
    return _newest(scope.apply(Issue.objects.all()), by="created_at", limit=limit, distinct=distinct)


def recent_pull_requests(limit: int = 5, *, scope: Scope = Scope(), distinct: bool = False) -> list[PullRequest]:
    """The newest pull requests by people (bots' left out), any state, newest opened first (1 query)."""
    queryset = scope.apply(PullRequest.objects.exclude(author__login__endswith="[bot]").exclude(author__type="Bot"))
    return _newest(queryset, by="created_at", limit=limit, distinct=distinct)


def recent_releases_by(
    limit: int = 6, *, scope: Scope = Scope(), distinct: bool = False, prereleases: bool = False
) -> list[Release]:
    """The newest published releases (pre-releases left out unless asked), newest first (1 query)."""
    queryset = Release.objects.published()
    if not prereleases:
        queryset = queryset.filter(is_prerelease=False)
    return _newest(scope.apply(queryset), by="published_at", limit=limit, distinct=distinct)


def recent_milestones(
    limit: int = 5, *, scope: Scope = Scope(), state: str | None = None, distinct: bool = False
) -> list[Milestone]:
    """The newest milestones (open, closed or both), newest created first (1 query); a milestone's author is
    the user who created it."""
    queryset = Milestone.objects.all() if state is None else Milestone.objects.filter(state=state)
    queryset = scope.apply(queryset, author="creator")
    return _newest(queryset, by="created_at", limit=limit, distinct=distinct, author="creator")
