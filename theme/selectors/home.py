"""The home page: what Nest holds, upcoming events, recent releases and issues for newcomers."""

from django.db import connection
from django.db.models import Sum

from apps.github.models import ProjectFigures, Release, User
from cms.models import ChapterPage, ProjectPage
from theme.cache import cached
from theme.selectors.contribute import newest_for_newcomers
from theme.selectors.events import upcoming_events

RELEASES_SHOWN = 5


def site_counts() -> dict:
    """Listed projects and chapters, GitHub contributors and open issues of the projects' repositories
    (4 counts)."""
    return {
        "projects": ProjectPage.objects.listed().count(),
        "chapters": ChapterPage.objects.listed().count(),
        "contributors": User.objects.count(),
        "open_issues": ProjectFigures.objects.aggregate(total=Sum("open_issues_count"))["total"] or 0,
    }


def recent_releases(limit: int = RELEASES_SHOWN) -> list[Release]:
    """The newest release of each of the projects that released last (2 queries): the projects come from
    their precomputed figures, each one's newest release from the (repository, published_at) index."""
    table, repositories = Release._meta.db_table, "github_repository"
    sql = f"""
        SELECT newest.id FROM (
            SELECT project_id FROM {ProjectFigures._meta.db_table}
            WHERE last_released_at IS NOT NULL ORDER BY last_released_at DESC LIMIT %s
        ) AS figures
        CROSS JOIN LATERAL (
            SELECT r.id, r.published_at FROM {repositories} repo
            CROSS JOIN LATERAL (
                SELECT id, published_at FROM {table}
                WHERE repository_id = repo.id AND NOT is_draft AND published_at IS NOT NULL
                ORDER BY published_at DESC LIMIT 1
            ) AS r
            WHERE repo.project_id = figures.project_id AND NOT repo.is_gone
            ORDER BY r.published_at DESC LIMIT 1
        ) AS newest
        ORDER BY newest.published_at DESC
    """  # noqa: S608 - table names are the models'; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit])
        ids = [row[0] for row in cursor.fetchall()]
    rows = Release.objects.filter(pk__in=ids).select_related("repository", "repository__project")
    by_id = {release.pk: release for release in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def home_summary() -> dict:
    """Counts (cached until the data changes), 5 upcoming events, 5 recent releases, 5 newcomer issues."""
    return {
        "counts": cached("home-counts", site_counts),
        "events": upcoming_events(5),
        "releases": recent_releases(),
        "issues": newest_for_newcomers(5),
        "synced_at": cached("projects-synced", lambda: ProjectPage.objects.listed().newest_sync()),
    }
