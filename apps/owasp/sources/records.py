"""Validated upstream records. Readers build them; the sync turns them into pages and snippets.

Which model field each attribute feeds is declared once, by the model (``synced_map``); the sync refuses a
record with an attribute no model field takes (``apps.owasp.sync.field_map``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class LeaderRecord:
    name: str
    email: str = ""
    github_login: str = ""
    role: str = ""  # as written beside the name in leaders.md ("Chair", "Board Member")


@dataclass(frozen=True, kw_only=True)
class LinkRecord:
    url: str
    title: str = ""
    kind: str = "link"  # "repository" or "link"
    section: str = ""


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


@dataclass(kw_only=True)
class ProjectRecord(EntityRecord):
    level: str = "unknown"
    project_type: str = "other"
    licenses: list[str] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)


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


@dataclass(kw_only=True)
class StaffRecord:
    """A row of the site's staff.yml: a member of the Foundation's staff, or a position it lists as vacant."""

    key: str
    name: str
    title: str = ""
    location: str = ""
    email: str = ""  # the site's contact address for the role: kept for editors, never shown by Nest
    image_url: str = ""
    description: str = ""
    position: int = 0  # where staff.yml lists the row (1 first): the order the site shows them in
    is_vacant: bool = False
    is_active: bool = True
    sources: list[str] = field(default_factory=list)

    @property
    def source_label(self) -> str:
        return " + ".join(self.sources)[:500]


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
