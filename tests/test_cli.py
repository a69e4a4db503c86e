"""The commands, as a griffier or controller types them."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from raadsmonitor import cli
from raadsmonitor.cli import app
from raadsmonitor.store.database import is_migrated
from tests.conftest import PostgresDatabases, skip_or_fail
from tests.packages import mini, write_csv_package

runner = CliRunner()


def test_import_reports_counts_then_changes_nothing_the_second_time(store_url: str, tmp_path: Path) -> None:
    package = write_csv_package(tmp_path / "p", mini())
    first = runner.invoke(app, ["import", str(package), "--db", store_url])
    assert first.exit_code == 0, first.output
    assert "gebieden: 3 nieuw, 0 gewijzigd, 0 ongewijzigd" in first.stdout
    second = runner.invoke(app, ["import", str(package), "--db", store_url])
    assert "gebieden: 0 nieuw, 0 gewijzigd, 3 ongewijzigd" in second.stdout


def test_import_errors_as_json_with_exit_code(store_url: str, tmp_path: Path) -> None:
    tables = mini()
    tables["themas"][0]["volgorde"] = "eerste"
    result = runner.invoke(app, ["import", str(write_csv_package(tmp_path / "p", tables)), "--format", "json",
                                 "--db", store_url])
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["geslaagd"] is False and body["opgeslagen"] is False
    assert body["fouten"] == [{"plaats": "themas.csv:2:volgorde", "bestand": "themas.csv", "rij": 2,
                               "kolom": "volgorde", "melding": "'eerste' is geen geheel getal"}]


def test_dry_run_says_nothing_was_stored(store_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(write_csv_package(tmp_path / "p", mini())), "--dry-run",
                                 "--db", store_url])
    assert result.exit_code == 0
    assert "Proefrun: alles is geldig; er is niets opgeslagen." in result.stdout


def test_demo_without_serving_loads_the_report_and_export_writes_every_table(store_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--no-serve", "--db", store_url])
    assert result.exit_code == 0, result.output
    assert "Demo Heerlen-Noord geladen" in result.stdout
    exported = runner.invoke(app, ["export", str(tmp_path / "uit"), "--format", "csv", "--db", store_url])
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "uit" / "geldstromen.csv").read_text(encoding="utf-8").count("\n") > 5


def test_export_refuses_a_database_without_data(tmp_path: Path) -> None:
    (tmp_path / "leeg.sqlite").touch()
    result = runner.invoke(app, ["export", str(tmp_path / "uit"), "--db", f"sqlite:///{tmp_path / 'leeg.sqlite'}"])
    assert result.exit_code == 2
    assert "geen raadsmonitor-gegevens gevonden" in result.stderr


def test_export_refuses_a_database_file_that_does_not_exist_and_does_not_create_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path / "uit"), "--db", f"sqlite:///{tmp_path / 'nergens.sqlite'}"])
    assert result.exit_code == 2
    assert f"het databasebestand {tmp_path / 'nergens.sqlite'} bestaat niet" in result.stderr
    assert not (tmp_path / "nergens.sqlite").exists()


def test_template_command_writes_a_workbook(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", str(tmp_path / "sjabloon.xlsx")])
    assert result.exit_code == 0
    assert (tmp_path / "sjabloon.xlsx").stat().st_size > 10_000


@pytest.mark.postgres
def test_serve_gives_an_empty_postgresql_database_its_schema_and_starts(
        postgres_databases: PostgresDatabases | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hosted set-up (issue 21): compose starts PostgreSQL with an empty database; `serve` prepares it once and
    starts, so the data can be loaded in the browser. Found by running the container (tests/container)."""
    if postgres_databases is None:
        skip_or_fail(os.environ.get("RAADSMONITOR_POSTGRES_UNAVAILABLE", "PostgreSQL niet bereikbaar"))
        return
    empty = f"rm_test_leeg_{uuid.uuid4().hex[:8]}"
    with postgres_databases.admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{empty}"'))
    postgres_databases.created.append(empty)
    url = postgres_databases._url(empty)
    served: list[Engine] = []
    monkeypatch.setattr(cli, "_check_port", lambda host, port: None)
    monkeypatch.setattr(cli, "_serve", lambda engine, *args, **kwargs: served.append(engine))
    result = runner.invoke(app, ["serve", "--db", url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert len(served) == 1 and is_migrated(served[0])
    served[0].dispose()


def test_serve_still_refuses_an_empty_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "leeg.sqlite").touch()
    monkeypatch.setattr(cli, "_check_port", lambda host, port: None)
    monkeypatch.setattr(cli, "_serve", lambda *args, **kwargs: pytest.fail("started on an empty file"))
    result = runner.invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 'leeg.sqlite'}"])
    assert result.exit_code == 2 and "geen raadsmonitor-gegevens gevonden" in result.stderr
