"""Chapters: the filtered, paginated list, "near me", the map's GeoJSON and a chapter's detail."""

import re
from dataclasses import dataclass, field

from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone
from wagtail.models import Site

from cms.models import ChapterPage, EventPage
from cms.selectors import public_leaders
from theme.cache import cached
from theme.geo import resolve_city
from theme.selectors.common import clean_float, clean_text, paginate

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
    "meetup_group",
    "last_synced_at",
    "sync_source",
    "path",
    "depth",
)
PLACEHOLDER_REGIONS = {"", "Unknown", "Needs Website Update"}


def public_chapters() -> QuerySet:
    return ChapterPage.objects.live().public().filter(is_active=True)


@dataclass
class ChapterListing:
    page: object
    regions: list[str]
    countries: list[str]
    filters: dict
    near: str = ""
    near_error: str = ""
    synced_at: object = None
    total: int = 0
    extra: dict = field(default_factory=dict)


def chapter_listing(params) -> ChapterListing:
    """The chapters matching ``params`` (q, region, country, city or lat/lon for "near me", page), 5 queries."""
    filters = {
        "q": clean_text(params.get("q")),
        "region": clean_text(params.get("region")),
        "country": clean_text(params.get("country")),
        "city": clean_text(params.get("city")),
    }
    base = public_chapters()  # .public() reads the view restrictions once, here
    queryset = base.only(*LIST_FIELDS)
    if filters["q"]:
        queryset = queryset.filter(title__icontains=filters["q"])
    if filters["region"]:
        queryset = queryset.filter(region=filters["region"])
    if filters["country"]:
        queryset = queryset.filter(country=filters["country"])

    near, near_error = "", ""
    lat = clean_float(params.get("lat"), low=-90, high=90)
    lon = clean_float(params.get("lon"), low=-180, high=180)
    if filters["city"] and (lat is None or lon is None):
        place = resolve_city(filters["city"])
        if place is None:
            near_error = filters["city"]
        else:
            lat, lon, near = place.latitude, place.longitude, f"{place.name} ({place.country_code})"
    elif lat is not None and lon is not None:
        near = f"{lat:.2f}, {lon:.2f}"
    if lat is not None and lon is not None and not near_error:
        filters.update(lat=f"{lat:.4f}", lon=f"{lon:.4f}")
        queryset = (
            queryset.filter(latitude__isnull=False, longitude__isnull=False)
            .annotate(distance_km=haversine_km(lat, lon))
            .order_by("distance_km", "title")
        )
    else:
        queryset = queryset.order_by("title", "id")

    regions, countries = cached("chapter-options", lambda: chapter_options(base))
    unfiltered = not any(filters.values()) and lat is None
    count = cached("chapters-count", queryset.count) if unfiltered else None
    page = paginate(queryset, params.get("page"), count=count)
    synced_at = cached(
        "chapters-synced", lambda: base.order_by("-last_synced_at").values_list("last_synced_at", flat=True).first()
    )
    return ChapterListing(
        page=page,
        regions=regions,
        countries=countries,
        filters=filters,
        near=near,
        near_error=near_error,
        synced_at=synced_at,
        total=page.paginator.count,
    )


def chapter_options(chapters: QuerySet) -> tuple[list[str], list[str]]:
    """The regions and countries the filters offer (1 query)."""
    options = chapters.order_by().values_list("region", "country").distinct()
    regions = sorted({region for region, _ in options if region not in PLACEHOLDER_REGIONS})
    countries = sorted({country for _, country in options if country})
    return regions, countries


def haversine_km(lat: float, lon: float):
    """Great-circle distance in km from (lat, lon) to each chapter, computed by PostgreSQL."""
    dlat = Radians(F("latitude") - Value(lat)) / 2
    dlon = Radians(F("longitude") - Value(lon)) / 2
    a = Power(Sin(dlat), 2) + Cos(Radians(Value(lat))) * Cos(Radians(F("latitude"))) * Power(Sin(dlon), 2)
    return Value(2 * 6371.0) * ASin(Least(Sqrt(a), Value(1.0), output_field=FloatField()))


def chapters_geojson(site: Site | None = None) -> dict:
    """Every public chapter with coordinates as a GeoJSON FeatureCollection (1 query + the site root)."""
    site = site or Site.objects.select_related("root_page").get(is_default_site=True)
    root = site.root_page.url_path
    rows = (
        public_chapters()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("title")
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
    events = EventPage.objects.live().public().filter(start_date__gte=today)
    condition = Q(title__iregex=rf"\m{re.escape(chapter.title)}\M")  # whole words: not "OWASP Londonderry"
    if chapter.owasp_key:
        condition |= Q(owasp_key__startswith=f"{chapter.owasp_key}-event-")
    if chapter.source_repository:
        condition |= Q(source_repository=chapter.source_repository)
    upcoming = events.filter(condition).order_by("start_date", "title")
    return {
        "leaders": list(public_leaders().filter(page_id=chapter.pk)),
        "upcoming_events": list(
            upcoming.only("id", "title", "url_path", "start_date", "location", "path", "depth")[:5]
        ),
    }
