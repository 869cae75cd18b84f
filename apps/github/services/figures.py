"""Project figures: what a project's repositories add up to, one ``ProjectFigures`` row per project page.

One refresh runs one grouped query per source table (repositories, languages, contributors, issues, pull
requests, releases, commits, leaders), each ``GROUP BY`` project over all projects at once, then upserts
every row in bulk. Repositories GitHub no longer serves (``is_gone``) are left out; archived ones count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext

from apps.core import changes
from apps.github.models import (
    Commit,
    Issue,
    IssueState,
    ProjectFigures,
    PullRequest,
    Release,
    Repository,
    RepositoryContributor,
)
from apps.github.models.user import people_condition
from cms.models import Leader, ProjectPage

# A license GitHub could not identify has spdx_id "NOASSERTION"; its name ("Other") is shown instead.
UNKNOWN_SPDX = {"", "NOASSERTION"}

COUNT_FIELDS = (
    "repositories_count",
    "stars_count",
    "forks_count",
    "contributors_count",
    "open_issues_count",
    "unanswered_issues_count",
    "unassigned_issues_count",
    "pull_requests_count",
    "open_pull_requests_count",
    "releases_count",
    "leaders_count",
)
DATE_FIELDS = (
    "first_created_at",
    "last_pushed_at",
    "last_committed_at",
    "last_pull_request_at",
    "last_released_at",
    "synced_at",
)
UPDATE_FIELDS = [*COUNT_FIELDS, *DATE_FIELDS, "languages", "licenses", "refreshed_at"]


@dataclass
class FiguresReport:
    projects: int = 0
    with_repositories: int = 0

    def as_dict(self) -> dict:
        return {"projects": self.projects, "with_repositories": self.with_repositories}


def project_repositories(project_ids: list[int] | None = None):
    """The repositories figures count: linked to a project and still served by GitHub."""
    queryset = Repository.objects.present().filter(project__isnull=False)
    return queryset if project_ids is None else queryset.filter(project_id__in=project_ids)


def _grouped(queryset, key: str, **aggregates) -> dict[int, dict]:
    return {row.pop(key): row for row in queryset.values(key).annotate(**aggregates).order_by()}


def _repository_figures(project_ids: list[int] | None) -> dict[int, dict]:
    rows = _grouped(
        project_repositories(project_ids),
        "project_id",
        repositories_count=Count("id"),
        stars_count=Sum("stars_count"),
        forks_count=Sum("forks_count"),
        first_created_at=Min("created_at"),
        last_pushed_at=Max("pushed_at"),
        synced_at=Max("synced_at"),  # the figures' freshness (apps.github.services.freshness)
    )
    licenses: dict[int, set[str]] = defaultdict(set)
    for project_id, spdx_id, name in (
        project_repositories(project_ids)
        .exclude(license_spdx_id="", license_name="")
        .values_list("project_id", "license_spdx_id", "license_name")
        .distinct()
    ):
        licenses[project_id].add(name if spdx_id in UNKNOWN_SPDX else spdx_id)
    for project_id, row in rows.items():
        row["licenses"] = sorted(license for license in licenses.get(project_id, ()) if license)
    return rows


def _language_figures(project_ids: list[int] | None) -> dict[int, dict]:
    """Bytes per language summed over each project's repositories; a repository whose language breakdown
    was never read contributes its primary language with 0 bytes, so the language is still listed."""
    table = Repository._meta.db_table
    where = "r.project_id IS NOT NULL AND NOT r.is_gone"
    params: list = []
    if project_ids is not None:
        where += " AND r.project_id = ANY(%s)"
        params = [list(project_ids)]
    sql = f"""
        SELECT project_id, language, SUM(bytes) FROM (
            SELECT r.project_id, l.key AS language,
                   CASE WHEN jsonb_typeof(l.value) = 'number' THEN l.value::numeric ELSE 0 END AS bytes
            FROM {table} r
            CROSS JOIN LATERAL jsonb_each(
                CASE WHEN jsonb_typeof(r.languages) = 'object' THEN r.languages ELSE '{{}}'::jsonb END
            ) l
            WHERE {where}
            UNION ALL
            SELECT r.project_id, r.language, 0
            FROM {table} r
            WHERE {where} AND r.language <> ''
        ) AS languages
        GROUP BY project_id, language
    """  # noqa: S608 - table names come from the models, values are parameters
    languages: dict[int, dict[str, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params * 2)
        for project_id, language, size in cursor.fetchall():
            languages[project_id][language] = int(size)
    return {
        project_id: {"languages": dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))}
        for project_id, values in languages.items()
    }


def _contributor_figures(project_ids: list[int] | None) -> dict[int, dict]:
    queryset = RepositoryContributor.objects.filter(
        people_condition("user__"), repository__in=project_repositories(project_ids)
    )
    return _grouped(queryset, "repository__project_id", contributors_count=Count("user_id", distinct=True))


def _issue_figures(project_ids: list[int] | None) -> dict[int, dict]:
    queryset = Issue.objects.filter(repository__in=project_repositories(project_ids), state=IssueState.OPEN)
    return _grouped(
        queryset,
        "repository__project_id",
        open_issues_count=Count("id"),
        unanswered_issues_count=Count("id", filter=Q(comments_count=0)),
        unassigned_issues_count=Count("id", filter=Q(assignee__isnull=True)),
    )


def _pull_request_figures(project_ids: list[int] | None) -> dict[int, dict]:
    queryset = PullRequest.objects.filter(repository__in=project_repositories(project_ids))
    return _grouped(
        queryset,
        "repository__project_id",
        pull_requests_count=Count("id"),
        open_pull_requests_count=Count("id", filter=Q(state=IssueState.OPEN)),
        last_pull_request_at=Max("created_at"),
    )


def _release_figures(project_ids: list[int] | None) -> dict[int, dict]:
    queryset = Release.objects.filter(repository__in=project_repositories(project_ids), is_draft=False)
    return _grouped(
        queryset,
        "repository__project_id",
        releases_count=Count("id"),
        last_released_at=Max("published_at"),
    )


def _commit_figures(project_ids: list[int] | None) -> dict[int, dict]:
    # The newest commit of each repository is one probe of the (repository, -authored_at) index, far
    # cheaper than a MAX over every commit of every project.
    newest = Commit.objects.filter(repository=OuterRef("pk")).order_by("-authored_at").values("authored_at")[:1]
    queryset = project_repositories(project_ids).annotate(newest_commit=Subquery(newest))
    return _grouped(queryset, "project_id", last_committed_at=Max("newest_commit"))


def _leader_figures(project_ids: list[int]) -> dict[int, dict]:
    return _grouped(Leader.objects.filter(page_id__in=project_ids), "page_id", leaders_count=Count("id"))


def compute_project_figures(project_ids: Iterable[int] | None = None) -> dict[int, dict]:
    """Every figure of the given projects (all project pages when None), keyed by project id."""
    scope = None if project_ids is None else list(project_ids)
    ids = scope if scope is not None else list(ProjectPage.objects.values_list("id", flat=True))
    figures: dict[int, dict] = {
        project_id: {**dict.fromkeys(COUNT_FIELDS, 0), **dict.fromkeys(DATE_FIELDS), "languages": {}, "licenses": []}
        for project_id in ids
    }
    sources = (
        _repository_figures(scope),
        _language_figures(scope),
        _contributor_figures(scope),
        _issue_figures(scope),
        _pull_request_figures(scope),
        _release_figures(scope),
        _commit_figures(scope),
        _leader_figures(ids),
    )
    for rows in sources:
        for project_id, values in rows.items():
            if project_id in figures:
                figures[project_id].update({key: value for key, value in values.items() if value is not None})
    return figures


def refresh_project_figures(project_ids: Iterable[int] | None = None) -> FiguresReport:
    """Recompute and upsert the figures of the given projects (all project pages when None)."""
    figures = compute_project_figures(project_ids)
    now = timezone.now()
    rows = [ProjectFigures(project_id=project_id, refreshed_at=now, **values) for project_id, values in figures.items()]
    compared = UPDATE_FIELDS[:-1]  # every figure but refreshed_at
    stored = ProjectFigures.objects.filter(project_id__in=list(figures)).values_list("project_id", *compared)
    before = {project_id: list(values) for project_id, *values in stored}
    moved = [pid for pid, values in figures.items() if before.get(pid) != [values[name] for name in compared]]
    # bulk_create writes all its batches in one transaction of its own; listeners hear of it once it committed.
    ProjectFigures.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["project"], update_fields=UPDATE_FIELDS
    )
    changes.record("figures", moved, sender=ProjectFigures)
    return FiguresReport(projects=len(rows), with_repositories=sum(1 for row in rows if row.repositories_count))


def figures_unknown_reason(github_synced_reason: str, repositories_linked: int | None) -> str:
    """Why a project's GitHub figures (stars, forks, contributors, open issues, health) are unknown, '' when
    they are known: GitHub was never synced (``github_synced_reason``, the GitHub status's reason), or no
    repository of the project was synced (``repositories_linked``: its figures' repository count, None when
    never computed). A page and an API show such a figure as unknown with this reason, never as 0."""
    if github_synced_reason:
        return github_synced_reason
    if not repositories_linked:
        return gettext("No repository linked to this project")
    return ""
