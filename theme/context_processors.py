"""What every template may show: whether GitHub data is there at all (so a GitHub figure is shown as unknown
rather than 0 when it is not), and whether the database holds demo data (a banner on every page)."""

from django.conf import settings

from apps.core.services.demo import is_demo_database
from apps.github.services.status import last_github_sync, status_at
from theme.cache import Fragment, cached_many
from theme.cache_groups import GITHUB


def _frame(request) -> tuple:
    """The last GitHub sync and the demo marker, cached like the pages, read in one round trip for both
    context processors and kept on the request."""
    try:
        return request._nest_frame
    except AttributeError:
        request._nest_frame = tuple(
            cached_many(
                Fragment("github-synced", last_github_sync, groups=(GITHUB,)),
                Fragment("demo-database", is_demo_database),
            )
        )
        return request._nest_frame


def github_status_of(request):
    """The request's GitHub status (its last sync cached until a GitHub sync changes something)."""
    return status_at(_frame(request)[0])


def github(request) -> dict:
    """``github``: the GitHub status (see ``github_status_of``)."""
    return {"github": github_status_of(request), "github_setup_url": settings.NEST_GITHUB_SETUP_URL}


def demo(request) -> dict:
    """``demo_mode``: the database is a demo one (``make demo``), read from its marker, cached like the pages."""
    return {"demo_mode": _frame(request)[1]}
