"""Bulk writes for the data generator: PostgreSQL's COPY, bulk_create elsewhere.

`generate_data` writes hundreds of thousands of rows; an INSERT of 2,000 rows at a time through
bulk_create reached about 440 reports a second on PostgreSQL. COPY sends the rows as one stream
and skips the statement per batch. The rows get their primary keys before they are written
(`reserve_ids`: from the table's own sequence on PostgreSQL, after the largest key elsewhere), so
the generator can point rows at each other before either is written: foreign keys are checked at
commit (Django makes them DEFERRABLE INITIALLY DEFERRED on PostgreSQL and SQLite).

Triggers fire on COPY as on INSERT: the search vector (migration 0028) and the append-only guard
of the status history work as for any other write. Development and benchmarks only.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models

# Fields whose Python value PostgreSQL takes as it is (psycopg adapts it); any other field's
# value goes through the field's get_db_prep_save.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,
    models.DecimalField,
    models.ForeignKey,
    models.AutoField,
    models.BigAutoField,
)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for `model`'s rows, in increasing order, that nothing else takes.

    On PostgreSQL they are taken from the table's sequence (no other writer gets them); elsewhere
    they follow the largest key in the table, which the caller's transaction then holds (SQLite
    has one writer at a time)."""
    if count <= 0:
        return []
    table, column = model._meta.db_table, str(model._meta.pk.column)
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        quoted = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quoted(column)}) FROM {quoted(table)}")
        last = cursor.fetchone()[0] or 0
    return list(range(last + 1, last + 1 + count))


def with_ids(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Give every object of `objs` without a primary key one (reserve_ids)."""
    missing = [obj for obj in objs if obj.pk is None]
    for obj, pk in zip(missing, reserve_ids(model, len(missing)), strict=True):
        obj.pk = pk


def _columns(model: type[models.Model]) -> list[tuple[str, str, Callable[[Any], Any]]]:
    """(column, attname, to_db) of each column COPY writes; the search vectors are left to their
    trigger."""
    columns = []
    for field in model._meta.concrete_fields:
        if isinstance(field, SearchVectorField):
            continue
        if isinstance(field, _PLAIN) and not field.choices:
            to_db: Callable[[Any], Any] = _plain
        elif isinstance(field, _PLAIN):
            to_db = _choice
        else:
            to_db = _prepare(field)
        columns.append((str(field.column), field.attname, to_db))
    return columns


def _plain(value: Any) -> Any:
    return value


def _choice(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _prepare(field: models.Field) -> Callable[[Any], Any]:
    def to_db(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    return to_db


def write(model: type[models.Model], objs: Sequence[models.Model], *, batch_size: int) -> None:
    """Insert `objs` (each with its primary key already, see with_ids): COPY on PostgreSQL,
    bulk_create in batches of `batch_size` elsewhere. Fields that a default fills are written
    as the object holds them, as bulk_create does."""
    if not objs:
        return
    if not is_postgresql():
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return
    columns = _columns(model)
    names = ", ".join(connection.ops.quote_name(column) for column, _, _ in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for obj in objs:
            copy.write_row([to_db(getattr(obj, attname)) for _, attname, to_db in columns])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


@contextlib.contextmanager
def indexes_rebuilt(
    models_: Sequence[type[models.Model]], *, enabled: bool = True
) -> Iterator[None]:
    """On PostgreSQL, drop the foreign keys of `models_`' tables and their indexes that no
    constraint owns, run the block, and make them again from their own definitions
    (pg_get_constraintdef, pg_indexes.indexdef): each index is built once over every row instead
    of updated row by row, and each foreign key checked by one query over the table instead of
    a trigger per row.

    Must run inside a transaction: DROP and CREATE are transactional, so a failure anywhere rolls
    the drop back with everything else and the tables are as they were. Primary keys and unique
    constraints stay (they guard the rows being written)."""
    if not (enabled and is_postgresql()):
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_rebuilt needs a transaction")
    tables = [model._meta.db_table for model in models_]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
            ORDER BY 1, 2
            """,
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c
                WHERE c.contype IN ('p', 'u', 'x')
                  AND c.conindid = to_regclass(quote_ident(i.schemaname) || '.'
                                               || quote_ident(i.indexname)))
            ORDER BY i.tablename, i.indexname
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        # A table with foreign key checks still pending (deferred to the commit, from the
        # other tables the block wrote) cannot be altered: check them now, then defer again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # Memory for sorting and for the GIN builds, for this transaction only.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
