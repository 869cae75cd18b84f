"""Chapter records: chapters.json merged with each www-chapter-* repository, located with the gazetteer."""

from __future__ import annotations

from typing import Any

from apps.owasp.sources.base import RecordError
from apps.owasp.sources.common import Upstream, common_fields, first, repo_for, site_entries
from apps.owasp.sources.geo import gazetteer
from apps.owasp.sources.parsing import clean_text
from apps.owasp.sources.records import ChapterRecord, ReadResult

# Values OWASP's site uses where a region or country is not known.
PLACEHOLDERS = {"unknown", "needs website update", "n/a", "none", "tbd", "-"}


def read_chapters(upstream: Upstream) -> ReadResult:
    """One ChapterRecord per chapter listed in chapters.json; bad ones skipped with their reason."""
    result = ReadResult()
    label = upstream.site.label("chapters.json")
    for key, entry in site_entries(upstream, upstream.site.chapters, label, result):
        try:
            result.records.append(_chapter(upstream, key, entry, label))
        except RecordError as exc:
            result.skip(key, str(exc))
    return result


def _known(value: Any) -> str:
    text = clean_text(value)
    return "" if text.lower() in PLACEHOLDERS else text


def _coordinate(value: Any, limit: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 6) if -limit <= number <= limit else None


def _chapter(upstream: Upstream, key: str, entry: dict, label: str) -> ChapterRecord:
    repo = repo_for(upstream, key)
    front = repo.front if repo else {}
    meta = repo.metadata if repo else {}
    location = meta.get("location") if isinstance(meta.get("location"), dict) else {}
    fields = common_fields(upstream, key, entry, repo, label)

    country = _known(first(front.get("country"), location.get("country"), entry.get("country")))
    region = _known(first(front.get("region"), location.get("region"), entry.get("region")))
    city = _known(location.get("city"))
    postal_code = clean_text(first(front.get("postal-code"), location.get("postal_code")))[:40]
    latitude = _coordinate(location.get("latitude"), 90)
    longitude = _coordinate(location.get("longitude"), 180)
    precision = "exact" if latitude is not None and longitude is not None else ""
    if not precision:
        places = gazetteer()
        place = places.locate(name=fields["name"], city=city, country=country, postal_code=postal_code, region=region)
        if place:
            latitude, longitude, precision = round(place.latitude, 6), round(place.longitude, 6), place.precision
            city = city or place.city
            # The city placed the chapter, so it also names the country the upstream data left out.
            country = country or places.country_name(place.country_code)
        else:
            latitude = longitude = None
    return ChapterRecord(
        **fields,
        country=country[:100],
        region=region[:100],
        city=city[:100],
        postal_code=postal_code,
        latitude=latitude,
        longitude=longitude,
        location_precision=precision,
        meetup_group=clean_text(first(front.get("meetup-group"), meta.get("meetup_group"), entry.get("meetup-group")))[
            :200
        ],
    )
