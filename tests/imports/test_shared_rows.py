"""Issue 20: a second focus area's package must not silently change rows another programme uses.

Heerlen-Noord (the demo) is loaded; Arnhem-Oost, another NPLV focus area, is imported into the same store. Its
package repeats the national programme NPLV, the area Nederland and the ministry BZK with other or empty fields.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.cli import app
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store import audit, repository
from raadsmonitor.store.database import open_store_engine
from tests.packages import write_csv_package

BRON = "arnhem-test"
NPLV_AMBITIE = "De leefbaarheid en veiligheid van de meest kwetsbare gebieden in Nederland in 15-20 jaar tijd"


def arnhem(**changes: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Arnhem-Oost as a controller enters it: the shared rows repeated, NPLV without its ambition."""
    tables: dict[str, list[dict[str, Any]]] = {
        "bronnen": [{"id": BRON, "document": "Gemeente Arnhem, Arnhem-Oost", "datum": "2024"}],
        "gebieden": [{"id": "NL01", "naam": "Nederland (CBS)", "soort": "land", "cbs_code": "NL01", "bron": BRON},
                     {"id": "arnhem-oost", "naam": "Arnhem-Oost", "soort": "focusgebied", "ligt_in": "NL01",
                      "bron": BRON}],
        "programmas": [{"id": "nplv", "naam": "Nationaal programma leefbaarheid en veiligheid", "afkorting": "NPLV",
                        "startdatum": "2022", "bron": BRON},
                       {"id": "arnhem-oost", "naam": "Arnhem-Oost", "focusgebied": "arnhem-oost",
                        "onderdeel_van": "nplv", "startdatum": "2022", "bron": BRON}],
        "organisaties": [{"id": "bzk", "naam": "Ministerie van BZK", "sector": "Rijk", "bron": BRON}],
        "geldstromen": [{"id": "arnhem-oost-pakket", "naam": "Pakket Arnhem-Oost", "programma": "arnhem-oost",
                         "herkomst": "rijk", "verstrekker": "bzk", "totaalbedrag": "26,6 mln", "bron": BRON}],
    }
    for name, rows in changes.items():
        tables[name] = rows  # type: ignore[assignment]
    return tables


@pytest.fixture
def heerlen(engine: Engine, demo_package: Path) -> Engine:
    assert import_package(engine, demo_package).written
    return engine


def stored(engine: Engine, table: str, key: str) -> Any:
    with engine.connect() as connection:
        return repository.load_one(connection, TABLES_BY_NAME[table], (key,))


def test_changing_rows_heerlen_uses_is_refused_naming_rows_fields_and_programmes(heerlen: Engine,
                                                                                tmp_path: Path) -> None:
    report = import_package(heerlen, write_csv_package(tmp_path / "arnhem", arnhem()))
    assert not report.written
    found = {problem.message.split(" ", 1)[0]: (str(problem.place), problem.message) for problem in report.problems}
    assert sorted(found) == ["gebieden/NL01", "organisaties/bzk", "programmas/nplv"]
    place, nplv = found["programmas/nplv"]
    assert place == "programmas.csv:2"
    assert "is een eigen rij van het landelijke programma nplv (Nationaal programma leefbaarheid en veiligheid)" in nplv
    assert "wordt ook gebruikt door nphln (Nationaal Programma Heerlen-Noord)" in nplv
    assert f"ambitie ('{NPLV_AMBITIE[:60]}…' → leeg)" in nplv and "doeljaar_toelichting ('Geen doeljaar" in nplv
    assert "--wijzig-gedeeld" in nplv
    _, nl01 = found["gebieden/NL01"]
    assert "naam ('Nederland' → 'Nederland (CBS)')" in nl01 and "nphln (Nationaal Programma Heerlen-Noord)" in nl01
    assert "arnhem-oost" not in nl01.split("; deze import")[0]  # the package's own programme is no other user
    _, bzk = found["organisaties/bzk"]
    assert "naam ('BZK' → 'Ministerie van BZK')" in bzk and "wordt ook gebruikt door nphln" in bzk
    # Nothing was written: NPLV keeps its ambition, Arnhem-Oost is not there.
    assert stored(heerlen, "programmas", "nplv").ambitie.startswith(NPLV_AMBITIE)
    assert stored(heerlen, "programmas", "arnhem-oost") is None


