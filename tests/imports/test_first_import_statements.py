"""What a first import into an empty SQLite store sends (issue 15): the waarnemingen go in ROWS_PER_INSERT to an
INSERT, and their key, a unique index instead of a primary key, is dropped before the rows and built once after
them; a secondary index is too, unless the first rows give its leading column in runs (RUN_LENGTH); an import into a
filled store keeps the index (its upsert needs it), and a refused import leaves it as it was. The statements are
read from SQLAlchemy's `before_cursor_execute`, as the driver gets them."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.services.datapackage import importer
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store import repository
from raadsmonitor.store.tables import key_index_name
from tests.packages import BRON, mini, write_csv_package
from tests.test_import_package import messages, refused, rows_of, snapshot

KEY_INDEX = key_index_name("waarnemingen")
ROWS = 2 * repository.BATCH + 37  # two whole batches and a last one that is not a multiple of 100


@dataclass
class Sent:
    """One statement as the driver got it: how many parameter sets (executemany) it ran with."""

    statement: str
    times: int

    @property
    def rows(self) -> int:
        """The rows of an INSERT ... VALUES (...), (...): one per group of values."""
        return self.statement.split(" VALUES ", 1)[1].count("), (") + 1

    @property
    def parameters(self) -> int:
        """The parameters of one execution."""
        return self.statement.count("?")


@pytest.fixture(params=["one process", "checked in a second process"])
def checking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a big table is read: here, or in a second process while this one writes."""
    monkeypatch.setattr(importer, "PARALLEL_BYTES", 0 if request.param != "one process" else 1 << 60)
    return str(request.param)


def _sent(engine: Engine) -> list[Sent]:
    """Every statement the engine's connections execute from now on (listening until the engine is disposed)."""
    sent: list[Sent] = []

    def seen(_connection: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
             executemany: bool) -> None:
        sent.append(Sent(" ".join(statement.split()), len(parameters) if executemany else 1))

    event.listen(engine, "before_cursor_execute", seen)
    return sent


def _observations(count: int) -> list[dict[str, object]]:
    return [{"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": f"p{i:05}",
             "waarde": str(i % 97), "bron": BRON} for i in range(count)]


def _package(tmp_path: Path, rows: list[dict[str, object]], name: str = "p") -> Path:
    return write_csv_package(tmp_path / name, dict(mini(), waarnemingen=rows))


def _key_index(engine: Engine) -> tuple[str, ...] | None:
    """The columns of the unique index that keys waarnemingen, read by a plain connection; None without it."""
    connection = sqlite3.connect(str(engine.url.database))
    try:
        listed = {row[1]: (row[2], row[3]) for row in connection.execute("PRAGMA index_list(waarnemingen)")}
        if KEY_INDEX not in listed or listed[KEY_INDEX] != (1, "c"):  # unique, made by CREATE INDEX
            return None
        return tuple(row[2] for row in connection.execute(f"PRAGMA index_info({KEY_INDEX})"))
    finally:
        connection.close()


def _inserts(sent: list[Sent]) -> list[Sent]:
    return [s for s in sent if s.statement.startswith("INSERT INTO waarnemingen ")]


def test_a_first_import_inserts_a_hundred_rows_a_statement_and_builds_the_key_after_them(
        sqlite_engine: Engine, tmp_path: Path, checking: str) -> None:
    assert _key_index(sqlite_engine) == ("indicator", "gebied", "periode")
    sent = _sent(sqlite_engine)
    report = import_package(sqlite_engine, _package(tmp_path, _observations(ROWS)))
    assert report.written, messages(report)
    assert report.counts["waarnemingen"].added == ROWS

    inserts = _inserts(sent)
    assert sum(insert.rows * insert.times for insert in inserts) == ROWS
    assert {insert.rows for insert in inserts} == {repository.ROWS_PER_INSERT, 37}
    assert [insert.times for insert in inserts if insert.rows == 37] == [1]  # the last rows: one statement
    dropped = next(i for i, s in enumerate(sent) if s.statement.startswith("DROP INDEX") and KEY_INDEX in s.statement)
    built = next(i for i, s in enumerate(sent) if s.statement.startswith(f"CREATE UNIQUE INDEX {KEY_INDEX} "))
    positions = [i for i, s in enumerate(sent) if s in inserts]
    assert dropped < positions[0] and positions[-1] < built
    assert _key_index(sqlite_engine) == ("indicator", "gebied", "periode")
    stored = rows_of(sqlite_engine, Waarneming)
    assert [(w.periode, w.waarde) for w in stored[:2]] == [("p00000", 0), ("p00001", 1)]
    assert len(stored) == ROWS


