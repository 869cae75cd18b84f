"""Fast bulk writes for the generator: PostgreSQL COPY of model rows, id reservation, and dropping a table's
plain indexes during a load (rebuilt afterwards from their own definitions, under the same names).

Rows are dicts keyed by field ``attname`` (``repository_id``); a field a row leaves out gets the field's
default, so a column added to a model later still loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import IntegrityError, OperationalError, ProgrammingError, connection, models, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb


def _column_defaults(fields: list[models.Field]) -> list:
    now = timezone.now()
    defaults = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults.append(now)
        else:
            defaults.append(field.get_default())
    return defaults


def copy_rows(
    model: type[models.Model],
    rows: Iterable[dict],
    *,
    skip: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
    every: int = 10_000,
) -> int:
    """COPY ``rows`` into the model's own table (its local columns only: a multi-table child's parent rows
    are written separately). Fields named in ``skip`` (e.g. a serial ``id``) are left to the database.

    ``rows`` may be a generator, consumed while COPY runs: it must not query the database itself.
    """
    skipped = set(skip)
    fields = [field for field in model._meta.local_concrete_fields if field.attname not in skipped]
    names = [field.attname for field in fields]
    defaults = _column_defaults(fields)
    json_columns = [index for index, field in enumerate(fields) if isinstance(field, models.JSONField)]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = [row.get(name, default) for name, default in zip(names, defaults, strict=True)]
            for index in json_columns:
                values[index] = Jsonb(values[index])
            copy.write_row(values)
            count += 1
            if progress and count % every == 0:
                progress(every)
    if progress and count % every:
        progress(count % every)
    return count


def copy_tuples(model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY plain tuples into the given columns of the model's table (for many-to-many links)."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` ids from the model's serial sequence, so rows can be written with their ids known."""
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count])
        return [row[0] for row in cursor.fetchall()]


def next_free_id(model: type[models.Model], floor: int) -> int:
    """The first id above every id of the model's table, and at least ``floor`` (GitHub-like ids)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(MAX({connection.ops.quote_name(model._meta.pk.column)}), 0) "  # noqa: S608 - quoted names from the model
            f"FROM {connection.ops.quote_name(model._meta.db_table)}"
        )
        (highest,) = cursor.fetchone()
    return max(highest + 1, floor)


def plain_indexes(table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that back no constraint (primary key, unique)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = %s
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            ORDER BY i.indexname
            """,
            [table],
        )
        return cursor.fetchall()


@contextmanager
def indexes_dropped(*models_: type[models.Model]) -> Iterator[list[str]]:
    """Drop the models' plain indexes for a bulk load and recreate them, with the same definitions and
    names, when it ends. Inside a transaction: a failed load rolls the drop back too."""
    saved = [index for model in models_ for index in plain_indexes(model._meta.db_table)]
    with connection.cursor() as cursor:
        for name, _ in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield [name for name, _ in saved]
    with connection.cursor() as cursor:
        # Django's foreign keys are deferred; PostgreSQL builds no index on a table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, definition in saved:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def foreign_key_triggers_off() -> Iterator[bool]:
    """Skip PostgreSQL's per-row foreign-key triggers during a bulk load; yields whether they are off.

    The caller then checks each loaded table once with ``check_foreign_keys`` (one anti-join per foreign key:
    seconds, not minutes, for millions of rows). Needs a superuser (``session_replication_role``); for any
    other role the per-row checks stay on and this yields False. Inside a transaction only.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except (ProgrammingError, OperationalError):
        yield False
        return
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def check_foreign_keys(model: type[models.Model]) -> None:
    """Raise ``IntegrityError`` when a row of the model's table names a row that does not exist."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    for field in model._meta.local_concrete_fields:
        if not field.is_relation or not field.db_constraint:
            continue
        target, column = field.target_field, quote(field.column)
        parent = quote(target.model._meta.db_table)
        sql = (
            f"SELECT COUNT(*) FROM {table} c WHERE c.{column} IS NOT NULL AND NOT EXISTS ("  # noqa: S608 - quoted names from the models
            f"SELECT 1 FROM {parent} p WHERE p.{quote(target.column)} = c.{column})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            (dangling,) = cursor.fetchone()
        if dangling:
            raise IntegrityError(
                f"{dangling} rows of {model._meta.db_table}.{field.column} name no {target.model.__name__}"
            )


def analyze(*models_: type[models.Model]) -> None:
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
