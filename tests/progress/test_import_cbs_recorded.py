"""`import-cbs --jaar` against RECORDED CBS answers (tests/fixtures/cbs-recorded, see tests/fixtures/README.md):
real OData v3 rows of the Kerncijfers wijken en buurten 2022 (85318NED) and 2023 (85618NED) for the buurt
Stadsdriehoek in Rotterdam (BU05990110), served over real HTTP by a local server."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner, Result

from raadsmonitor.cli import app
from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.services.datapackage.importer import import_from
from raadsmonitor.sources import cbs
from raadsmonitor.store.dataset import StoreRecords
from tests.progress.fixture_server import FixtureServer, serving
from tests.progress.test_import_cbs import _store_with_indicators

RECORDED = Path(__file__).resolve().parent.parent / "fixtures" / "cbs-recorded"
MATEN = ["--maat", "Aantal inwoners=inwoners", "--maat", "Personen per soort uitkering; Bijstand=bijstand-personen"]


def _run(engine: Engine, server: FixtureServer, *args: str) -> Result:
    return CliRunner().invoke(app, ["import-cbs", "--jaar", "2022", "--jaar", "2023", "--gemeente", "GM0599",
                                    *MATEN, *args, "--cbs-url", server.base,
                                    "--db", engine.url.render_as_string(hide_password=False)])


def _waarnemingen(engine: Engine) -> dict[tuple[str, str, str], Waarneming]:
    with engine.connect() as connection:
        return {(w.indicator, w.gebied, w.periode): w for w in StoreRecords(connection).all(Waarneming)}


def test_recorded_rows_of_two_years_are_read_by_title_although_a_key_moved(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving(RECORDED) as server:
        result = _run(engine, server)
    assert result.exit_code == 0, result.output
    stored = _waarnemingen(engine)
    # AantalInwoners_5 in both tables; the Bijstand column moved from _83 (2022) to _92 (2023)
    assert stored[("inwoners", "BU05990110", "2022")].waarde == Decimal(18050)
    assert stored[("inwoners", "BU05990110", "2023")].waarde == Decimal(19400)
    assert stored[("bijstand-personen", "BU05990110", "2022")].waarde == Decimal(610)
    assert stored[("bijstand-personen", "BU05990110", "2023")].waarde == Decimal(590)
    assert stored[("inwoners", "BU05990110", "2022")].bron == "cbs-85318ned"
    assert stored[("inwoners", "BU05990110", "2023")].bron == "cbs-85618ned"
    with engine.connect() as connection:
        buurt = {g.id: g for g in StoreRecords(connection).all(Gebied)}["BU05990110"]
    assert buurt.naam == "Stadsdriehoek" and buurt.cbs_code == "BU05990110"
    assert "2022: tabel 85318NED via OData v3, 1 gebied" in result.output  # v4 answered 404 for these tables
    assert "Samenvatting: " in result.output


def test_recorded_rows_a_second_time_change_nothing(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving(RECORDED) as server:
        assert _run(engine, server).exit_code == 0
        again = _run(engine, server, "--format", "json")
    body = json.loads(again.stdout)
    assert body["aantallen"]["waarnemingen"] == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 4}
    assert body["samenvatting"]["nieuw"] == 0 and body["samenvatting"]["gewijzigd"] == 0
    assert body["samenvatting"]["geweigerd"] == 0


def test_an_empty_recorded_year_stops_both_years(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving(RECORDED) as server:
        server.answers["85618NED/TypedDataSet"] = {"odata.metadata": "", "value": []}
        result = _run(engine, server)
    assert result.exit_code == 1
    assert "CBS-tabel 85618NED (2023) gaf geen cijfers voor gemeente GM0599: het antwoord was leeg" in result.output
    assert "Er is niets opgeslagen." in result.output
    assert not any(key[1] == "BU05990110" for key in _waarnemingen(engine))


def test_a_lasting_fault_on_a_recorded_table_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving(RECORDED) as server:
        server.faults["85618NED/WijkenEnBuurten"] = 502
        result = _run(engine, server, "--timeout", "5")
    assert result.exit_code == 1
    assert "CBS heeft een storing: het antwoordde met 502" in result.output
    assert "Er is niets opgeslagen." in result.output
    assert not any(key[1] == "BU05990110" for key in _waarnemingen(engine))


def test_a_recorded_table_by_its_number_takes_the_period_from_the_table(engine: Engine, tmp_path: Path) -> None:
    """`import-cbs 85318NED` (the older form, by table number): the recorded rows have no time dimension, so
    the period is the table's own (2022); every figure names its table and row."""
    _store_with_indicators(engine, tmp_path)
    with serving(RECORDED) as server:
        with engine.connect() as connection:
            gebieden = StoreRecords(connection).all(Gebied)
        reader = cbs.prepare(cbs.UrllibClient(timeout=5), ["85318NED"], {"Aantal inwoners": "inwoners"}, gebieden,
                             date(2026, 12, 6), gemeente="GM0599", base=f"{server.base}/ODataApi/odata")
    report = import_from(engine, reader, reader.source)
    assert report.written, report.problems
    stored = _waarnemingen(engine)[("inwoners", "BU05990110", "2022")]
    assert stored.waarde == Decimal(18050) and stored.toelichting == "CBS-tabel 85318NED, rij 13191"


def test_a_recorded_table_that_does_not_answer_in_time_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving(RECORDED) as server:
        server.delays["85618NED/TypedDataSet"] = 1.5
        result = _run(engine, server, "--timeout", "0.3")
        asked = sum("85618NED/TypedDataSet" in url for url in server.asked)
    assert result.exit_code == 1
    assert "CBS gaf binnen 0.3 seconden geen antwoord" in result.output and "Er is niets opgeslagen." in result.output
    assert asked == 2  # tried once more before giving up
    assert not any(key[1] == "BU05990110" for key in _waarnemingen(engine))
