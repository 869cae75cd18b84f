"""The home page: what Nest holds, upcoming events, recent releases and issues for newcomers."""

from django.db.models import Sum

from apps.github.models import ProjectFigures, User
from apps.github.services.releases import recent_releases
from cms.models import ChapterPage, ProjectPage
from theme.cache import cached
from theme.cache_groups import HOME, PROJECTS
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


def home_summary() -> dict:
    """Counts (cached until the data changes), 5 upcoming events, 5 recent releases, 5 newcomer issues."""
    return {
        "counts": cached("home-counts", site_counts, groups=[HOME]),
        "events": upcoming_events(5),
        "releases": recent_releases(RELEASES_SHOWN),
        "issues": newest_for_newcomers(5),
        "synced_at": cached("projects-synced", lambda: ProjectPage.objects.listed().newest_sync(), groups=[PROJECTS]),
    }
