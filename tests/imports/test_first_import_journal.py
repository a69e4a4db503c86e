"""A first import into an empty SQLite store writes its pages once, with the rollback journal instead of the
write-ahead log (issue 15); an import into a filled store, or with another connection open, keeps the log.
All-or-nothing holds on both paths: a refused import, and a process killed in the middle, leave the store
as it was."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.services.datapackage import importer
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store import repository
from raadsmonitor.store.database import make_engine
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import WebSettings
from tests.packages import BRON, mini, write_csv_package
from tests.test_import_package import messages, refused, snapshot


@pytest.fixture
def journal_modes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The journal mode the import's connection was in while it wrote each table's rows."""
    seen: list[str] = []
    finish = repository.TableWriter.finish

    def noted(self: repository.TableWriter) -> None:
        seen.append(str(self.connection.exec_driver_sql("PRAGMA journal_mode").scalar()))
        finish(self)

    monkeypatch.setattr(repository.TableWriter, "finish", noted)
    yield seen


def _journal_mode(path: Path) -> str:
    """As it stands in the file, read by a plain connection (not one of the store's, which sets WAL itself)."""
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        connection.close()


def _path(engine: Engine) -> Path:
    return Path(str(engine.url.database))


def _observations(count: int) -> list[dict[str, object]]:
    return [{"indicator": "arbeidsparticipatie", "gebied": "heerlen-noord", "periode": f"p{i}",
             "waarde": str(i % 97), "bron": BRON} for i in range(count)]


def test_a_first_import_writes_without_the_log_and_an_import_into_a_filled_store_with_it(
        sqlite_engine: Engine, tmp_path: Path, journal_modes: list[str]) -> None:
    package = dict(mini(), waarnemingen=_observations(3 * repository.BATCH))
    first = import_package(sqlite_engine, write_csv_package(tmp_path / "a", package))
    assert first.written, messages(first)
    assert journal_modes and set(journal_modes) == {"delete"}
    assert _journal_mode(_path(sqlite_engine)) == "wal"  # back to the log for the server's readers
    assert not Path(f"{_path(sqlite_engine)}-journal").exists()
    stored = snapshot(sqlite_engine)
    assert len(stored["waarnemingen"]) == 3 * repository.BATCH

    journal_modes.clear()
    package["waarnemingen"][0]["waarde"] = "1000"
    again = import_package(sqlite_engine, write_csv_package(tmp_path / "b", package))
    assert again.written and again.counts["waarnemingen"].changed == 1
    assert journal_modes and set(journal_modes) == {"wal"}
    assert _journal_mode(_path(sqlite_engine)) == "wal"


def test_with_another_connection_on_the_store_a_first_import_keeps_the_log(
        sqlite_engine: Engine, tmp_path: Path, journal_modes: list[str]) -> None:
    """A server reading the empty store keeps its snapshot and is never locked out: the import does not
    switch the journal then (SQLite refuses the switch at once while another connection is open)."""
    reader = make_engine(str(sqlite_engine.url))
    try:
        with reader.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM waarnemingen").scalar() == 0
            report = import_package(sqlite_engine, write_csv_package(tmp_path / "p", mini()))
            assert report.written, messages(report)
            assert connection.exec_driver_sql("SELECT count(*) FROM waarnemingen").scalar() == 0  # its snapshot
            connection.rollback()
            assert connection.exec_driver_sql("SELECT count(*) FROM waarnemingen").scalar() == 2
    finally:
        reader.dispose()
    assert journal_modes and set(journal_modes) == {"wal"}


def test_a_refused_first_import_leaves_the_empty_store_as_it_was(
        sqlite_engine: Engine, tmp_path: Path, journal_modes: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows of earlier tables and batches were in the file already; the rollback cuts it back."""
    monkeypatch.setattr(importer, "PARALLEL_BYTES", 0)
    size = _path(sqlite_engine).stat().st_size
    rows = _observations(3 * repository.BATCH)
    rows[-1]["gebied"] = "heerlen-zuid"
    report = refused(sqlite_engine, write_csv_package(tmp_path / "p", dict(mini(), waarnemingen=rows)))
    assert messages(report) == [f"waarnemingen.csv:{len(rows) + 1}:gebied: verwijst naar 'heerlen-zuid', "
                                "maar die bestaat niet in Gebieden"]
    assert "delete" in journal_modes
    assert _path(sqlite_engine).stat().st_size == size
    assert _journal_mode(_path(sqlite_engine)) == "wal"
    assert import_package(sqlite_engine, write_csv_package(tmp_path / "p2", mini())).written


def _import_and_die(url: str, package: Path, journal: Path) -> None:
    """In a child process: import, and end the process without a word after the second batch of
    waarnemingen, as a power cut or SIGKILL would; first note the journal file SQLite was keeping."""
    insert = repository.TableWriter.insert
    batches = [0]

    def insert_then_die(self: repository.TableWriter, inserts: Any) -> None:
        insert(self, inserts)
        if self.spec.name == "waarnemingen":
            batches[0] += 1
            if batches[0] == 2:
                journal.write_text(",".join(sorted(
                    path.name.rsplit("-", 1)[-1] for path in Path(url.removeprefix("sqlite:///")).parent.iterdir()
                    if path.name.startswith("store.sqlite-") and path.stat().st_size > 0)))
                os._exit(9)

    repository.TableWriter.insert = insert_then_die  # type: ignore[method-assign]
    engine = make_engine(url)
    import_package(engine, package)
    os._exit(0)


def test_a_first_import_killed_in_the_middle_leaves_the_store_as_it_was(
        sqlite_engine: Engine, tmp_path: Path) -> None:
    path = _path(sqlite_engine)
    before = snapshot(sqlite_engine)
    sqlite_engine.dispose()  # the child is the only one on the file, as a first import from the command line
    package = write_csv_package(tmp_path / "p", dict(mini(), waarnemingen=_observations(3 * repository.BATCH)))
    journal = tmp_path / "journal.txt"
    child = multiprocessing.get_context("fork").Process(
        target=_import_and_die, args=(str(sqlite_engine.url), package, journal))
    child.start()
    child.join()
    assert child.exitcode == 9
    assert journal.read_text() == "journal"  # the rows went to the file, the rollback journal held its old pages
    assert Path(f"{path}-journal").exists()  # a hot journal: the next connection rolls the file back
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert check.execute("SELECT count(*) FROM waarnemingen").fetchone() == (0,)
    finally:
        check.close()
    assert snapshot(sqlite_engine) == before
    assert _journal_mode(path) == "wal"
    report = import_package(sqlite_engine, package)
    assert report.written and report.counts["waarnemingen"].added == 3 * repository.BATCH


def test_a_running_server_keeps_the_store_open_so_a_first_import_keeps_the_log_and_its_pages_answer(
        sqlite_engine: Engine, tmp_path: Path, journal_modes: list[str]) -> None:
    """A server that has not answered a request yet has no pooled connection open; without its own hold on the
    file, a first import would take the file without the log and the server's pages would wait for it and fail."""
    served = make_engine(str(sqlite_engine.url))
    try:
        with TestClient(create_app(served, WebSettings(public_pages=("*",)))) as client:
            report = import_package(sqlite_engine, write_csv_package(tmp_path / "p", mini()))
            assert report.written, messages(report)
            assert journal_modes and set(journal_modes) == {"wal"}
            assert client.get("/bronnen").status_code == 200
        assert _journal_mode(_path(sqlite_engine)) == "wal"
    finally:
        served.dispose()
