"""Events: upcoming and past by category, and the iCal feed's rows."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from cms.models import EventPage
from theme.cache import cached
from theme.selectors.common import clean_text, paginate

LIST_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "pitch",
    "category",
    "start_date",
    "end_date",
    "dates_text",
    "location",
    "website",
    "last_synced_at",
    "latest_revision_created_at",
    "first_published_at",
)
FEED_SIZE = 200


def public_events() -> QuerySet:
    return EventPage.objects.live().public().filter(is_active=True)


@dataclass
class EventListing:
    upcoming: list
    past: object  # a paginator page
    categories: list[str]
    category: str
    synced_at: object


def event_listing(params) -> EventListing:
    """Upcoming events soonest first, past events newest first (paginated), optionally one category (5 queries)."""
    today = timezone.now().date()
    category = clean_text(params.get("category"))
    base = public_events()  # .public() reads the view restrictions once, here
    events = base.only(*LIST_FIELDS)
    if category:
        events = events.filter(category=category)
    upcoming = list(events.filter(start_date__gte=today).order_by("start_date", "title")[:50])
    past = events.exclude(start_date__gte=today).order_by("-start_date", "title")
    categories = cached(
        "event-categories",
        lambda: sorted(c for c in base.order_by().values_list("category", flat=True).distinct() if c),
    )
    synced_at = cached(
        "events-synced", lambda: base.order_by("-last_synced_at").values_list("last_synced_at", flat=True).first()
    )
    return EventListing(
        upcoming=upcoming,
        past=paginate(past, params.get("page"), per_page=20),
        categories=categories,
        category=category,
        synced_at=synced_at,
    )


def upcoming_events(limit: int = 5) -> list:
    today = timezone.now().date()
    return list(
        public_events().only(*LIST_FIELDS).filter(start_date__gte=today).order_by("start_date", "title")[:limit]
    )


def feed_events(category: str = "") -> list:
    """Events for the iCal feed: every dated event from a year ago on (1 query)."""
    since = timezone.now().date().replace(day=1).replace(year=timezone.now().year - 1)
    events = public_events().only(*LIST_FIELDS).filter(start_date__gte=since)
    if category:
        events = events.filter(category=category)
    return list(events.order_by("start_date", "title")[:FEED_SIZE])
