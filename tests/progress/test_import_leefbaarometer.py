"""Importing a Leefbaarometer score file; synthetic scores, not Leefbaarometer data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.domain.indicators import Leefbaarometerscore
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.services.datapackage.importer import ImportReport, import_from, import_package
from raadsmonitor.sources.leefbaarometer import LeefbaarometerReader
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.web.app import create_app
from tests.packages import mini, write_csv_package

FILE = """bu_code;jaar;lbm;afw;fys;onv;soc;vrz;won
BU09170101;2020;3,9;-0,22;0,01;-0,12;-0,05;0,02;-0,08
BU09170101;2022;3,95;-0,17;0,02;-0,09;-0,04;0,02;-0,08
BU03630000;2022;4,2;0,08;0,02;0,01;0,02;0,02;0,01
"""


def _import(engine: Engine, tmp_path: Path, text: str,
            gemeente: str | None = "GM0917") -> tuple[ImportReport, LeefbaarometerReader]:
    assert import_package(engine, write_csv_package(tmp_path / "pakket", mini())).written
    path = tmp_path / "lbm-scores.csv"
    path.write_text(text, encoding="utf-8")
    with engine.connect() as connection:
        gebieden = StoreRecords(connection).all(Gebied)
    reader = LeefbaarometerReader(path, gebieden, date(2026, 11, 28), gemeente)
    return import_from(engine, reader, path.name), reader


def test_scores_of_the_municipality_are_stored_and_others_skipped(engine: Engine, tmp_path: Path) -> None:
    report, reader = _import(engine, tmp_path, FILE)
    assert report.written, [str(p) for p in report.problems]
    with engine.connect() as connection:
        scores = {(s.gebied, s.jaar): s for s in StoreRecords(connection).all(Leefbaarometerscore)}
    assert sorted(scores) == [("BU09170101", 2020), ("BU09170101", 2022)]
    assert scores[("BU09170101", 2022)].onv == Decimal("-0.09")
    assert reader.notices == ["1 rij overgeslagen: buurten die niet in de monitor staan"]


def test_the_page_shows_dimensions_as_deviation_from_the_national_average(engine: Engine, tmp_path: Path) -> None:
    assert _import(engine, tmp_path, FILE)[0].written
    page = BeautifulSoup(TestClient(create_app(engine)).get("/voortgang/leefbaarometer").text, "html.parser")
    row = page.find("th", string="BU09170101").find_parent("tr")  # type: ignore[union-attr]
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]  # type: ignore[union-attr]
    assert cells[0] == "2022"
    assert cells[1] == "3,95"
    assert cells[3] == "-0,09 (onder gemiddelde)"  # overlast en onveiligheid
    assert cells[2] == "+0,02 (boven gemiddelde)"


def test_a_bad_year_is_refused_with_file_row_and_column(engine: Engine, tmp_path: Path) -> None:
    report, _ = _import(engine, tmp_path, FILE.replace("BU09170101;2020", "BU09170101;twintig"))
    assert not report.ok
    assert str(report.problems[0]).startswith("lbm-scores.csv:2:jaar:")


def test_a_missing_column_is_named(engine: Engine, tmp_path: Path) -> None:
    report, _ = _import(engine, tmp_path, "bu_code;jaar;lbm\nBU09170101;2020;3,9\n")
    assert [str(p) for p in report.problems][:2] == ["lbm-scores.csv:1:fys: kolom ontbreekt",
                                                      "lbm-scores.csv:1:onv: kolom ontbreekt"]


def test_the_command_reads_a_file_and_says_what_it_skipped(engine: Engine, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from raadsmonitor.cli import app

    assert import_package(engine, write_csv_package(tmp_path / "pakket", mini())).written
    path = tmp_path / "scores.csv"
    path.write_text(FILE, encoding="utf-8")
    result = CliRunner().invoke(app, ["import-leefbaarometer", str(path), "--gemeente", "GM0917",
                                      "--db", engine.url.render_as_string(hide_password=False)])
    assert result.exit_code == 0, result.output
    assert "leefbaarometerscores: 2 nieuw" in result.output
    assert "let op: 1 rij overgeslagen" in result.output
