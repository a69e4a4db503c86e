"""One page of a table at a time, for the JSON API (issue 7).

Filters and pagination run in SQL: a page is the next `limit` rows after a key (keyset pagination,
ordered by the table's key), so a table of millions of rows (waarnemingen) is never loaded whole and
a page stays correct while others insert rows before it. Functions never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, select, tuple_

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.store.repository import from_row
from raadsmonitor.store.tables import table


def _conditions(sa_table: Table, filters: Mapping[str, Any]) -> list[ColumnElement[bool]]:
    """Equality per column (values already in their stored form); None matches an empty cell."""
    return [sa_table.c[name].is_(None) if value is None else sa_table.c[name] == value
            for name, value in filters.items()]


def page(connection: Connection, spec: TableSpec, filters: Mapping[str, Any], after_key: Sequence[Any] | None,
         limit: int) -> list[Any]:
    """Up to `limit` records matching the filters whose key comes after `after_key`, in key order.

    Filter values and `after_key` are in their stored form (repository.to_row_value).
    """
    sa_table = table(spec.name)
    keys = [sa_table.c[name] for name in spec.key]
    query = select(sa_table).where(*_conditions(sa_table, filters)).order_by(*keys).limit(limit)
    if after_key is not None:
        if len(keys) == 1:
            query = query.where(keys[0] > after_key[0])
        else:  # a row-value comparison, which both stores answer from the primary key's index
            query = query.where(tuple_(*keys) > tuple_(*after_key))
    return [from_row(spec, row) for row in connection.execute(query)]


def count(connection: Connection, spec: TableSpec, filters: Mapping[str, Any]) -> int:
    sa_table = table(spec.name)
    query = select(func.count()).select_from(sa_table).where(*_conditions(sa_table, filters))
    return int(connection.execute(query).scalar_one())

