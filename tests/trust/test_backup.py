"""Backup and restore of a SQLite store: a consistent copy, and a restore that checks before it replaces."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from raadsmonitor.cli import app
from tests.packages import mini, write_csv_package

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


def test_restore_brings_back_the_state_of_the_backup_and_records_itself(tmp_path: Path) -> None:
    store, copy = tmp_path / "store.sqlite", tmp_path / "backup.sqlite"
    db = f"sqlite:///{store}"
    assert run("import", str(write_csv_package(tmp_path / "p", mini())), "--db", db)[0] == 0
    code, output = run("backup", str(copy), "--db", db)
    assert code == 0 and f"Back-up geschreven naar {copy}." in output
    assert run("snapshot", "--peildatum", "2023-06-30", "--db", db)[0] == 0
    assert count(store, "peilmomenten") == 1
    code, output = run("restore", str(copy), "--ja", "--db", db)
    assert code == 0 and "1 auditregel" in output
    assert count(store, "peilmomenten") == 0  # what came after the backup is gone
    assert count(store, "gebieden") == 3
    assert run("audit", "verify", "--db", db)[0] == 0
    with sqlite3.connect(store) as connection:
        last = connection.execute("SELECT actie FROM auditregels ORDER BY volgnummer DESC LIMIT 1").fetchone()[0]
    assert last == "herstel"


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert run("import", str(write_csv_package(tmp_path / "p", mini())), "--db", db)[0] == 0
    (tmp_path / "bestaat.sqlite").write_text("iets anders")
    code, output = run("backup", str(tmp_path / "bestaat.sqlite"), "--db", db)
    assert code == 1 and "bestaat al" in output
    assert (tmp_path / "bestaat.sqlite").read_text() == "iets anders"


def test_a_bad_or_tampered_backup_is_refused_and_the_store_kept(tmp_path: Path) -> None:
    store, copy = tmp_path / "store.sqlite", tmp_path / "backup.sqlite"
    db = f"sqlite:///{store}"
    assert run("import", str(write_csv_package(tmp_path / "p", mini())), "--db", db)[0] == 0
    (tmp_path / "rommel.sqlite").write_bytes(b"geen database")
    code, output = run("restore", str(tmp_path / "rommel.sqlite"), "--ja", "--db", db)
    assert code == 1 and "geen SQLite-database" in output
    assert run("backup", str(copy), "--db", db)[0] == 0
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE auditregels SET actor = 'gebruiker:inbreker'")
    code, output = run("restore", str(copy), "--ja", "--db", db)
    assert code == 1 and "auditspoor" in output and "niet intact" in output
    assert count(store, "gebieden") == 3


def test_postgresql_gets_advice_instead_of_a_backup(tmp_path: Path) -> None:
    code, output = run("backup", str(tmp_path / "x"), "--db", "postgresql://postgres@127.0.0.1:5432/test")
    assert code == 2 and "pg_dump" in output
