"""The commands, as a griffier or controller types them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from raadsmonitor.cli import app
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
