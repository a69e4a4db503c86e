"""SQLAlchemy tables, built from the catalogue so the store can never drift from the model.

Alembic migrations are generated from this metadata and committed; a test checks they agree.
Enumerations are stored as their text values (no database enum types), so adding a choice needs
no migration of existing rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy import (
    Column as SAColumn,
)
from sqlalchemy.types import TypeEngine

from raadsmonitor.domain.boundaries import BOUNDARY_TABLES
from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME
from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.domain.snapshots import SNAPSHOT_TABLES
from raadsmonitor.store import security_tables, sso_tables

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _type_of(column: Column) -> TypeEngine:
    if column.kind is Kind.TEXT:
        return String(column.max_length) if column.max_length <= 200 else Text()
    if column.kind is Kind.REF:
        return String(200)
    if column.kind is Kind.INTEGER:
        return Integer()
    if column.kind is Kind.DECIMAL:
        scale = column.scale if column.scale is not None else 6
        return Numeric(18 + scale, scale)
    if column.kind is Kind.BOOLEAN:
        return Boolean()
    if column.kind is Kind.DATE:
        return Date()
    if column.kind is Kind.DATUM:
        return String(10)
    if column.kind is Kind.ENUM:
        return String(40)
    raise AssertionError(column.kind)  # pragma: no cover


def _sa_column(column: Column, leading_key: str) -> SAColumn:
    args: list[Any] = []
    if column.ref is not None:
        target = TABLES_BY_NAME.get(column.ref) or next(t for t in SNAPSHOT_TABLES if t.name == column.ref)
        assert target.key == ("id",), f"{column.ref} must be keyed by id to be referred to"
        args.append(ForeignKey(f"{column.ref}.id"))
    return SAColumn(column.name, _type_of(column), *args, primary_key=column.key,
                    nullable=not (column.required or column.key or column.kind is Kind.BOOLEAN
                                  and column.default is not None),
                    # The primary key's index serves its leading column only; other references get their own,
                    # so that e.g. the waarnemingen of one gebied are found without scanning (issue 8).
                    index=column.ref is not None and column.name != leading_key)


# The snapshot tables (domain/snapshots.py) and the boundaries (domain/boundaries.py) live in the store only;
# they are not in the data package.
for _spec in (*TABLES, *SNAPSHOT_TABLES, *BOUNDARY_TABLES):
    Table(_spec.name, metadata, *(_sa_column(column, _spec.key[0]) for column in _spec.columns))
# Accounts, sessions, tokens and the audit trail (issue 7): store only, like the snapshots.
security_tables.define(metadata)
# Accounts tied to an identity provider's subject (issue 21).
sso_tables.define(metadata)


def table(name: str) -> Table:
    return metadata.tables[name]
