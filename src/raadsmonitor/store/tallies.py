"""Counts kept by the writes themselves (issue 15), so that no page counts millions of rows after an import.

A tally counts the rows of one table per value of one column, optionally only the rows whose other column has
a value: the waarnemingen per source (the sources page) and the waarnemingen with a value per indicator (the
comparison page's choices, the kernindicatoren). They live in the table `aantallen`, one row per table, tally
and value. Every write of a tallied table changes them in its own transaction: the importer's TableWriter
counts the rows it inserts, and the rows it changes before and after (`Changes`), and adds that up at its
finish(); a form's or the API's write of one row adds or takes one. Writers take turns (database.begin_write),
so an update and the insert after it cannot interleave with another writer's. A count that reaches 0 stays as
a row with 0 and is not read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import is_not
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from raadsmonitor.domain.records import KNOWN
from raadsmonitor.store.tables import table


@dataclass(frozen=True)
class Tally:
    """The rows of a table per value of `column`; with `known`, only the rows whose `known` has a value."""

    name: str  # as stored in aantallen.telling
    column: str
    known: str | None = None


TALLIES: dict[str, tuple[Tally, ...]] = {
    "waarnemingen": (Tally("bron", "bron"), Tally("indicator met waarde", "indicator", "waarde")),
}


def answering(table_name: str, column: str, equals: dict[str, object]) -> tuple[Tally, str | None] | None:
    """The tally that answers count_by(column, **equals) on this table, with the one value asked for (None: every
    value); None when no tally does."""
    for tally in TALLIES.get(table_name, ()):
        if tally.column != column:
            continue
        rest = dict(equals)
        if tally.known is not None and rest.pop(tally.known, None) is not KNOWN:
            continue
        value = rest.pop(column, None)
        if rest or (column in equals and not isinstance(value, str)):
            continue
        return tally, value if isinstance(value, str) else None
    return None


def read(connection: Connection, table_name: str, tally: Tally, value: str | None) -> dict[str, int]:
    counts = table("aantallen")
    query = select(counts.c.waarde, counts.c.aantal).where(
        counts.c.tabel == table_name, counts.c.telling == tally.name, counts.c.aantal > 0)
    if value is not None:
        query = query.where(counts.c.waarde == value)
    return {found: number for found, number in connection.execute(query)}


class Changes:
    """What one writer's rows add to and take from its table's tallies, written at once by apply()."""

    def __init__(self, table_name: str, names: Sequence[str]) -> None:
        self.table_name = table_name
        self.tallies = TALLIES.get(table_name, ())
        self.index = {name: position for position, name in enumerate(names)}
        self.counters: dict[str, Counter[Any]] = {tally.name: Counter() for tally in self.tallies}

    def __bool__(self) -> bool:
        return bool(self.tallies)

    @property
    def columns_read(self) -> list[str]:
        return sorted({name for tally in self.tallies for name in (tally.column, tally.known) if name})

    def add_columns(self, column: Callable[[str], Sequence[Any] | None], sign: int = 1) -> None:
        """Rows given per column (None: a column empty in every row), counted once more (1) or once less (-1)."""
        for tally in self.tallies:
            values: Iterable[Any] | None = column(tally.column)
            if values is None:
                continue
            if tally.known is not None:
                known = column(tally.known)
                if known is None:
                    continue
                values = compress(values, map(is_not, known, repeat(None)))
            if sign > 0:
                self.counters[tally.name].update(values)  # counted in C: no Python step per row
            else:
                self.counters[tally.name].subtract(values)

    def add_rows(self, rows: Sequence[Sequence[Any]], sign: int = 1) -> None:
        """Rows given as their values in the writer's column order."""
        if rows and self.tallies:
            columns = list(zip(*rows, strict=True))
            self.add_columns(lambda name: columns[self.index[name]], sign)

    def add_row(self, row: dict[str, Any], sign: int = 1) -> None:
        """One row given by column name."""
        self.add_columns(lambda name: [row[name]], sign)

    def apply(self, connection: Connection) -> None:
        counts = table("aantallen")
        for name, counter in self.counters.items():
            for value, change in sorted(counter.items()):
                if not change:
                    continue
                where = and_(counts.c.tabel == self.table_name, counts.c.telling == name, counts.c.waarde == value)
                if not connection.execute(update(counts).where(where).values(aantal=counts.c.aantal + change)).rowcount:
                    connection.execute(insert(counts), [{"tabel": self.table_name, "telling": name, "waarde": value,
                                                         "aantal": change}])
            counter.clear()


def stored_row(connection: Connection, table_name: str, names: Sequence[str], key: dict[str, Any]
               ) -> dict[str, Any] | None:
    """The tallied columns of the stored row with this key (before it is changed or deleted), or None."""
    rows = table(table_name)
    found = connection.execute(select(*(rows.c[name] for name in names))
                               .where(*(rows.c[name] == value for name, value in key.items()))).first()
    return dict(zip(names, found, strict=True)) if found is not None else None
