"""The home page: what Nest holds, upcoming events, recent releases and issues for newcomers."""

from datetime import timedelta

from django.utils import timezone

from apps.github.models import Issue, IssueState, Release, User, UserType
from theme.selectors.chapters import public_chapters
from theme.selectors.contribute import newest_for_newcomers
from theme.selectors.events import upcoming_events
from theme.selectors.projects import public_projects

RECENT_RELEASE_DAYS = 90


def home_summary() -> dict:
    """Counts, 5 upcoming events, 5 recent releases and 5 newest newcomer issues (≈ 10 queries)."""
    since = timezone.now() - timedelta(days=RECENT_RELEASE_DAYS)
    releases = list(
        Release.objects.filter(is_draft=False, published_at__gte=since)
        .select_related("repository", "repository__project")
        .order_by("-published_at", "-id")[:5]
    )
    return {
        "counts": {
            "projects": public_projects().count(),
            "chapters": public_chapters().count(),
            "contributors": User.objects.filter(type=UserType.USER).count(),
            "open_issues": Issue.objects.filter(state=IssueState.OPEN).count(),
        },
        "events": upcoming_events(5),
        "releases": releases,
        "issues": newest_for_newcomers(5),
        "synced_at": public_projects().order_by("-last_synced_at").values_list("last_synced_at", flat=True).first(),
    }
