"""`import-cbs --jaar`: the Kerncijfers wijken en buurten of any year, read over real HTTP from a local server
that serves recorded answer shapes (tests/fixtures/cbs, see its README), never by patching the client."""

from __future__ import annotations

import io
import json
import os
import urllib.parse
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner, Result

from raadsmonitor.cli import app
from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.sources import cbs, cbs_wijkbuurt
from raadsmonitor.sources.cbs import UrllibClient as CbsHttpClient
from raadsmonitor.sources.http import Voortgangsregels
from raadsmonitor.store.dataset import StoreRecords
from tests.progress.fixture_server import FixtureServer, serving
from tests.progress.test_import_cbs import TODAY, _store_with_indicators

MATEN = ["--maat", "Aantal inwoners=inwoners", "--maat", "Personen per soort uitkering; Bijstand=bijstand-personen"]


def _run(engine: Engine, server: FixtureServer, *args: str) -> Result:
    return CliRunner().invoke(app, ["import-cbs", *args, *MATEN, "--cbs-url", server.base,
                                    "--db", engine.url.render_as_string(hide_password=False)])


def _waarnemingen(engine: Engine) -> dict[tuple[str, str, str], Waarneming]:
    with engine.connect() as connection:
        return {(w.indicator, w.gebied, w.periode): w for w in StoreRecords(connection).all(Waarneming)}


