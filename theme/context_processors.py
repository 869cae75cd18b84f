"""What every template may show: whether GitHub data is there at all (so a GitHub figure is shown as unknown
rather than 0 when it is not)."""

from django.conf import settings

from apps.github.services.status import last_github_sync, status_at
from theme.cache import cached


def github(request) -> dict:
    """``github``: the GitHub status (its last sync cached until the site data changes)."""
    return {
        "github": status_at(cached("github-synced", last_github_sync)),
        "github_setup_url": settings.NEST_GITHUB_SETUP_URL,
    }
