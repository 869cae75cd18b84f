"""Chapters: the filtered, paginated list, "near me", the map's GeoJSON and a chapter's detail."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Site

from apps.github.services.leaders import page_leaders
from cms.filters import ChapterFilter
from cms.models import ChapterPage, EventPage
from cms.models.chapters import PLACEHOLDER_REGIONS
from theme.cache import Fragment, PageParameters, cached_many
from theme.cache_groups import CHAPTERS
from theme.geo import resolve_city
from theme.selectors.common import page_parameters, paginate

LIST_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "name",
    "pitch",
    "country",
    "region",
    "city",
    "latitude",
    "longitude",
    "location_precision",
    "meetup_group",
    "last_synced_at",
    "sync_source",
    "path",
    "depth",
)


@dataclass
class ChapterListing:
    page: object
    filter: ChapterFilter
    regions: list[str]
    countries: list[str]
    filters: dict
    parameters: PageParameters
    near: str = ""
    near_error: str = ""
    synced_at: object = None
    total: int = 0
    unlocated: int = 0  # listed chapters the map cannot show


def chapter_listing(params) -> ChapterListing:
    """The chapters matching ``params`` (see ``ChapterFilter``: q, region, country, city or lat/lon for
    "near me"; ``located``; ``page`` is forgiving), 6 queries."""
    listing = ChapterFilter(params, queryset=ChapterPage.objects.listed().only(*LIST_FIELDS), geocode=resolve_city)
    queryset = listing.qs  # resolves the city, if any
    filters = {name: listing.value(name) for name in ("q", "region", "country", "city", "located")}
    origin = listing.origin_used
    near = ""
    if origin is not None:
        lat, lon = origin
        filters.update(lat=f"{lat:.4f}", lon=f"{lon:.4f}")
        place = listing.place
        near = f"{place.name} ({place.country_code})" if place else f"{lat:.2f}, {lon:.2f}"

    listed = ChapterPage.objects.listed()
    (regions, countries), synced_at, unlocated, count = cached_many(
        Fragment("chapter-options", lambda: chapter_options(listed), groups=(CHAPTERS,)),
        Fragment("chapters-synced", listed.newest_sync, groups=(CHAPTERS,)),
        Fragment("chapters-unlocated", listed.unlocated().count, groups=(CHAPTERS,)),
        # The count of each valid combination of filters, kept until the chapters change.
        Fragment(
            "chapters-count", queryset.count, (urlencode(sorted(listing.normalized().items())),), groups=(CHAPTERS,)
        ),
    )
    page = paginate(queryset, params.get("page"), count=count if listing.is_valid() else None)
    return ChapterListing(
        page=page,
        filter=listing,
        regions=regions,
        countries=countries,
        filters=filters,
        parameters=page_parameters(listing, page),
        near=near,
        near_error=listing.unknown_city,
        synced_at=synced_at,
        total=page.paginator.count,
        unlocated=unlocated,
    )


def chapter_options(chapters: QuerySet) -> tuple[list[str], list[str]]:
    """The regions and countries the filters offer (1 query)."""
    options = chapters.order_by().values_list("region", "country").distinct()
    regions = sorted({region for region, _ in options if region not in PLACEHOLDER_REGIONS})
    countries = sorted({country for _, country in options if country})
    return regions, countries


def chapters_geojson(site: Site | None = None) -> dict:
    """Every public chapter with coordinates as a GeoJSON FeatureCollection (1 query + the site root)."""
    site = site or Site.objects.select_related("root_page").get(is_default_site=True)
    root = site.root_page.url_path
    rows = (
        ChapterPage.objects.listed()
        .located()
        .by_name()
        .values_list("title", "url_path", "latitude", "longitude", "city", "country")
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {
                "name": title,
                "url": "/" + url_path[len(root) :] if url_path.startswith(root) else url_path,
                "place": ", ".join(part for part in (city, country) if part),
            },
        }
        for title, url_path, lat, lon, city, country in rows
    ]
    return {"type": "FeatureCollection", "features": features}


def chapter_detail(chapter: ChapterPage) -> dict:
    """A chapter's public leaders and its upcoming events (2 queries). An event is the chapter's when the sync
    read it from the chapter's repository (its key starts with the chapter's, or it names the same source
    repository), or when its title names the chapter ("OWASP London chapter meeting")."""
    today = timezone.now().date()
    upcoming = EventPage.objects.published().of_chapter(chapter).upcoming(today)
    return {
        "leaders": page_leaders(chapter.pk),
        "upcoming_events": list(
            upcoming.only("id", "title", "url_path", "start_date", "location", "path", "depth")[:5]
        ),
    }
