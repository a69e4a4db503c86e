"""Reading and writing domain records. Functions never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, bindparam, func, insert, select, update

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.records import KNOWN, ONE_OF
from raadsmonitor.store.tables import table

BATCH = 5_000


def to_row_value(value: Any, column: Column) -> Any:
    if value is None:
        return None
    if column.kind is Kind.DATUM:
        return value.iso()
    if column.kind is Kind.ENUM:
        return value.value
    return value


def from_row_value(value: Any, column: Column) -> Any:
    if value is None:
        return None
    if column.kind is Kind.DATUM:
        return Datum.parse(value)
    if column.kind is Kind.ENUM:
        assert column.enum is not None
        return column.enum(value)
    if column.kind is Kind.DECIMAL and not isinstance(value, Decimal):
        return Decimal(str(value))
    return value


def to_row(spec: TableSpec, record: object) -> dict[str, Any]:
    return {column.name: to_row_value(getattr(record, column.name), column) for column in spec.columns}


def from_row(spec: TableSpec, row: Any) -> Any:
    mapping = row._mapping
    return spec.entity(**{column.name: from_row_value(mapping[column.name], column)
                          for column in spec.columns})


def iter_records(connection: Connection, spec: TableSpec) -> Iterator[Any]:
    """All records of a table, ordered by key, streamed."""
    sa_table = table(spec.name)
    query = select(sa_table).order_by(*(sa_table.c[name] for name in spec.key))
    for row in connection.execution_options(yield_per=BATCH).execute(query):
        yield from_row(spec, row)


def load_records(connection: Connection, spec: TableSpec) -> list[Any]:
    return list(iter_records(connection, spec))


def _query_value(value: Any, column: Column) -> Any:
    """A value to compare a column with: enumerations may be given as members or as their text."""
    if isinstance(value, Enum):
        return value.value
    return value.iso() if isinstance(value, Datum) else value


def _condition(spec: TableSpec, name: str, wanted: object) -> ColumnElement[bool]:
    column = next((c for c in spec.columns if c.name == name), None)
    if column is None:
        raise ValueError(f"{spec.name} has no column {name}")
    sa_column = table(spec.name).c[name]
    if isinstance(wanted, ONE_OF):
        return sa_column.in_([_query_value(value, column) for value in wanted])
    if wanted is None:
        return sa_column.is_(None)
    if wanted is KNOWN:
        return sa_column.is_not(None)
    return sa_column == _query_value(wanted, column)


def select_records(connection: Connection, spec: TableSpec, equals: dict[str, object], limit: int | None = None,
                   offset: int = 0) -> list[Any]:
    """The records whose columns equal the given values (a collection: one of them), ordered by key.

    Served by the store's indexes: every reference column and the (composite) primary key are indexed.
    """
    sa_table = table(spec.name)
    query = (select(sa_table).where(*(_condition(spec, name, wanted) for name, wanted in equals.items()))
             .order_by(*(sa_table.c[name] for name in spec.key)).offset(offset or None).limit(limit))
    return [from_row(spec, row) for row in connection.execute(query)]


def count_by(connection: Connection, spec: TableSpec, name: str, equals: dict[str, object]) -> dict[Any, int]:
    """How many rows (whose columns equal the given values) there are per value of one column (GROUP BY)."""
    column = next(c for c in spec.columns if c.name == name)
    sa_column = table(spec.name).c[name]
    query = (select(sa_column, func.count())
             .where(*(_condition(spec, key, wanted) for key, wanted in equals.items())).group_by(sa_column))
    return {from_row_value(value, column): count for value, count in connection.execute(query)}


def load_keys(connection: Connection, spec: TableSpec) -> set[tuple[Any, ...]]:
    sa_table = table(spec.name)
    columns = [sa_table.c[name] for name in spec.key]
    return {tuple(row) for row in connection.execute(select(*columns))}


@dataclass
class WriteCount:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    # For the audit trail (issue 7): every changed row as (key, old values, new values).
    changes: list[tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]] = field(default_factory=list)


def _comparable(value: Any) -> Any:
    return value.normalize() if isinstance(value, Decimal) else value


def upsert(connection: Connection, spec: TableSpec, records: Sequence[Any]) -> WriteCount:
    """Insert new records and update changed ones, by key; rows not given are left as they are.

    Records must already be in an order that satisfies references within the table
    (parents first), which the importer guarantees.
    """
    sa_table = table(spec.name)
    key_columns = [sa_table.c[name] for name in spec.key]
    existing: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    value_names = [column.name for column in spec.columns]
    for stored in connection.execute(select(*(sa_table.c[name] for name in value_names))):
        mapping = stored._mapping
        existing[tuple(mapping[name] for name in spec.key)] = tuple(mapping[name] for name in value_names)

    count = WriteCount()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for record in records:
        row = to_row(spec, record)
        key = tuple(row[name] for name in spec.key)
        current = existing.get(key)
        if current is None:
            inserts.append(row)
            count.added += 1
        elif tuple(map(_comparable, current)) != tuple(_comparable(row[name]) for name in value_names):
            updates.append(row)
            count.changed += 1
            count.changes.append((key, dict(zip(value_names, current, strict=True)), row))
        else:
            count.unchanged += 1
    for start in range(0, len(inserts), BATCH):
        connection.execute(insert(sa_table), inserts[start:start + BATCH])
    if updates:
        statement = (update(sa_table)
                     .where(and_(*(column == bindparam(f"key_{column.name}") for column in key_columns)))
                     .values({name: bindparam(f"new_{name}") for name in value_names if name not in spec.key}))
        parameters = [{**{f"key_{name}": row[name] for name in spec.key},
                       **{f"new_{name}": row[name] for name in value_names if name not in spec.key}}
                      for row in updates]
        for start in range(0, len(parameters), BATCH):
            connection.execute(statement, parameters[start:start + BATCH])
    return count



def _key_clause(spec: TableSpec, key: Sequence[Any]) -> Any:
    sa_table = table(spec.name)
    return and_(*(sa_table.c[name] == value for name, value in zip(spec.key, key, strict=True)))


def load_one(connection: Connection, spec: TableSpec, key: Sequence[Any]) -> Any | None:
    """The record with this key (values as the domain holds them), or None."""
    row = connection.execute(select(table(spec.name)).where(_key_clause(spec, key))).first()
    return from_row(spec, row) if row is not None else None


def insert_one(connection: Connection, spec: TableSpec, record: Any) -> None:
    connection.execute(insert(table(spec.name)), [to_row(spec, record)])


def update_one(connection: Connection, spec: TableSpec, record: Any) -> None:
    row = to_row(spec, record)
    values = {name: value for name, value in row.items() if name not in spec.key}
    connection.execute(update(table(spec.name)).where(_key_clause(spec, spec.key_of(record))).values(**values))


def delete_one(connection: Connection, spec: TableSpec, key: Sequence[Any]) -> None:
    connection.execute(table(spec.name).delete().where(_key_clause(spec, key)))


def count_referring(connection: Connection, spec: TableSpec, column: str, value: Any) -> int:
    """How many rows of a table refer to a value through a column (before a delete)."""
    sa_table = table(spec.name)
    return int(connection.execute(select(func.count()).select_from(sa_table)
                                  .where(sa_table.c[column] == value)).scalar_one())
