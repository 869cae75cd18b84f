"""Read an upstream record through its model's ``synced_map``, and refuse a record the map does not cover.

The values come in the normalised form kept in ``synced_values`` (dates as ISO strings, child rows as lists of
columns; see ``cms.provenance``), keyed by model field. A record attribute that no entry of the map names would
be silently dropped, so :func:`check_field_map` fails loudly instead: the entity modules call it at import, and
the sync again for each record type it meets.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from cms import provenance
from cms.field_map import SyncedField

# Record attributes that say where and whether a record is, not what it holds (and which placeholder texts the
# reader dropped): the sync uses them itself.
BOOKKEEPING = frozenset({"key", "is_active", "sources", "placeholders"})


@cache
def check_field_map(record_type: type, model: type) -> None:
    """Raise ImproperlyConfigured unless every data attribute of ``record_type`` feeds a field of ``model``
    and every entry of ``model.synced_map`` reads an attribute the record has."""
    attributes = {item.name for item in dataclasses.fields(record_type)} - BOOKKEEPING
    mapped = {entry.source for entry in model.synced_map}
    unmapped = sorted(attributes - mapped)
    unknown = sorted(mapped - attributes)
    if unmapped or unknown:
        problems = []
        if unmapped:
            problems.append(f"{record_type.__name__} attributes {unmapped} feed no field of {model.__name__}")
        if unknown:
            problems.append(f"{model.__name__}.synced_map reads {unknown}, which {record_type.__name__} lacks")
        raise ImproperlyConfigured("; ".join(problems) + ": declare each in the model's synced_map")
    for entry in model.synced_map:
        if not entry.is_relation:
            model._meta.get_field(entry.field)  # raises FieldDoesNotExist for a mapped field the model lacks


def _value(record: Any, entry: SyncedField) -> Any:
    value = getattr(record, entry.source)
    if entry.is_relation:
        return [[provenance.normalise_scalar(getattr(row, column)) for column in entry.columns] for row in value]
    return provenance.normalise_scalar(value)


def upstream_values(record: Any, model: type) -> dict[str, Any]:
    """``{model field: normalised upstream value}`` for every entry of the model's ``synced_map``."""
    check_field_map(type(record), model)
    return {entry.field: _value(record, entry) for entry in model.synced_map}