def test_a_year_on_the_v4_api_brings_country_municipality_wijken_and_buurten_in_one_go(
        engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving() as server:
        result = _run(engine, server, "--jaar", "2024", "--gemeente", "GM0917")
    assert result.exit_code == 0, result.output
    assert any("Observations" in url and "skiptoken=2" in url for url in server.asked)  # the second page
    assert not any("/ODataApi/" in url for url in server.asked)  # v4 had the table: v3 never asked
    asked = [urllib.parse.unquote(url) for url in server.asked if "/Observations?" in url]
    assert "Measure in ('M000297','T001036') and (startswith(WijkenEnBuurten,'NL') or " in asked[0]
    assert "startswith(WijkenEnBuurten,'BU0917')" in asked[0]
    stored = _waarnemingen(engine)
    assert stored[("inwoners", "NL01", "2024")].waarde == Decimal(17942942)  # the national figure, same year
    assert stored[("inwoners", "GM0917", "2024")].waarde == Decimal(87000)
    assert stored[("inwoners", "BU09170102", "2024")].waarde == Decimal(2210)  # from the second page
    assert stored[("bijstand-personen", "BU09170101", "2024")].waarde is None  # "Confidential": unknown, not 0
    assert {w.bron for key, w in stored.items() if key[2] == "2024"} == {"cbs-85984ned"}
    with engine.connect() as connection:
        gebieden = {g.id: g for g in StoreRecords(connection).all(Gebied)}
    assert gebieden["BU09170102"].naam == "Passart" and gebieden["BU09170102"].ligt_in == "WK091701"
    assert gebieden["WK091701"].ligt_in == "GM0917" and gebieden["WK091701"].cbs_code == "WK091701"
    assert "2024: tabel 85984NED via OData v4, 5 gebieden" in result.output


def test_years_only_on_the_v3_feed_are_matched_by_title_although_their_keys_changed(
        engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving() as server:
        result = _run(engine, server, "--jaar", "2022", "--jaar", "2023", "--gemeente", "GM0917")
    assert result.exit_code == 0, result.output
    stored = _waarnemingen(engine)
    assert stored[("inwoners", "GM0917", "2022")].waarde == Decimal(86500)  # key AantalInwoners_5
    assert stored[("inwoners", "GM0917", "2023")].waarde == Decimal(86762)  # key AantalInwoners_6
    assert stored[("inwoners", "NL01", "2022")].waarde == Decimal(17590672)
    assert stored[("bijstand-personen", "BU09170101", "2022")].waarde is None  # "." in the source
    assert stored[("bijstand-personen", "BU09170101", "2023")].waarde == Decimal(40)
    assert stored[("inwoners", "GM0917", "2023")].bron == "cbs-85618ned"
    assert any("/odata/v1/CBS/85318NED/Properties" in url for url in server.asked)  # v4 tried first: 404
    assert "2022: tabel 85318NED via OData v3" in result.output


def test_dry_run_in_json_counts_new_rows_and_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving() as server:
        result = _run(engine, server, "--jaar", "2024", "--gemeente", "GM0917", "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["proefrun"] is True and report["opgeslagen"] is False
    assert report["aantallen"]["waarnemingen"] == {"nieuw": 10, "gewijzigd": 0, "ongewijzigd": 0}
    assert report["aantallen"]["gebieden"]["nieuw"] == 3  # the wijk and its two buurten
    assert report["geweigerd"] == 0
    assert ("inwoners", "GM0917", "2024") not in _waarnemingen(engine)


def test_a_second_run_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving() as server:
        assert _run(engine, server, "--jaar", "2024", "--gemeente", "GM0917").exit_code == 0
        again = _run(engine, server, "--jaar", "2024", "--gemeente", "GM0917", "--format", "json")
    assert json.loads(again.stdout)["aantallen"]["waarnemingen"] == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 10}


def test_an_unknown_year_is_refused_in_dutch_after_asking_the_catalogue(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving() as server:
        result = _run(engine, server, "--jaar", "2031")
    assert result.exit_code == 1
    assert "voor 2031 is geen CBS-tabel 'Kerncijfers wijken en buurten 2031' bekend" in result.output
    assert "Er is niets opgeslagen." in result.output
    assert any("/Datasets" in url for url in server.asked)


def test_a_server_fault_is_a_clear_dutch_error_and_nothing_is_written(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving() as server:
        server.faults["85984NED/Observations"] = 503
        result = _run(engine, server, "--jaar", "2024", "--gemeente", "GM0917")
    assert result.exit_code == 1
    assert "CBS heeft een storing: het antwoordde met 503" in result.output
    assert "Probeer het later opnieuw." in result.output and "Er is niets opgeslagen." in result.output
    assert _waarnemingen(engine) == {} or all(key[2] != "2024" for key in _waarnemingen(engine))


def test_a_fault_on_the_second_year_writes_not_even_the_first(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving() as server:
        server.faults["85984NED/WijkenEnBuurtenCodes"] = 500
        result = _run(engine, server, "--jaar", "2023", "--jaar", "2024", "--gemeente", "GM0917")
    assert result.exit_code == 1
    assert not any(key[2] in ("2023", "2024") for key in _waarnemingen(engine))


def test_a_timeout_is_a_clear_dutch_error() -> None:
    with serving() as server:
        server.delays["85984NED/Properties"] = 2.0
        with pytest.raises(cbs.CbsError) as error:
            cbs_wijkbuurt.prepare_years(CbsHttpClient(timeout=0.3), [2024], {"Aantal inwoners": "inwoners"}, [],
                                        TODAY, adressen=cbs_wijkbuurt.CbsAdressen.onder(server.base))
    assert "CBS gaf binnen 0.3 seconden geen antwoord" in str(error.value)


def test_an_empty_answer_is_refused(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving() as server:
        server.answers["85984NED/Observations"] = {"value": []}
        result = _run(engine, server, "--jaar", "2024", "--gemeente", "GM0202")
    assert result.exit_code == 1
    assert "CBS-tabel 85984NED (2024) gaf geen cijfers voor gemeente GM0202: het antwoord was leeg" in result.output


def test_a_renamed_measure_is_found_under_either_title(engine: Engine, tmp_path: Path) -> None:
    _store_with_indicators(engine, tmp_path)
    with serving() as server:
        result = CliRunner().invoke(app, [
            "import-cbs", "--jaar", "2024", "--gemeente", "GM0917", "--cbs-url", server.base,
            "--maat", "Inwoners totaal|Aantal inwoners=inwoners",
            "--db", engine.url.render_as_string(hide_password=False)])
    assert result.exit_code == 0, result.output
    assert _waarnemingen(engine)[("inwoners", "GM0917", "2024")].waarde == Decimal(87000)


def test_a_measure_title_the_year_does_not_have_names_the_titles_it_has() -> None:
    with serving() as server:
        with pytest.raises(cbs.CbsError) as error:
            cbs_wijkbuurt.prepare_years(CbsHttpClient(timeout=5), [2024], {"Inwoners totaal": "inwoners"}, [],
                                        TODAY, adressen=cbs_wijkbuurt.CbsAdressen.onder(server.base))
    assert "maat 'Inwoners totaal' staat niet in CBS-tabel 85984NED" in str(error.value)
    assert "Aantal inwoners" in str(error.value)


def test_reading_pages_counts_them_on_standard_error() -> None:
    stream = io.StringIO()
    with serving() as server:
        client = CbsHttpClient(timeout=5, voortgang=Voortgangsregels(stream, after=0))
        cbs.fetch_all(client, f"{server.base}/odata/v1/CBS/85984NED/Observations")
    assert stream.getvalue().splitlines() == ["CBS: 1 pagina gelezen (laatste pagina 4 rijen)",
                                              "CBS: 2 pagina's gelezen (laatste pagina 6 rijen)"]


def test_plain_http_is_only_read_on_the_loopback_address() -> None:
    with pytest.raises(cbs.CbsError, match="alleen https-adressen"):
        CbsHttpClient().get_json("http://example.org/odata/v1/CBS/85984NED/Properties")


@pytest.mark.network
@pytest.mark.skipif(os.environ.get("RAADSMONITOR_NETWORK_TESTS") != "1",
                    reason="RAADSMONITOR_NETWORK_TESTS=1 niet gezet")
def test_live_kerncijfers_2024_heerlen_by_year() -> None:
    tabel, measures, api = cbs_wijkbuurt.read_year(CbsHttpClient(), 2024, {"Aantal inwoners": "inwoners"},
                                                   "GM0917", cbs_wijkbuurt.CbsAdressen())
    assert tabel.id == "85984NED" and list(measures.values()) == ["inwoners"]
    codes = {str(row.get("WijkenEnBuurten", "")).strip() for row in tabel.rows}
    assert "GM0917" in codes and any(code.startswith("BU0917") for code in codes)
    assert any(code.startswith("NL") for code in codes), api
