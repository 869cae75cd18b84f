"""Which fields sync owns, declared once per model: ``SyncedField(model field, upstream record attribute)``.

A synced model lists them in ``synced_map``; its ``synced_fields`` and ``synced_relations`` (what provenance
compares and hands back) are derived from that list, and so are the keys of the values the sync reads from an
upstream record (``apps.owasp.sync.field_map``), which also refuses a record attribute no entry maps.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SyncedField:
    """A model field (or child relation) sync owns and the upstream record attribute that feeds it.

    ``columns``: for a child relation (leaders, links), the row model's columns, in the order sync compares them;
    each upstream row is read by the same attribute names.
    """

    field: str
    upstream: str = ""
    columns: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return self.upstream or self.field

    @property
    def is_relation(self) -> bool:
        return bool(self.columns)


def field_names(synced_map: tuple[SyncedField, ...]) -> tuple[str, ...]:
    return tuple(entry.field for entry in synced_map)


def relations(synced_map: tuple[SyncedField, ...]) -> dict[str, tuple[str, ...]]:
    return {entry.field: entry.columns for entry in synced_map if entry.is_relation}
