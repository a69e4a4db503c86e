"""The buurt map per indicator (issue 18): buurten against the national average of the same year."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.analysis.progress.buurtkaart import Klasse, classify
from raadsmonitor.domain.enums import Polariteit
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.html import attr, page, select_one, text
from tests.progress.map_store import fill_map_store


@pytest.fixture
def map_client(engine: Engine, demo_package: Path, tmp_path: Path) -> Any:
    fill_map_store(engine, demo_package, tmp_path)
    return TestClient(create_app(engine, DEMO_SETTINGS))


def test_the_map_draws_each_buurt_with_its_name_and_value_and_a_table_with_the_same(map_client: Any) -> None:
    soup = page(map_client, "/voortgang/kaart?indicator=inwoners&gebied=GM0917")
    assert "Nederland in 2024: 17.942.942" in text(soup)
    svg = soup.select_one("figure.rm-kaart-figuur svg")
    assert svg is not None and svg["role"] == "img"
    assert len(svg.select("path.rm-kaart-buurt")) == 2  # the two buurten of Heerlen in the store that have a boundary
    labels = [t.get_text() for t in svg.select("text")]
    assert labels == ["Heerlerheide-Centrum", "1.495", "Passart", "2.210"]
    assert [t.get_text() for t in svg.select("path.rm-kaart-buurt title")] == [
        "Heerlerheide-Centrum: 1.495, lager dan Nederland", "Passart: 2.210, lager dan Nederland"]
    rows = [[text(cell) for cell in row.select("th, td")] for row in soup.select("table tbody tr")]
    assert rows[1][:4] == ["Passart", "BU09170102", "2.210", "lager dan Nederland"]
    legend = [text(li) for li in soup.select(".rm-kaart-legenda li")]
    assert legend == ["hoger dan Nederland (0 op de kaart)",
                      "ongeveer gelijk aan Nederland (binnen 5%) (0 op de kaart)",
                      "lager dan Nederland (2 op de kaart)", "onbekend (0 op de kaart)"]
    # The demo's focus buurt has no CBS code and so no boundary: in the table, and named under the map.
    assert rows[2][:4] == ["Vrieheide-de Stack", "", "onbekend", "onbekend"]
    assert "Niet op de kaart, want zonder grens: Vrieheide-de Stack." in text(soup)


def test_an_unknown_value_is_said_in_words_and_drawn_with_dots_never_as_zero(map_client: Any) -> None:
    soup = page(map_client, "/voortgang/kaart?indicator=bijstand-personen&gebied=GM0917&periode=2024")
    rows = {text(select_one(row, "th")): [text(cell) for cell in row.select("td")]
            for row in soup.select("table tbody tr")}
    assert rows["Heerlerheide-Centrum"][1:3] == ["onbekend", "onbekend"]  # "Confidential" at CBS
    assert rows["Passart"][1:3] == ["150", "beter dan Nederland"]
    shapes = {select_one(p, "title").get_text().split(":")[0]: attr(p, "fill")
              for p in soup.select("svg path.rm-kaart-buurt")}
    assert shapes["Heerlerheide-Centrum"].endswith("-onbekend)") and shapes["Passart"].endswith("-beter)")


def test_the_map_loads_nothing_from_elsewhere(map_client: Any) -> None:
    html = map_client.get("/voortgang/kaart?indicator=inwoners&gebied=GM0917").text
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html


def test_without_boundaries_the_page_says_so_and_keeps_the_table(client: Any) -> None:
    soup = page(client, "/voortgang/kaart")
    assert soup.select_one("figure.rm-kaart-figuur") is None
    assert "raadsmonitor import-grenzen BESTAND.geojson" in text(soup) or "nog geen indicator" in text(soup)


def test_an_unknown_indicator_or_area_is_not_found(map_client: Any) -> None:
    assert map_client.get("/voortgang/kaart?indicator=bestaat-niet").status_code == 404
    assert map_client.get("/voortgang/kaart?gebied=GM9999").status_code == 404


@pytest.mark.parametrize(("value", "polariteit", "expected"), [
    (Decimal(104), Polariteit.HOGER_IS_BETER, Klasse.GELIJK), (Decimal(106), Polariteit.HOGER_IS_BETER, Klasse.BETER),
    (Decimal(106), Polariteit.LAGER_IS_BETER, Klasse.SLECHTER), (Decimal(90), Polariteit.NEUTRAAL, Klasse.LAGER),
    (None, Polariteit.NEUTRAAL, Klasse.ONBEKEND)])
def test_a_buurt_is_classed_against_the_country(value: Decimal | None, polariteit: Polariteit,
                                                expected: Klasse) -> None:
    assert classify(value, Decimal(100), polariteit) is expected


def test_three_commands_fill_a_new_focus_area_with_figures_and_a_map(engine: Engine, tmp_path: Path) -> None:
    """As README 'Een tweede focusgebied vullen uit open bronnen', on the recorded Heerlen answer shapes: a
    package names the focus area and its wijk by CBS code, import-cbs brings the buurten into that wijk,
    import-grenzen their shapes; the map of the focus area then shows them against the country."""
    from typer.testing import CliRunner

    from raadsmonitor.cli import app
    from tests.packages import mini, write_csv_package
    from tests.progress.fixture_server import serving
    from tests.progress.map_store import GEOJSON

    db = ["--db", engine.url.render_as_string(hide_password=False)]
    assert CliRunner().invoke(app, ["import", str(write_csv_package(tmp_path / "basis", mini())), *db]).exit_code == 0
    package = write_csv_package(tmp_path / "nieuw-focusgebied", {
        "bronnen": [{"id": "eigen-afbakening", "document": "Afbakening van het focusgebied", "uitgever": "gemeente"}],
        "gebieden": [
            {"id": "heerlerheide-focus", "naam": "Focusgebied Heerlerheide", "soort": "focusgebied",
             "ligt_in": "GM0917", "bron": "eigen-afbakening"},
            {"id": "WK091701", "naam": "Heerlerheide", "soort": "wijk", "cbs_code": "WK091701", "ligt_in": "GM0917",
             "bron": "eigen-afbakening"}],
        "gebiedsonderdelen": [{"focusgebied": "heerlerheide-focus", "gebied": "WK091701",
                               "bron": "eigen-afbakening"}],
        "indicatoren": [{"id": "inwoners", "naam": "Aantal inwoners", "eenheid": "aantal", "polariteit": "neutraal",
                         "bron": "eigen-afbakening"}]})
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(package), *db]).exit_code == 0
    with serving() as server:
        cbs = runner.invoke(app, ["import-cbs", "--jaar", "2024", "--gemeente", "GM0917", "--maat",
                                  "Aantal inwoners=inwoners", "--cbs-url", server.base, *db])
    assert cbs.exit_code == 0, cbs.output
    assert runner.invoke(app, ["import-grenzen", str(GEOJSON), *db]).exit_code == 0
    soup = page(TestClient(create_app(engine, DEMO_SETTINGS)),
                "/voortgang/kaart?indicator=inwoners&gebied=heerlerheide-focus")
    rows = [[text(cell) for cell in row.select("th, td")][:4] for row in soup.select("table tbody tr")]
    assert rows == [["Heerlerheide-Centrum", "BU09170101", "1.495", "lager dan Nederland"],
                    ["Passart", "BU09170102", "2.210", "lager dan Nederland"]]
    assert len(soup.select("svg path.rm-kaart-buurt")) == 2
