"""What every template may show: whether GitHub data is there at all (so a GitHub figure is shown as unknown
rather than 0 when it is not), and whether the database holds demo data (a banner on every page)."""

from django.conf import settings

from apps.core.services.demo import is_demo_database
from apps.github.services.status import last_github_sync, status_at
from theme.cache import cached
from theme.cache_groups import GITHUB


def github(request) -> dict:
    """``github``: the GitHub status (its last sync cached until a GitHub sync changes something)."""
    return {
        "github": status_at(cached("github-synced", last_github_sync, groups=[GITHUB])),
        "github_setup_url": settings.NEST_GITHUB_SETUP_URL,
    }


def demo(request) -> dict:
    """``demo_mode``: the database is a demo one (``make demo``), read from its marker, cached like the pages."""
    return {"demo_mode": cached("demo-database", is_demo_database)}
