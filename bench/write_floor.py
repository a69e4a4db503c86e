#!/usr/bin/env python3
"""What writing alone costs: the rows of waarnemingen.csv, unchecked, into a fresh store's own schema.

    write_floor.py PACKAGE DB

Creates the store with raadsmonitor's migrations, then does what the import's writer does at its
quickest (issue 8): one transaction, SQLite's foreign-key checks off, the secondary indexes dropped
and built after the rows, Python's sqlite3 `executemany` in batches of 5,000 of ready tuples. Nothing
is validated, so this is the floor under `import_seconds`, not an import. Prints the seconds.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
import time
from pathlib import Path

from raadsmonitor.store.database import open_store_engine

BATCH = 5_000


def rows(path: Path) -> list[tuple[object, ...]]:
    """The rows as the driver gets them from the importer: empty is None, a number a float."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [(indicator, gebied, periode, peildatum or None, float(waarde) if waarde else None,
                 int(reeksbreuk in ("ja", "1", "true")), toelichting or None, bron)
                for indicator, gebied, periode, peildatum, waarde, reeksbreuk, toelichting, bron in reader]


def main(package: Path, db: Path) -> float:
    open_store_engine(f"sqlite:///{db}").dispose()
    data = rows(package / "waarnemingen.csv")  # read before the clock starts: only the write is timed
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    indexes = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                 "AND tbl_name = 'waarnemingen' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    for first in range(0, len(data), BATCH):
        connection.executemany("INSERT INTO waarnemingen VALUES (?, ?, ?, ?, ?, ?, ?, ?)", data[first:first + BATCH])
    for _, sql in indexes:
        connection.execute(sql)
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"{main(Path(sys.argv[1]), Path(sys.argv[2])):.3f}")
