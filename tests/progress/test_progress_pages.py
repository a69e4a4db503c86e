"""The progress pages over a synthetic series (test values, not figures from the report)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.web.app import create_app
from tests.html import one, parent
from tests.packages import BRON, mini, write_csv_package

SERIES = {"2021": ("57", "69"), "2023": ("60", "70"), "2025": ("62", "70")}  # gaps 12, 10, 8


def _store(engine: Engine, tmp_path: Path) -> TestClient:
    tables = mini()
    tables["programmas"][0]["doeljaar"] = "2041"
    tables["waarnemingen"] = [
        {"indicator": "arbeidsparticipatie", "gebied": gebied, "periode": periode, "waarde": waarde, "bron": BRON}
        for periode, values in SERIES.items() for gebied, waarde in zip(("heerlen-noord", "NL01"), values, strict=True)]
    assert import_package(engine, write_csv_package(tmp_path / "pakket", tables)).written
    return TestClient(create_app(engine))


def test_a_series_of_three_gets_status_trend_share_closed_and_a_chart_with_a_table(
        engine: Engine, tmp_path: Path) -> None:
    page = BeautifulSoup(_store(engine, tmp_path).get("/voortgang/indicatoren/arbeidsparticipatie").text,
                         "html.parser")
    text = page.get_text(" ", strip=True)
    # path at 2025 allows 12 * 16/20 = 9.6; the gap is 8
    assert "Status: op koers. Heerlen-Noord ligt op of voor het pad naar Nederland in 2041." in text
    assert "2033 (kleinste-kwadratenlijn door 3 metingen)" in text  # -1 point a year from 8 in 2025
    assert "33%" in text  # (12 - 8) / 12 of the nulmeting gap closed
    svgs = page.find_all("svg")
    assert len(svgs) == 2 and all(svg["role"] == "img" and svg.find("title") and svg.find("desc") for svg in svgs)
    caption = one(page, "caption", string=lambda s: bool(s) and s.startswith("Metingen van Heerlen-Noord"))
    rows = one(parent(caption, "table"), "tbody").find_all("tr")
    assert [one(r, "th").get_text(strip=True) for r in rows] == ["2021 (nulmeting)", "2023", "2025"]


def test_without_a_setting_the_tolerance_is_the_standard_value_and_says_so(engine: Engine, tmp_path: Path) -> None:
    text = BeautifulSoup(_store(engine, tmp_path).get("/voortgang").text, "html.parser").get_text(" ", strip=True)
    assert "10% van de achterstand bij de nulmeting (standaardwaarde van raadsmonitor" in text


def test_an_unknown_indicator_page_is_not_found(engine: Engine, tmp_path: Path) -> None:
    assert _store(engine, tmp_path).get("/voortgang/indicatoren/bestaat-niet").status_code == 404


def test_pages_on_an_empty_store_say_there_is_nothing_yet(engine: Engine) -> None:
    client = TestClient(create_app(engine))
    assert "Er zijn nog geen gegevens geladen" in client.get("/voortgang").text
    assert "Er zijn nog geen waarnemingen geladen" in client.get("/vergelijking").text
    assert "Er zijn geen kernindicatoren vastgelegd" in client.get("/voortgang/kernindicatoren").text
