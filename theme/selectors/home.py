"""The home page: what Nest holds, upcoming events, recent releases and issues for newcomers."""

from django.utils import timezone

from apps.github.services.releases import recent_releases
from apps.github.services.stats import site_stats
from cms.models import ProjectPage
from theme.cache import Fragment, cached_many
from theme.cache_groups import HOME, PROJECTS
from theme.selectors.contribute import newest_for_newcomers
from theme.selectors.events import upcoming_events

RELEASES_SHOWN = 5


def home_summary() -> dict:
    """Counts, 5 upcoming events, 5 recent releases, 5 newcomer issues and the last sync, kept in the cache
    until the data they show changes (every change of projects, chapters, events, committees and GitHub data
    bumps the home page's group) or the day does (1 round trip to the cache when warm)."""
    today = timezone.now().date().isoformat()
    counts, events, releases, issues, synced_at = cached_many(
        Fragment("home-counts", site_stats, groups=(HOME,)),
        Fragment("home-events", lambda: upcoming_events(5), (today,), groups=(HOME,)),
        Fragment("home-releases", lambda: recent_releases(RELEASES_SHOWN), groups=(HOME,)),
        Fragment("home-issues", lambda: newest_for_newcomers(5), (today,), groups=(HOME,)),
        Fragment("projects-synced", lambda: ProjectPage.objects.listed().newest_sync(), groups=(PROJECTS,)),
    )
    return {"counts": counts, "events": events, "releases": releases, "issues": issues, "synced_at": synced_at}
