"""Export, import into an empty store, export again: identical files, in both containers."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from raadsmonitor.services.datapackage.exporter import export_package
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import make_engine, migrate


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _empty_sqlite(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine


def test_csv_round_trip_is_exact(demo_store: Engine, tmp_path: Path) -> None:
    export_package(demo_store, tmp_path / "eerste", "csv")
    second_store = _empty_sqlite(tmp_path / "tweede.sqlite")
    assert import_package(second_store, tmp_path / "eerste").written
    export_package(second_store, tmp_path / "tweede", "csv")
    assert _files(tmp_path / "eerste") == _files(tmp_path / "tweede")


def test_xlsx_round_trip_is_exact(demo_store: Engine, tmp_path: Path) -> None:
    export_package(demo_store, tmp_path / "eerste.xlsx", "xlsx")
    second_store = _empty_sqlite(tmp_path / "tweede.sqlite")
    report = import_package(second_store, tmp_path / "eerste.xlsx")
    assert report.written, [str(p) for p in report.problems]
    export_package(second_store, tmp_path / "tweede.xlsx", "xlsx")
    assert (tmp_path / "eerste.xlsx").read_bytes() == (tmp_path / "tweede.xlsx").read_bytes()
    export_package(second_store, tmp_path / "csv-uit-xlsx", "csv")
    export_package(demo_store, tmp_path / "csv-uit-demo", "csv")
    assert _files(tmp_path / "csv-uit-xlsx") == _files(tmp_path / "csv-uit-demo")


def test_exported_text_that_looks_like_a_formula_is_neutralised(engine: Engine, tmp_path: Path) -> None:
    from tests.packages import mini, write_csv_package

    tables = mini()
    tables["bronnen"][0]["toelichting"] = "=cmd|' /C calc'!A0"
    assert import_package(engine, write_csv_package(tmp_path / "in", tables)).written
    export_package(engine, tmp_path / "uit", "csv")
    assert "'=cmd|' /C calc'!A0" in (tmp_path / "uit" / "bronnen.csv").read_text(encoding="utf-8")
    export_package(engine, tmp_path / "uit.xlsx", "xlsx")
    from openpyxl import load_workbook

    cell = load_workbook(tmp_path / "uit.xlsx")["bronnen"]["H2"]
    assert cell.data_type == "s" and cell.value == "'=cmd|' /C calc'!A0"