def test_a_second_import_of_the_same_package_keeps_the_key_and_changes_nothing(
        sqlite_engine: Engine, tmp_path: Path, checking: str) -> None:
    package = _package(tmp_path, _observations(ROWS))
    assert import_package(sqlite_engine, package).written
    before = snapshot(sqlite_engine)
    sent = _sent(sqlite_engine)
    again = import_package(sqlite_engine, package)
    assert again.written, messages(again)
    assert {name: (count.added, count.changed) for name, count in again.counts.items()} == {
        name: (0, 0) for name in again.counts}
    assert again.counts["waarnemingen"].unchanged == ROWS
    assert not [s for s in sent if s.statement.startswith(("DROP INDEX", "CREATE UNIQUE INDEX", "CREATE INDEX"))]
    assert not _inserts(sent)  # nothing differs, so no upsert is sent
    assert _key_index(sqlite_engine) == ("indicator", "gebied", "periode")
    assert snapshot(sqlite_engine) == before


def test_a_changed_row_in_a_filled_store_is_upserted_on_the_key_index(sqlite_engine: Engine, tmp_path: Path) -> None:
    rows = _observations(ROWS)
    assert import_package(sqlite_engine, _package(tmp_path, rows)).written
    rows[6_000] = dict(rows[6_000], waarde="12,5")
    sent = _sent(sqlite_engine)
    report = import_package(sqlite_engine, _package(tmp_path, [*rows, *_observations(ROWS + 1)[ROWS:]], "q"))
    assert report.written, messages(report)
    count = report.counts["waarnemingen"]
    assert (count.added, count.changed, count.unchanged) == (1, 1, ROWS - 1)
    assert all(" ON CONFLICT (indicator, gebied, periode) DO UPDATE " in s.statement for s in _inserts(sent))
    assert _key_index(sqlite_engine) == ("indicator", "gebied", "periode")
    stored = {w.periode: w.waarde for w in rows_of(sqlite_engine, Waarneming)}
    assert (stored["p06000"], stored[f"p{ROWS:05}"], len(stored)) == (Decimal("12.5"), ROWS % 97, ROWS + 1)


def test_duplicate_keys_in_a_first_import_are_named_and_nothing_is_written(
        sqlite_engine: Engine, tmp_path: Path, checking: str) -> None:
    rows = _observations(ROWS)
    rows.append(dict(rows[7_000], waarde="3"))  # after two batches were written without the key's index
    report = refused(sqlite_engine, _package(tmp_path, rows))
    assert messages(report) == [f"waarnemingen.csv:{ROWS + 2}:indicator: dubbele sleutel 'arbeidsparticipatie, "
                                "heerlen-noord, p07000'; staat ook op rij 7002"]
    assert snapshot(sqlite_engine)["waarnemingen"] == []
    assert _key_index(sqlite_engine) == ("indicator", "gebied", "periode")  # the rollback brought it back


def test_rows_too_wide_for_a_hundred_per_statement_go_in_as_many_as_sqlite_takes(
        sqlite_engine: Engine, tmp_path: Path) -> None:
    """SQLite refuses a statement with more parameters than its limit (SQLITE_MAX_VARIABLE_NUMBER; 999 before
    3.32): fewer rows go into each INSERT then."""

    def limited(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100)

    event.listen(sqlite_engine, "connect", limited)
    sent = _sent(sqlite_engine)
    report = import_package(sqlite_engine, _package(tmp_path, _observations(ROWS)))
    assert report.written, messages(report)
    inserts = _inserts(sent)
    assert max(insert.parameters for insert in inserts) <= 100
    assert max(insert.rows for insert in inserts) == 100 // (inserts[0].parameters // inserts[0].rows) > 1
    assert sum(insert.rows * insert.times for insert in inserts) == ROWS
    assert len(snapshot(sqlite_engine)["waarnemingen"]) == ROWS


