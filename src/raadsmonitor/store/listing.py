"""One page of a table at a time, for the JSON API (issue 7).

Filters and pagination run in SQL: a page is the next `limit` rows after a key (keyset pagination,
ordered by the table's key), so a table of millions of rows (waarnemingen) is never loaded whole and
a page stays correct while others insert rows before it. Functions never commit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, select, tuple_

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.store import audit
from raadsmonitor.store.repository import records_of
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
        else:  # a row-value comparison, which both stores answer from the key's index (uq_waarnemingen_key on SQLite)
            query = query.where(tuple_(*keys) > tuple_(*after_key))
    return list(records_of(spec, connection.execute(query)))


def count(connection: Connection, spec: TableSpec, filters: Mapping[str, Any]) -> int:
    sa_table = table(spec.name)
    query = select(func.count()).select_from(sa_table).where(*_conditions(sa_table, filters))
    return int(connection.execute(query).scalar_one())


class Remembered:
    """What the store said, per store state: least recently used first out, bounded in items and bytes.

    The data only changes through recorded writes, each of which adds a link to the audit trail, so an
    answer is kept under the number and hash of the last link (`state`) and is never served for another
    state. Read the state before the answer: a write that lands between the two can only make a kept
    answer newer than its key, never older. Every entry belongs to a generation (the state, for pages
    also the date): putting one of a new generation drops all the others at once, since none of them
    can be asked for again (issue 8: the soak grew 18% while they waited for the LRU limit). Used for
    the API's lists (web/api) and for the page cache (web/cache.py). Safe to share between threads.
    """

    def __init__(self, max_items: int = 512, max_bytes: int = 4 * 1024 * 1024) -> None:
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._max_items, self._max_bytes, self._bytes = max_items, max_bytes, 0
        self._generation: Hashable = None
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def once(self, key: Hashable, generation: Hashable, compute: Callable[[], Any]) -> Any:
        """The kept value, or `compute()` kept: threads asking for the same missing key at once compute it once,
        the others wait for it (issue 15: after an import, 32 requests each counted the 3.5 million waarnemingen)."""
        found = self.get(key)
        if found is not None:
            return found
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        try:
            with computing:
                found = self.get(key)
                if found is None:
                    found = compute()
                    self.put(key, found, generation)
        finally:
            with self._lock:
                self._computing.pop(key, None)
        return found

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Any, generation: Hashable, size: int = 0) -> None:
        with self._lock:
            if generation != self._generation:
                self._items.clear()
                self._bytes, self._generation = 0, generation
            if key in self._items or size > self._max_bytes:
                return
            self._items[key] = (value, size)
            self._bytes += size
            while len(self._items) > self._max_items or self._bytes > self._max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._items)


def state(connection: Connection) -> tuple[int, str]:
    """The store state for Remembered: the number and hash of the last audit record."""
    return audit.head(connection)


def remembered_count(memory: Remembered, connection: Connection, spec: TableSpec, filters: Mapping[str, Any]) -> int:
    """`count`, remembered per store state: COUNT(*) of the 200,000 waarnemingen of one indicator took two
    thirds of an API list request at national size, and every page of the same listing asked it again."""
    current = state(connection)
    key = ("count", *current, spec.name, *sorted((name, repr(value)) for name, value in filters.items()))
    return int(memory.once(key, current, lambda: count(connection, spec, filters)))
