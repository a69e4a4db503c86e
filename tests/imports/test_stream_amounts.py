"""Issue 20: '49,2' in an amount cell is not € 49,20. A stream's amount below € 1.000 is refused with the
likely reading, at every door: the CSV folder, the workbook, the command line, a form or the API."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.domain.access import Principal, Rol
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.writes import WriteRefused, save_record
from raadsmonitor.store import repository
from tests.packages import mini, write_csv_package
from tests.test_import_package import messages, refused, write_workbook


def amounts(engine: Engine) -> dict[str, Decimal | None]:
    with engine.connect() as connection:
        return {stroom.id: stroom.totaalbedrag
                for stroom in repository.load_records(connection, TABLES_BY_NAME["geldstromen"])}


def test_a_package_amount_of_49_comma_2_is_refused_naming_file_row_column(engine: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["geldstromen"][0]["totaalbedrag"] = "49,2"
    tables["geldstroombedragen"][0]["bedrag"] = "22.6"
    found = messages(refused(engine, write_csv_package(tmp_path / "p", tables)))
    assert any(message.startswith("geldstromen.csv:2:totaalbedrag: '49,2' wordt gelezen als € 49,20;")
               and "Bedoelde u € 49.200.000?" in message for message in found), found
    assert any(message.startswith("geldstroombedragen.csv:2:bedrag: '22.6' wordt gelezen als € 22,60;")
               and "Bedoelde u € 22.600.000?" in message for message in found), found


def test_a_number_6_9_in_a_workbook_is_refused_naming_the_sheet(engine: Engine, tmp_path: Path) -> None:
    tables: dict[str, list[dict[str, object]]] = {name: list(rows) for name, rows in mini().items()}
    tables["geldstromen"] = [dict(tables["geldstromen"][0], totaalbedrag=6.9)]
    found = messages(refused(engine, write_workbook(tmp_path / "p.xlsx", tables)))
    assert any(message.startswith("geldstromen:2:totaalbedrag: '6.9' wordt gelezen als € 6,90;")
               and "Bedoelde u € 6.900.000?" in message for message in found), found


def test_an_amount_in_millions_is_read_exactly(engine: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["geldstromen"][0]["totaalbedrag"] = "49,2 mln"
    report = import_package(engine, write_csv_package(tmp_path / "p", tables))
    assert report.written, messages(report)
    assert amounts(engine) == {"pmg": Decimal("49200000")}


def test_small_amounts_that_are_meant_are_imported_with_the_flag(store_url: str, tmp_path: Path) -> None:
    tables = mini()
    tables["geldstromen"][0]["totaalbedrag"] = "750"
    package = write_csv_package(tmp_path / "p", tables)
    runner = CliRunner()
    without = runner.invoke(app, ["import", str(package), "--db", store_url])
    assert without.exit_code == 1 and "Bedoelde u € 750.000 of € 750.000.000?" in without.output
    assert "lees het pakket in met 'raadsmonitor import --kleine-bedragen'" in without.stderr  # the CLI says how
    meant = runner.invoke(app, ["import", str(package), "--kleine-bedragen", "--db", store_url])
    assert meant.exit_code == 0, meant.output
    from raadsmonitor.store.database import open_store_engine

    assert amounts(open_store_engine(store_url)) == {"pmg": Decimal("750")}


def test_a_form_or_api_write_gets_the_same_rule(engine: Engine, tmp_path: Path) -> None:
    assert import_package(engine, write_csv_package(tmp_path / "p", mini())).written
    principal = Principal(gebruiker="controller", rol=Rol.PROGRAMMABUREAU)
    context = AuditContext(actor="gebruiker:controller", herkomst=Kanaal.API)
    values = {**mini()["geldstroombedragen"][0], "jaar": "2023", "bedrag": "6,9"}
    with pytest.raises(WriteRefused) as refusal:
        save_record(engine, principal, context, "geldstroombedragen", values)
    assert refusal.value.status == 422
    [problem] = refusal.value.problems
    assert problem.column == "bedrag" and "Bedoelde u € 6.900.000?" in problem.message
    saved = save_record(engine, principal, context, "geldstroombedragen", {**values, "bedrag": "6,9 mln"})
    assert saved.record.bedrag == Decimal("6900000")