def _index_statements(sent: list[Sent], name: str) -> tuple[int | None, int | None]:
    """Where in `sent` the index `name` was dropped and created again (None for neither)."""
    dropped = next((i for i, s in enumerate(sent) if s.statement == f"DROP INDEX {name}"), None)
    built = next((i for i, s in enumerate(sent) if s.statement.startswith(f"CREATE INDEX {name} ")), None)
    return dropped, built


def _indexed_alike(engine: Engine) -> None:
    """Every index of waarnemingen holds every row (SQLite's own check compares each index with the table)."""
    connection = sqlite3.connect(str(engine.url.database))
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for index in ("ix_waarnemingen_gebied", "ix_waarnemingen_bron", KEY_INDEX):
            by_index = f"SELECT count(*) FROM waarnemingen INDEXED BY {index}"  # noqa: S608 (our own names)
            counted = connection.execute(by_index).fetchone()[0]
            assert counted == connection.execute("SELECT count(*) FROM waarnemingen").fetchone()[0], index
    finally:
        connection.close()


def test_secondary_indexes_whose_column_comes_in_runs_stay_up_to_date_as_the_rows_go_in(
        sqlite_engine: Engine, tmp_path: Path, checking: str) -> None:
    """The gebied of each row as a national CBS table gives it: the rows of one area together. The key's
    index is still built after the rows."""
    gebieden = ("NL01", "GM0917", "heerlen-noord")
    rows = [dict(row, gebied=gebieden[i // 4_000]) for i, row in enumerate(_observations(ROWS))]
    sent = _sent(sqlite_engine)
    report = import_package(sqlite_engine, _package(tmp_path, rows))
    assert report.written, messages(report)
    assert _index_statements(sent, "ix_waarnemingen_gebied") == (None, None)
    assert _index_statements(sent, "ix_waarnemingen_bron") == (None, None)
    assert any(s.statement.startswith(f"CREATE UNIQUE INDEX {KEY_INDEX} ") for s in sent)
    _indexed_alike(sqlite_engine)


def test_a_secondary_index_whose_column_comes_in_no_order_is_built_after_the_rows(
        sqlite_engine: Engine, tmp_path: Path, checking: str) -> None:
    """Another gebied in every row (runs of one row, below RUN_LENGTH): the gebied index goes, and comes back
    after the last row; the bron, the same in every row, is one run and stays."""
    gebieden = ("NL01", "GM0917", "heerlen-noord")
    rows = [dict(row, gebied=gebieden[(i * 7 // 5) % 3]) for i, row in enumerate(_observations(ROWS))]
    sent = _sent(sqlite_engine)
    report = import_package(sqlite_engine, _package(tmp_path, rows))
    assert report.written, messages(report)
    dropped, built = _index_statements(sent, "ix_waarnemingen_gebied")
    positions = [i for i, s in enumerate(sent) if s in _inserts(sent)]
    assert dropped is not None and built is not None
    assert dropped < positions[0] and positions[-1] < built
    assert _index_statements(sent, "ix_waarnemingen_bron") == (None, None)
    _indexed_alike(sqlite_engine)
    assert Counter(w.gebied for w in rows_of(sqlite_engine, Waarneming)) == Counter(row["gebied"] for row in rows)


def test_indexes_built_after_the_rows_sort_with_helper_threads_and_the_setting_is_put_back(
        sqlite_engine: Engine, tmp_path: Path) -> None:
    sent = _sent(sqlite_engine)
    report = import_package(sqlite_engine, _package(tmp_path, _observations(ROWS)))
    assert report.written, messages(report)
    statements = [s.statement for s in sent]
    built = statements.index(next(s for s in statements if s.startswith(f"CREATE UNIQUE INDEX {KEY_INDEX} ")))
    threads = [i for i, s in enumerate(statements) if s.startswith("PRAGMA threads = ")]
    assert [statements[i] for i in threads] == [f"PRAGMA threads = {repository.SORT_THREADS}", "PRAGMA threads = 0"]
    assert threads[0] < built < threads[1]
