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
    Index,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)
from sqlalchemy import (
    Column as SAColumn,
)
from sqlalchemy.types import TypeEngine

from raadsmonitor.domain.boundaries import BOUNDARY_TABLES
from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME, TableSpec
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


# Issue 15: on SQLite these tables are keyed by a unique index (key_index_name) instead of a primary key. SQLite
# cannot drop a primary key's index, so a first import put 3.5 million waarnemingen into that b-tree one by one;
# a unique index the import's TableWriter drops while an empty table fills and builds once, sorted, afterwards
# (store/repository.py). PostgreSQL keeps its primary key: its import defers that one as it is
# (repository.defer_postgres_constraints). Both stores answer ON CONFLICT (key) from either.
KEYED_BY_UNIQUE_INDEX = frozenset({"waarnemingen"})
# The key columns of these tables compare bytes on PostgreSQL (COLLATE "C"), as SQLite always does: building
# the key's index then compares bytes instead of locale-aware strings (issue 15: 5.29 -> 4.31 s for the national
# waarnemingen, bench/RESULTS.md session 12). Lists ordered by these columns follow byte order on both stores.
BYTEWISE_KEY = KEYED_BY_UNIQUE_INDEX


def key_index_name(table_name: str) -> str:
    """The unique index that keys a table of KEYED_BY_UNIQUE_INDEX on SQLite."""
    return f"uq_{table_name}_key"


def _type_of(column: Column, bytewise: bool = False) -> TypeEngine:
    found = _TYPES[column.kind](column)
    if bytewise and isinstance(found, String):
        return found.with_variant(String(found.length, collation="C"), "postgresql")
    return found


def _sa_column(column: Column, leading_key: str, key_apart: bool = False, bytewise: bool = False) -> SAColumn:
    """A catalogue column; with `key_apart`, a key column is not marked primary_key (the table declares its key
    itself, per dialect: _key_of)."""
    args: list[Any] = []
    if column.ref is not None:
        target = TABLES_BY_NAME.get(column.ref) or next(t for t in PEILMOMENT_TABLES if t.name == column.ref)
        assert target.key == ("id",), f"{column.ref} must be keyed by id to be referred to"
        args.append(ForeignKey(f"{column.ref}.id"))
    return SAColumn(column.name, _type_of(column, bytewise and column.key), *args,
                    primary_key=column.key and not key_apart,
                    nullable=nullable(column),
                    # The primary key's index serves its leading column only; other references get their own,
                    # so that e.g. the waarnemingen of one gebied are found without scanning (issue 8).
                    index=column.ref is not None and column.name != leading_key)


def _key_of(spec: TableSpec) -> tuple[Any, ...]:
    """The key of a table of KEYED_BY_UNIQUE_INDEX: a primary key on PostgreSQL, a unique index on SQLite."""
    if spec.name not in KEYED_BY_UNIQUE_INDEX:
        return ()
    return (PrimaryKeyConstraint(*spec.key).ddl_if(dialect="postgresql"),
            Index(key_index_name(spec.name), *spec.key, unique=True).ddl_if(dialect="sqlite"))


# The snapshot tables (domain/snapshots.py) and the boundaries (domain/boundaries.py) live in the store only;
# they are not in the data package.
for _spec in (*TABLES, *PEILMOMENT_TABLES, *BOUNDARY_TABLES):
    Table(_spec.name, metadata,
          *(_sa_column(column, _spec.key[0], _spec.name in KEYED_BY_UNIQUE_INDEX, _spec.name in BYTEWISE_KEY)
            for column in _spec.columns),
          *_key_of(_spec))
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


def made_on(dialect_name: str) -> Callable[[Any, str | None, str, bool, Any], bool]:
    """Alembic's include_object for comparing this metadata with a store of this dialect: an index or
    constraint declared for the other dialect only (`ddl_if`, _key_of) is left out, as CREATE leaves it out;
    Alembic itself does not read `ddl_if`."""
    def include(object_: Any, _name: str | None, _type: str, reflected: bool, _compare_to: Any) -> bool:
        condition = None if reflected else getattr(object_, "_ddl_if", None)
        wanted = None if condition is None else condition.dialect  # a name or several
        return wanted is None or (dialect_name == wanted if isinstance(wanted, str) else dialect_name in wanted)
    return include
