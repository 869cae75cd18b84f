"""SyncReport: what a sync run did, per entity: created, updated, unchanged, inactivated, skipped (with reasons)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
INACTIVATED = "inactivated"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, INACTIVATED)


@dataclass(frozen=True)
class Skip:
    entity: str
    key: str
    reason: str


@dataclass
class SyncReport:
    counts: dict[str, Counter] = field(default_factory=dict)
    skipped: list[Skip] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # whole sources or entities that could not be read
    warnings: list[str] = field(default_factory=list)  # optional files missing, and what sync did about it
    # Template placeholder text upstream left in (pitch, title, tag), dropped per entity and kind.
    placeholders: dict[str, Counter] = field(default_factory=dict)

    def add(self, entity: str, outcome: str) -> None:
        self.counts.setdefault(entity, Counter())[outcome] += 1

    def skip(self, entity: str, key: str, reason: str) -> None:
        self.counts.setdefault(entity, Counter())["skipped"] += 1
        self.skipped.append(Skip(entity, key, reason))

    def drop_placeholders(self, entity: str, counts: dict[str, int]) -> None:
        if counts:
            self.placeholders.setdefault(entity, Counter()).update(counts)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    @property
    def created(self) -> int:
        return self.total(CREATED)

    @property
    def updated(self) -> int:
        return self.total(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.total(UNCHANGED)

    @property
    def inactivated(self) -> int:
        return self.total(INACTIVATED)

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "inactivated": self.inactivated,
            "skipped": self.skipped_count,
            "by_entity": {entity: dict(counter) for entity, counter in self.counts.items()},
            "skipped_records": [{"entity": s.entity, "key": s.key, "reason": s.reason} for s in self.skipped],
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "placeholders_dropped": {entity: dict(counter) for entity, counter in self.placeholders.items()},
        }

    def summary_lines(self) -> list[str]:
        lines = [
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"inactivated {self.inactivated}, skipped {self.skipped_count}"
        ]
        for entity, counter in self.counts.items():
            parts = ", ".join(f"{outcome} {counter[outcome]}" for outcome in (*OUTCOMES, "skipped") if counter[outcome])
            lines.append(f"  {entity}: {parts or 'nothing'}")
        kinds = sorted({kind for counter in self.placeholders.values() for kind in counter})
        if kinds:
            lines.append("Placeholders dropped:")
        for kind in kinds:
            by_entity = {entity: counter[kind] for entity, counter in self.placeholders.items() if counter[kind]}
            parts = ", ".join(f"{entity} {count}" for entity, count in by_entity.items())
            lines.append(f"  {kind}: {sum(by_entity.values())} ({parts})")
        if self.skipped:
            lines.append("Skipped records:")
            lines.extend(f"  {s.entity} {s.key}: {s.reason}" for s in self.skipped)
        if self.warnings:
            lines.append("Warnings:")
            lines.extend(f"  {warning}" for warning in self.warnings)
        if self.errors:
            lines.append("Errors:")
            lines.extend(f"  {error}" for error in self.errors)
        return lines
