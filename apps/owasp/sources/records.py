"""Validated upstream records. Readers build them; the sync turns them into pages and snippets.

``values()`` gives each record's synced fields in the normalised form kept in ``synced_values`` (dates as ISO
strings, leaders and links as lists of rows), so the sync compares like with like.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True)
class LeaderRecord:
    name: str
    email: str = ""
    github_login: str = ""
    role: str = ""  # as written beside the name in leaders.md ("Chair", "Board Member")

    def row(self) -> list[str]:
        return [self.name, self.email, self.github_login, self.role]


@dataclass(frozen=True, kw_only=True)
class LinkRecord:
    url: str
    title: str = ""
    kind: str = "link"  # "repository" or "link"
    section: str = ""

    def row(self) -> list[str]:
        return [self.url, self.title, self.kind, self.section]


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(kw_only=True)
class EntityRecord:
    """What OWASP's data says about one project, chapter, committee or event."""

    key: str  # the stable upstream key, e.g. www-project-juice-shop
    title: str
    name: str = ""
    pitch: str = ""
    description_html: str = ""
    tags: list[str] = field(default_factory=list)
    website: str = ""
    source_repository: str = ""
    created_on: datetime.date | None = None
    updated_on: datetime.date | None = None
    leaders: list[LeaderRecord] = field(default_factory=list)
    is_active: bool = True
    sources: list[str] = field(default_factory=list)  # provenance labels, most specific last
    placeholders: list[str] = field(default_factory=list)  # kinds of template placeholder text dropped

    @property
    def source_label(self) -> str:
        return " + ".join(self.sources)[:500]

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "name": self.name,
            "pitch": self.pitch,
            "description": self.description_html,
            "tags": list(self.tags),
            "website": self.website,
            "source_repository": self.source_repository,
            "created_on": _iso(self.created_on),
            "updated_on": _iso(self.updated_on),
            "leaders": [leader.row() for leader in self.leaders],
        }


@dataclass(kw_only=True)
class ProjectRecord(EntityRecord):
    level: str = "unknown"
    project_type: str = "other"
    licenses: list[str] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        return super().values() | {
            "level": self.level,
            "project_type": self.project_type,
            "licenses": list(self.licenses),
            "links": [link.row() for link in self.links],
        }


@dataclass(kw_only=True)
class ChapterRecord(EntityRecord):
    country: str = ""
    region: str = ""
    city: str = ""
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    location_precision: str = ""
    meetup_group: str = ""

    def values(self) -> dict[str, Any]:
        return super().values() | {
            "country": self.country,
            "region": self.region,
            "city": self.city,
            "postal_code": self.postal_code,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "location_precision": self.location_precision,
            "meetup_group": self.meetup_group,
        }


@dataclass(kw_only=True)
class CommitteeRecord(EntityRecord):
    pass


@dataclass(kw_only=True)
class EventRecord(EntityRecord):
    category: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    dates_text: str = ""
    location: str = ""

    def values(self) -> dict[str, Any]:
        return super().values() | {
            "category": self.category,
            "start_date": _iso(self.start_date),
            "end_date": _iso(self.end_date),
            "dates_text": self.dates_text,
            "location": self.location,
        }


@dataclass(kw_only=True)
class SponsorRecord:
    key: str
    name: str
    sortname: str = ""
    sponsor_tier: str = "none"
    member_tier: str = "none"
    image_url: str = ""
    url: str = ""
    job_url: str = ""
    description: str = ""
    is_active: bool = True
    sources: list[str] = field(default_factory=list)

    @property
    def source_label(self) -> str:
        return " + ".join(self.sources)[:500]

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sortname": self.sortname,
            "sponsor_tier": self.sponsor_tier,
            "member_tier": self.member_tier,
            "image_url": self.image_url,
            "url": self.url,
            "job_url": self.job_url,
            "description": self.description,
        }


@dataclass(frozen=True)
class SkippedRecord:
    """An upstream record that could not be used, with the reason."""

    key: str
    reason: str


@dataclass
class ReadResult:
    """What a reader found: usable records, skipped ones, and every key listed upstream (even if skipped)."""

    records: list = field(default_factory=list)
    skipped: list[SkippedRecord] = field(default_factory=list)
    listed_keys: set[str] = field(default_factory=set)
    # Files the source lacked: the list may be incomplete, so nothing is marked inactive for being absent.
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def skip(self, key: str, reason: str) -> None:
        self.skipped.append(SkippedRecord(key, reason))

    def placeholder_counts(self) -> dict[str, int]:
        """How many template placeholders of each kind were dropped ("pitch": 222, "tag": 10, …)."""
        counts: dict[str, int] = {}
        for record in self.records:
            for kind in getattr(record, "placeholders", ()):
                counts[kind] = counts.get(kind, 0) + 1
        return dict(sorted(counts.items()))
