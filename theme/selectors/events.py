"""Events: upcoming, to be announced and past by category, and the iCal feed's rows."""

from dataclasses import dataclass

from django.utils import timezone

from cms.filters import EventFilter
from cms.models import EventPage
from theme.cache import Fragment, PageParameters, cached_many
from theme.cache_groups import EVENTS
from theme.selectors.common import page_parameters, paginate

# What is said of an event wherever it is listed: in the lists and in the iCal feed.
EVENT_FIELDS = ("pitch", "category", "start_date", "end_date", "dates_text", "location", "website")
LIST_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    *EVENT_FIELDS,
    "last_synced_at",
    "latest_revision_created_at",
    "first_published_at",
)
# What the iCal feed writes of an event (read with ``values()``: no page instances for a feed of 200).
FEED_FIELDS = ("id", "title", "url_path", *EVENT_FIELDS)
FEED_SIZE = 200
PAST_PAGE_SIZE = 20
UPCOMING_SHOWN = 50


@dataclass
class EventListing:
    upcoming: list
    undated: list  # dates to be announced
    past: object  # a paginator page
    categories: list[str]
    category: str
    filter: EventFilter
    parameters: PageParameters
    synced_at: object


def event_listing(params) -> EventListing:
    """Upcoming events soonest first, those whose dates are to be announced by name, past events newest first
    (paginated, forgiving), optionally of one category (see ``EventFilter``), 6 queries."""
    today = timezone.now().date()
    listing = EventFilter(params, queryset=EventPage.objects.listed().only(*LIST_FIELDS))
    events = listing.qs
    categories, synced_at, count = cached_many(
        Fragment("event-categories", lambda: EventPage.objects.listed().categories(), groups=(EVENTS,)),
        Fragment("events-synced", lambda: EventPage.objects.listed().newest_sync(), groups=(EVENTS,)),
        # The number of past events of the category, until the events or the day change.
        Fragment(
            "events-past-count",
            events.past(today).count,
            (today.isoformat(), listing.value("category")),
            groups=(EVENTS,),
        ),
    )
    if not listing.is_valid():
        count = None
    past = paginate(events.past(today), params.get("page"), per_page=PAST_PAGE_SIZE, count=count)
    return EventListing(
        upcoming=list(events.upcoming(today)[:UPCOMING_SHOWN]),
        undated=list(events.undated()[:UPCOMING_SHOWN]),
        past=past,
        categories=categories,
        category=listing.value("category"),
        filter=listing,
        parameters=page_parameters(listing, past),
        synced_at=synced_at,
    )


def upcoming_events(limit: int = 5) -> list:
    today = timezone.now().date()
    return list(EventPage.objects.listed().only(*LIST_FIELDS).upcoming(today)[:limit])


@dataclass
class EventFeed:
    events: list[dict]
    category: str
    filter: EventFilter
    parameters: PageParameters


def feed_events(params) -> EventFeed:
    """Events for the iCal feed, as rows of ``FEED_FIELDS`` (dicts): every dated event from a year ago on,
    optionally of one category (validated by ``EventFilter``; 1 query, none when the parameters are invalid)."""
    listing = EventFilter(params, queryset=EventPage.objects.listed())
    since = timezone.now().date().replace(day=1).replace(year=timezone.now().year - 1)
    events = list(listing.qs.upcoming(since).values(*FEED_FIELDS)[:FEED_SIZE]) if listing.is_valid() else []
    parameters = PageParameters.of(listing.filters, listing.normalized(), valid=listing.is_valid())
    return EventFeed(events=events, category=listing.value("category"), filter=listing, parameters=parameters)
