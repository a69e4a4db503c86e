"""SQLAlchemy tables, built from the catalogue so the store can never drift from the model.

Alembic migrations are generated from this metadata and committed; a test checks they agree.
Enumerations are stored as their text values (no database enum types), so adding a choice needs
no migration of existing rows.
"""

from __future__ import annotations

from collections.abc import Callable
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
from raadsmonitor.domain.kinds import DECIMAL_DIGITS, decimal_scale, nullable
from raadsmonitor.domain.snapshots import PEILMOMENT_TABLES
from raadsmonitor.store import security_tables, sso_tables

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


# The SQL type of each column kind; a decimal keeps DECIMAL_DIGITS before the point (domain/kinds.py).
_TYPES: dict[Kind, Callable[[Column], TypeEngine]] = {
    Kind.TEXT: lambda column: String(column.max_length) if column.max_length <= 200 else Text(),
    Kind.REF: lambda column: String(200),
    Kind.INTEGER: lambda column: Integer(),
    Kind.DECIMAL: lambda column: Numeric(DECIMAL_DIGITS + decimal_scale(column), decimal_scale(column)),
    Kind.BOOLEAN: lambda column: Boolean(),
    Kind.DATE: lambda column: Date(),
    Kind.DATUM: lambda column: String(10),
    Kind.ENUM: lambda column: String(40),
}


def _type_of(column: Column) -> TypeEngine:
    return _TYPES[column.kind](column)


def _sa_column(column: Column, leading_key: str) -> SAColumn:
    args: list[Any] = []
    if column.ref is not None:
        target = TABLES_BY_NAME.get(column.ref) or next(t for t in PEILMOMENT_TABLES if t.name == column.ref)
        assert target.key == ("id",), f"{column.ref} must be keyed by id to be referred to"
        args.append(ForeignKey(f"{column.ref}.id"))
    return SAColumn(column.name, _type_of(column), *args, primary_key=column.key,
                    nullable=nullable(column),
                    # The primary key's index serves its leading column only; other references get their own,
                    # so that e.g. the waarnemingen of one gebied are found without scanning (issue 8).
                    index=column.ref is not None and column.name != leading_key)


# The snapshot tables (domain/snapshots.py) and the boundaries (domain/boundaries.py) live in the store only;
# they are not in the data package.
for _spec in (*TABLES, *PEILMOMENT_TABLES, *BOUNDARY_TABLES):
    Table(_spec.name, metadata, *(_sa_column(column, _spec.key[0]) for column in _spec.columns))
# Accounts, sessions, tokens and the audit trail (issue 7): store only, like the snapshots.
security_tables.define(metadata)
# Accounts tied to an identity provider's subject (issue 21).
sso_tables.define(metadata)
# Counts kept by the writes of a large table (store/tallies.py, issue 15): per table, tally and value, how many
# rows there are (the waarnemingen per source; those with a value per indicator), so no page counts them.
Table("aantallen", metadata,
      SAColumn("tabel", String(200), primary_key=True),
      SAColumn("telling", String(40), primary_key=True),
      SAColumn("waarde", String(200), primary_key=True),
      SAColumn("aantal", Integer, nullable=False))


def table(name: str) -> Table:
    return metadata.tables[name]
