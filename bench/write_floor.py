#!/usr/bin/env python3
"""What writing alone costs: the rows of waarnemingen.csv, unchecked, into a fresh store's own schema.

    write_floor.py PACKAGE DB

Creates the store with raadsmonitor's migrations, then does what the import's writer does at its
quickest (issue 8): one transaction, SQLite's foreign-key checks off, the indexes dropped and built
after the rows (the secondary ones and, from migration 0015, the unique index that keys the table),
Python's sqlite3 `executemany` of INSERTs of ROWS_PER_INSERT rows each (issue 15) in batches of 5,000
rows that arrive pickled per column as from the checking process, a column that is empty in a whole
batch written as NULL by the statement. The batches are made before the clock starts. Nothing is
validated, so this is the floor under `import_seconds`, not an import. Prints the seconds.
"""

from __future__ import annotations

import csv
import pickle  # nosec B403 - only what this script pickled itself
import sqlite3
import sys
import time
from itertools import chain
from pathlib import Path

from raadsmonitor.store.database import open_store_engine
from raadsmonitor.store.repository import ROWS_PER_INSERT

BATCH = 5_000


def rows(path: Path) -> list[tuple[object, ...]]:
    """The rows as the driver gets them from the importer: empty is None, a number a float."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [(indicator, gebied, periode, peildatum or None, float(waarde) if waarde else None,
                 int(reeksbreuk in ("ja", "1", "true")), toelichting or None, bron)
                for indicator, gebied, periode, peildatum, waarde, reeksbreuk, toelichting, bron in reader]


def _batch(rows: list[tuple[object, ...]]) -> bytes:
    """The statement and parameters of one batch, pickled per column as the checking process sends them to
    the importer's writer: a column empty in every row is NULL in the statement (TableWriter.inserts)."""
    columns = list(zip(*rows, strict=True))
    empty = [all(value is None for value in column) for column in columns]
    markers = "(" + ", ".join("NULL" if blank else "?" for blank in empty) + ")"
    return pickle.dumps((markers, [list(column) for column, blank in zip(columns, empty, strict=True)
                                   if not blank]), protocol=pickle.HIGHEST_PROTOCOL)


def _insert(connection: sqlite3.Connection, markers: str, rows: list[tuple[object, ...]]) -> None:
    """As TableWriter does on SQLite: ROWS_PER_INSERT rows to a statement, the last ones with their own."""
    whole = len(rows) - len(rows) % ROWS_PER_INSERT
    statement = f"INSERT INTO waarnemingen VALUES {', '.join([markers] * ROWS_PER_INSERT)}"  # noqa: S608 # nosec B608
    connection.executemany(statement, [tuple(chain.from_iterable(rows[first:first + ROWS_PER_INSERT]))
                                       for first in range(0, whole, ROWS_PER_INSERT)])
    if whole < len(rows):
        rest = rows[whole:]
        connection.execute(f"INSERT INTO waarnemingen VALUES {', '.join([markers] * len(rest))}",  # noqa: S608 # nosec B608
                           tuple(chain.from_iterable(rest)))


def main(package: Path, db: Path) -> float:
    open_store_engine(f"sqlite:///{db}").dispose()
    data = rows(package / "waarnemingen.csv")  # read before the clock starts: only the write is timed
    batches = [_batch(data[first:first + BATCH]) for first in range(0, len(data), BATCH)]
    del data  # a few hundred MB of tuples, scattered: the writer only ever holds one batch
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    indexes = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                 "AND tbl_name = 'waarnemingen' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    for pickled in batches:
        markers, columns = pickle.loads(pickled)  # noqa: S301 # nosec B301 - made by this script just above
        _insert(connection, markers, list(zip(*columns, strict=True)))
    for _, sql in indexes:
        connection.execute(sql)
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"{main(Path(sys.argv[1]), Path(sys.argv[2])):.3f}")
