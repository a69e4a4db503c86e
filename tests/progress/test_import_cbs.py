"""Importing CBS open data, offline against hand-written responses in the API's shape."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.domain.programme import Bron, Gebied
from raadsmonitor.services.datapackage.importer import ImportReport, import_from, import_package
from raadsmonitor.sources import cbs
from raadsmonitor.store.dataset import StoreRecords
from tests.packages import mini, write_csv_package
from tests.progress.cbs_responses import PAGE_2, FakeCbs

MATEN = {"Aantal inwoners": "inwoners", "Personen per soort uitkering; Bijstand": "bijstand-personen"}
TODAY = date(2026, 11, 28)


def _store_with_indicators(engine: Engine, tmp_path: Path) -> None:
    tables = mini()
    tables["indicatoren"] += [
        {"id": "inwoners", "naam": "Aantal inwoners", "eenheid": "aantal", "polariteit": "neutraal",
         "bron": "rk2023-test"},
        {"id": "bijstand-personen", "naam": "Personen in de bijstand", "eenheid": "aantal",
         "polariteit": "lager is beter", "bron": "rk2023-test"}]
    assert import_package(engine, write_csv_package(tmp_path / "pakket", tables)).written


def _import(engine: Engine, client: FakeCbs, tables: list[str],
            **options: object) -> tuple[ImportReport, cbs.CbsPackageReader]:
    with engine.connect() as connection:
        gebieden = StoreRecords(connection).all(Gebied)
    reader = cbs.prepare(client, tables, MATEN, gebieden, TODAY, **options)  # type: ignore[arg-type]
    return import_from(engine, reader, reader.source), reader


def _waarnemingen(engine: Engine) -> dict[tuple[str, str, str], Waarneming]:
    with engine.connect() as connection:
        return {(w.indicator, w.gebied, w.periode): w for w in StoreRecords(connection).all(Waarneming)}


def test_measures_are_matched_by_title_across_years_and_pages_are_followed(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    client = FakeCbs()
    report, _ = _import(engine, client, ["85618NED", "85984NED"])
    assert report.written, [str(p) for p in report.problems]
    assert PAGE_2 in client.asked
    stored = _waarnemingen(engine)
    assert stored[("inwoners", "GM0917", "2023")].waarde == Decimal(86762)
    assert stored[("inwoners", "GM0917", "2024")].waarde == Decimal(87000)  # key AantalInwoners_6 that year
    assert stored[("bijstand-personen", "GM0917", "2024")].waarde == Decimal(4300)
    assert stored[("inwoners", "BU09170101", "2023")].waarde == Decimal(1510)  # from the second page
    assert stored[("inwoners", "GM0917", "2023")].peildatum is not None
    assert stored[("inwoners", "GM0917", "2023")].bron == "cbs-85618ned"


def test_suppressed_and_null_cells_are_stored_as_unknown_never_zero(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    assert _import(engine, FakeCbs(), ["85618NED"])[0].written
    stored = _waarnemingen(engine)
    null_cell = stored[("bijstand-personen", "WK091701", "2023")]
    dot_cell = stored[("bijstand-personen", "BU09170101", "2023")]
    assert null_cell.waarde is None and dot_cell.waarde is None
    assert "geheim of leeg in de bron" in (dot_cell.toelichting or "")


def test_padded_region_codes_are_stripped_and_new_regions_get_their_names_and_parents(
        engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    assert _import(engine, FakeCbs(), ["85618NED"])[0].written
    with engine.connect() as connection:
        records = StoreRecords(connection)
        gebieden = {g.id: g for g in records.all(Gebied)}
        bron = {b.id: b for b in records.all(Bron)}["cbs-85618ned"]
    assert gebieden["GM0917"].naam == "Heerlen"  # the existing area, untouched
    assert gebieden["GM0917"].bron == "rk2023-test"
    assert gebieden["WK091701"].naam == "Wijk 01 Heerlerheide" and gebieden["WK091701"].ligt_in == "GM0917"
    assert gebieden["BU09170101"].soort.value == "buurt" and gebieden["BU09170101"].ligt_in == "WK091701"
    assert ("inwoners", "NL01", "2023") in _waarnemingen(engine)  # NL00 in the table is the country
    assert bron.document == "Kerncijfers wijken en buurten 2023" and bron.url and "85618NED" in bron.url


def test_an_unknown_measure_title_is_refused_with_the_titles_the_table_has() -> None:
    with pytest.raises(cbs.CbsError) as error:
        cbs.prepare(FakeCbs(), ["85618NED"], {"Aantal inwoners totaal": "inwoners"}, [], TODAY)
    assert "maat 'Aantal inwoners totaal' staat niet in CBS-tabel 85618NED" in str(error.value)
    assert "Aantal inwoners" in str(error.value)


def test_a_refused_row_writes_nothing_at_all(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    client = FakeCbs()
    client.answers[PAGE_2]["value"][1]["AantalInwoners_5"] = "veel"
    report, _ = _import(engine, client, ["85618NED"])
    assert not report.ok
    assert any("waarnemingen" in str(p) and "'veel' is geen getal" in p.message for p in report.problems)
    assert ("inwoners", "GM0917", "2023") not in _waarnemingen(engine)


def test_an_indicator_that_does_not_exist_is_refused(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with engine.connect() as connection:
        gebieden = StoreRecords(connection).all(Gebied)
    reader = cbs.prepare(FakeCbs(), ["85984NED"], {"Aantal inwoners": "bevolking"}, gebieden, TODAY)
    report = import_from(engine, reader, reader.source)
    assert [p.message for p in report.problems][0] == "verwijst naar 'bevolking', maar die bestaat niet in Indicatoren"


def test_the_v4_next_link_is_followed_too() -> None:
    client = FakeCbs({"https://x/a": {"value": [{"n": 1}], "@odata.nextLink": "https://x/b"},
                      "https://x/b": {"value": [{"n": 2}]}})
    assert cbs.fetch_all(client, "https://x/a") == [{"n": 1}, {"n": 2}]


def test_a_next_link_that_loops_is_refused() -> None:
    client = FakeCbs({"https://x/a": {"value": [], "odata.nextLink": "https://x/a"}})
    with pytest.raises(cbs.CbsError, match="paginering"):
        cbs.fetch_all(client, "https://x/a")


@pytest.mark.parametrize(("code", "expected"), [
    ("2023JJ00", ("2023", "2023")), ("2023MM05", ("2023-05", "2023-05")), ("2023KW02", ("2023-K2", "2023-04"))])
def test_cbs_period_codes(code: str, expected: tuple[str, str]) -> None:
    assert cbs.period_of(code) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, ""), ("       .", ""), ("", ""), (4460.0, "4460.0"), (86762, "86762"), (" 12,5 ".replace(",", "."), "12.5")])
def test_cbs_cells(value: object, expected: str) -> None:
    assert cbs.cell_text(value) == expected


@pytest.mark.network
@pytest.mark.skipif(os.environ.get("RAADSMONITOR_NETWORK_TESTS") != "1",
                    reason="RAADSMONITOR_NETWORK_TESTS=1 niet gezet")
def test_live_kerncijfers_wijken_en_buurten_heerlen() -> None:
    tabel = cbs.read_table(cbs.UrllibClient(), "85618NED", gemeente="GM0917")
    assert "wijken en buurten" in str(tabel.info.get("Title", "")).lower()
    assert any(str(row.get("WijkenEnBuurten", "")).strip() == "GM0917" for row in tabel.rows)
    measures, problems = cbs.match_measures(tabel, {"Aantal inwoners": "inwoners"})
    assert problems == [] and list(measures.values()) == ["inwoners"]


def test_the_command_refuses_a_measure_without_an_indicator_before_reaching_cbs(engine: Engine) -> None:
    from typer.testing import CliRunner

    from raadsmonitor.cli import app

    result = CliRunner().invoke(app, ["import-cbs", "85618NED", "--maat", "Aantal inwoners",
                                      "--db", engine.url.render_as_string(hide_password=False)])
    assert result.exit_code == 2
    assert "--maat 'Aantal inwoners': schrijf TITEL=indicator" in result.output
