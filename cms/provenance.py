"""Per-field provenance of synced records: which fields come from sync, which an editor overrode.

A synced field's value is compared in a normalised, JSON-friendly form (dates as ISO strings, child relations
as lists of rows) with ``synced_values[field]``, the value sync last wrote. The same (see :func:`same`): the field
follows sync. Different (or listed in ``overridden_fields``): an editor owns it and sync leaves it alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from wagtail.fields import RichTextField

from cms import richtext

SYNCED = "synced"
OVERRIDDEN = "overridden"
NOT_SYNCED = "not synced yet"


def normalise_scalar(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        return [normalise_scalar(item) for item in value]
    if isinstance(value, list):
        return [normalise_scalar(item) for item in value]
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def relation_spec(instance_or_model, name: str) -> tuple[str, ...] | None:
    """The columns compared for a synced child relation (e.g. leaders), or None for a plain field."""
    return getattr(instance_or_model, "synced_relations", {}).get(name)


def current_value(instance: models.Model, name: str) -> Any:
    """The field's current value in the normalised form stored in ``synced_values``."""
    columns = relation_spec(instance, name)
    if columns is not None:
        return [[normalise_scalar(getattr(row, column)) for column in columns] for row in getattr(instance, name).all()]
    return normalise_scalar(getattr(instance, name))


EMPTY = (None, "", [])


def _is_rich_text(instance_or_model, name: str) -> bool:
    try:
        return isinstance(instance_or_model._meta.get_field(name), RichTextField)
    except FieldDoesNotExist:
        return False


def same(instance_or_model, name: str, first: Any, second: Any) -> bool:
    """Whether two normalised values of a synced field say the same thing.

    Empty equals empty (a blank field saved by a form is not an edit of a missing value), and rich text is
    compared as the editor's own round trip renders it, so an untouched save in the admin, which re-encodes the
    description, does not look like an editor's change.
    """
    if first == second:
        return True
    if first in EMPTY and second in EMPTY:
        return True
    if _is_rich_text(instance_or_model, name) and isinstance(first or "", str) and isinstance(second or "", str):
        return richtext.comparable(first or "") == richtext.comparable(second or "")
    return False


def assign_value(instance: models.Model, name: str, value: Any) -> None:
    """Set a field (or rebuild a child relation) from its normalised value, keeping matching rows' ids."""
    columns = relation_spec(instance, name)
    if columns is None:
        field = instance._meta.get_field(name)
        if value is not None and isinstance(field, models.DateTimeField):
            value = datetime.datetime.fromisoformat(value)
        elif value is not None and isinstance(field, models.DateField):
            value = datetime.date.fromisoformat(value)
        setattr(instance, name, value)
        return
    manager = getattr(instance, name)
    model = manager.model
    existing = {tuple(str(getattr(row, column) or "") for column in columns[:2]): row for row in manager.all()}
    rows = []
    for order, values in enumerate(value or []):
        row = existing.pop(tuple(str(v or "") for v in values[:2]), None) or model()
        for column, column_value in zip(columns, values, strict=False):
            setattr(row, column, column_value)
        row.sort_order = order
        rows.append(row)
    setattr(instance, name, rows)


@dataclass(frozen=True)
class FieldState:
    name: str
    label: str
    state: str


def field_label(instance: models.Model, name: str) -> str:
    try:
        return str(instance._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a child relation's accessor name is not a field
        return name.replace("_", " ")


def is_overridden(instance: models.Model, name: str) -> bool:
    if name in (instance.overridden_fields or []):
        return True
    synced = instance.synced_values or {}
    return name in synced and not same(instance, name, current_value(instance, name), synced[name])


def field_states(instance: models.Model) -> list[FieldState]:
    """Every synced field with whether it follows sync, is overridden by an editor, or was never synced."""
    synced = instance.synced_values or {}
    states = []
    for name in instance.synced_fields:
        if is_overridden(instance, name):
            state = OVERRIDDEN
        elif name in synced:
            state = SYNCED
        else:
            state = NOT_SYNCED
        states.append(FieldState(name, field_label(instance, name), state))
    return states


def overridden_field_names(instance: models.Model) -> list[str]:
    return [name for name in instance.synced_fields if is_overridden(instance, name)]


def hand_back(instance: models.Model, names: list[str]) -> list[str]:
    """Give fields back to sync: restore the value sync last wrote and stop treating them as overridden."""
    synced = instance.synced_values or {}
    handed = []
    for name in names:
        if name not in instance.synced_fields:
            continue
        if name in synced:
            assign_value(instance, name, synced[name])
        instance.overridden_fields = [field for field in (instance.overridden_fields or []) if field != name]
        handed.append(name)
    return handed