def test_a_package_that_repeats_shared_rows_unchanged_is_imported(heerlen: Engine, tmp_path: Path,
                                                                   demo_package: Path) -> None:
    import csv

    def demo_row(table: str, key: str) -> dict[str, Any]:
        with (demo_package / f"{table}.csv").open(encoding="utf-8") as handle:
            return next(row for row in csv.DictReader(handle) if row["id"] == key)

    tables = arnhem()
    tables["gebieden"][0] = demo_row("gebieden", "NL01")
    tables["organisaties"] = [demo_row("organisaties", "bzk")]
    tables["programmas"][0] = demo_row("programmas", "nplv")
    tables["bronnen"] += [demo_row("bronnen", row["bron"]) for row in tables["gebieden"][:1] + tables["organisaties"]
                          + tables["programmas"][:1]]
    report = import_package(heerlen, write_csv_package(tmp_path / "arnhem", tables))
    assert report.written, [str(problem) for problem in report.problems]
    assert report.changes == [] and report.counts["programmas"].added == 1
    assert stored(heerlen, "geldstromen", "arnhem-oost-pakket").totaalbedrag == Decimal("26600000")


def test_with_the_flag_shared_rows_change_and_the_audit_trail_holds_old_and_new(heerlen: Engine,
                                                                                tmp_path: Path) -> None:
    report = import_package(heerlen, write_csv_package(tmp_path / "arnhem", arnhem()), change_shared=True)
    assert report.written
    by_name = {change.name: change for change in report.changes}
    assert sorted(by_name) == ["gebieden/NL01", "organisaties/bzk", "programmas/nplv"]
    nplv = {item.field: (item.old, item.new) for item in by_name["programmas/nplv"].fields}
    assert nplv["ambitie"][0].startswith(NPLV_AMBITIE) and nplv["ambitie"][1] is None  # an empty cell clears
    assert nplv["bron"] == ("rk2023-par2-1", BRON)
    assert stored(heerlen, "programmas", "nplv").ambitie is None
    with heerlen.connect() as connection:
        records = {record.object: record for record in audit.iter_records(connection) if record.actie == "wijzigen"}
    record = records["programmas/nplv"]
    assert record.oud is not None and record.nieuw is not None and record.toelichting is not None
    assert json.loads(record.oud)["ambitie"].startswith(NPLV_AMBITIE) and json.loads(record.nieuw)["ambitie"] is None
    assert "gedeelde rij" in record.toelichting and "--wijzig-gedeeld" in record.toelichting
    nieuw = records["gebieden/NL01"].nieuw
    assert nieuw is not None and json.loads(nieuw)["naam"] == "Nederland (CBS)"


def test_a_change_to_a_row_only_the_package_uses_needs_no_flag(heerlen: Engine, tmp_path: Path) -> None:
    assert import_package(heerlen, write_csv_package(tmp_path / "a", arnhem()), change_shared=True).written
    tables = arnhem()
    tables["geldstromen"][0]["totaalbedrag"] = "49,2 mln"
    del tables["gebieden"], tables["organisaties"]
    tables["programmas"] = tables["programmas"][1:]
    report = import_package(heerlen, write_csv_package(tmp_path / "b", tables))
    assert report.written, [str(problem) for problem in report.problems]
    [change] = report.changes
    assert (change.name, change.row, change.shared) == ("geldstromen/arnhem-oost-pakket", 2, False)
    assert [(item.field, item.old, item.new) for item in change.fields] == [("totaalbedrag", "26600000", "49200000")]


def test_the_dry_run_lists_every_changed_field_in_text_and_json(store_url: str, tmp_path: Path,
                                                                demo_package: Path) -> None:
    engine = open_store_engine(store_url)
    assert import_package(engine, demo_package).written
    package = write_csv_package(tmp_path / "arnhem", arnhem())
    runner = CliRunner()
    text = runner.invoke(app, ["import", str(package), "--dry-run", "--db", store_url])
    assert text.exit_code == 1
    assert "gebieden.csv:2: gebieden/NL01 wordt ook gebruikt door nphln" in text.output
    assert "  gebieden/NL01 (gebieden.csv, rij 2) — gedeeld: wordt ook gebruikt door nphln" in text.output
    assert "    naam: Nederland → Nederland (CBS)" in text.output
    allowed = runner.invoke(app, ["import", str(package), "--dry-run", "--wijzig-gedeeld", "--format", "json",
                                  "--db", store_url])
    assert allowed.exit_code == 0, allowed.output
    result = json.loads(allowed.stdout)
    assert result["opgeslagen"] is False and result["aantallen"]["gebieden"]["gewijzigd"] == 1
    nl01 = next(change for change in result["wijzigingen"] if change["object"] == "gebieden/NL01")
    assert nl01["rij"] == 2 and nl01["ook_gebruikt_door"] == ["nphln (Nationaal Programma Heerlen-Noord)"]
    assert {"veld": "naam", "oud": "Nederland", "nieuw": "Nederland (CBS)"} in nl01["velden"]
    assert stored(engine, "gebieden", "NL01").naam == "Nederland"  # a dry run writes nothing


