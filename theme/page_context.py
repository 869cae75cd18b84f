"""What each Wagtail page's template shows beyond its own fields: its listing or its detail.

Registered with ``cms.presentation`` when the site starts, so a page's ``get_context`` gets it without cms
importing the site. Each provider asks the domain's querysets, FilterSets and services (through the site's
selectors) and tells the page cache which groups of data the page shows and which validated parameters it
used.
"""

from functools import wraps

from apps.github.services.leaders import page_leaders
from cms.models import (
    ChapterIndexPage,
    ChapterPage,
    CommitteeIndexPage,
    CommitteePage,
    EventIndexPage,
    EventPage,
    HomePage,
    ProjectIndexPage,
    ProjectPage,
)
from cms.presentation import provides as register
from theme.cache import cached, depends_on, describe_page
from theme.cache_groups import groups_of_page
from theme.context_processors import github_status_of
from theme.selectors.chapters import chapter_detail, chapter_listing
from theme.selectors.events import event_listing
from theme.selectors.home import home_summary
from theme.selectors.projects import project_detail, project_health, project_listing


def provides(*models):
    """Register a provider that first names the page's groups to the page cache (before reading any data)."""

    def decorate(provider):
        @wraps(provider)
        def provide(page, request) -> dict:
            depends_on(request, *groups_of_page(page))
            context = provider(page, request)
            if hasattr(page, "slack_channels"):  # OWASP pages: the Slack channels staff confirmed (apps.slack)
                context.setdefault("slack_channels", page.slack_channels.shown())
            return context

        return register(*models)(provide)

    return decorate


@provides(HomePage)
def home(page, request) -> dict:
    return {"summary": home_summary()}


@provides(ProjectIndexPage)
def projects(page, request) -> dict:
    listing = project_listing(request.GET)
    describe_page(request, listing.parameters)
    # The site's one search box (in the header) shows the words this list matches.
    return {"listing": listing, "search_query": listing.filters["q"]}


@provides(ChapterIndexPage)
def chapters(page, request) -> dict:
    listing = chapter_listing(request.GET)
    describe_page(request, listing.parameters)
    return {"listing": listing}


@provides(EventIndexPage)
def events(page, request) -> dict:
    listing = event_listing(request.GET)
    describe_page(request, listing.parameters)
    return {"listing": listing}


@provides(CommitteeIndexPage)
def committees(page, request) -> dict:
    rows = list(CommitteePage.objects.listed().child_of(page).with_public_leaders().by_name())
    return {"committees": rows, "synced_at": max((c.last_synced_at for c in rows if c.last_synced_at), default=None)}


@provides(ProjectPage)
def project(page, request) -> dict:
    # Its GitHub block (8 queries) kept until the project's own groups change, as its cached page is: shared by
    # every language and by signed-in visitors, whom the page cache does not serve.
    detail = cached("project-detail", lambda: project_detail(page), str(page.pk), groups=groups_of_page(page))
    return {"detail": detail, "project_health": project_health(detail["health"], github_status_of(request))}


@provides(ChapterPage)
def chapter(page, request) -> dict:
    return {"detail": chapter_detail(page)}


@provides(CommitteePage, EventPage)
def led_page(page, request) -> dict:
    return {"leaders": page_leaders(page.pk)}