def demo_rows(demo_package: Path, table: str, **changed: str) -> list[dict[str, Any]]:
    import csv

    with (demo_package / f"{table}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [dict(row, **changed[row["id"]]) if row["id"] in changed else row for row in rows]  # type: ignore[arg-type]


def test_with_one_focus_area_its_package_may_change_the_national_programme(heerlen: Engine, tmp_path: Path,
                                                                          demo_package: Path) -> None:
    programmas = demo_rows(demo_package, "programmas", nplv={"doeljaar": "2042"})  # type: ignore[arg-type]
    report = import_package(heerlen, write_csv_package(tmp_path / "p", {"programmas": programmas}))
    assert report.written, [str(problem) for problem in report.problems]
    [change] = report.changes
    assert (change.name, change.shared, change.national) == (
        "programmas/nplv", False, ("nplv (Nationaal programma leefbaarheid en veiligheid)",))
    assert [(item.field, item.old, item.new) for item in change.fields] == [("doeljaar", None, 2042)]


def test_a_national_doel_is_shared_once_a_second_focus_area_is_loaded(heerlen: Engine, tmp_path: Path,
                                                                       demo_package: Path) -> None:
    assert import_package(heerlen, write_csv_package(tmp_path / "a", arnhem()), change_shared=True).written
    doelen = [row for row in demo_rows(demo_package, "doelen") if row["id"] == "er-fysieke-leefomgeving"]
    doelen[0]["omschrijving"] = "Een betere fysieke leefomgeving"
    report = import_package(heerlen, write_csv_package(tmp_path / "b", {"doelen": doelen}))
    assert not report.written
    [problem] = report.problems
    assert str(problem.place) == "doelen.csv:2"
    assert problem.message.startswith(
        "doelen/er-fysieke-leefomgeving is een eigen rij van het landelijke programma nplv (Nationaal programma "
        "leefbaarheid en veiligheid) en wordt ook gebruikt door arnhem-oost (Arnhem-Oost), nphln (Nationaal "
        "Programma Heerlen-Noord); deze import zou wijzigen: omschrijving ('Het verbeteren van de fysieke "
        "leefomgeving' → 'Een betere fysieke leefomgeving')")


def test_a_package_of_no_programmes_own_rows_may_change_what_one_programme_uses(heerlen: Engine, tmp_path: Path,
                                                                                 demo_package: Path) -> None:
    doelen = [row for row in demo_rows(demo_package, "doelen") if row["id"] == "er-fysieke-leefomgeving"]
    doelen[0]["omschrijving"] = "Een betere fysieke leefomgeving"
    gebieden = [dict(row, naam="Nederland (CBS)") for row in demo_rows(demo_package, "gebieden") if row["id"] == "NL01"]
    report = import_package(heerlen, write_csv_package(tmp_path / "p", {"doelen": doelen, "gebieden": gebieden}))
    assert report.written, [str(problem) for problem in report.problems]
    assert sorted(change.name for change in report.changes) == ["doelen/er-fysieke-leefomgeving", "gebieden/NL01"]
    assert stored(heerlen, "gebieden", "NL01").naam == "Nederland (CBS)"
    # With Arnhem-Oost beside it, the same kind of package is refused: two programmes use NL01.
    assert import_package(heerlen, write_csv_package(tmp_path / "a", arnhem()), change_shared=True).written
    gebieden[0]["naam"] = "Nederland"
    refused = import_package(heerlen, write_csv_package(tmp_path / "q", {"gebieden": gebieden}))
    assert [problem.message.split(";")[0] for problem in refused.problems] == [
        "gebieden/NL01 wordt ook gebruikt door arnhem-oost (Arnhem-Oost), nphln (Nationaal Programma Heerlen-Noord)"]
