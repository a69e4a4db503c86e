"""The Financiën pages, read as a council member reads them."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.domain.money import ZEGGENSCHAPSREGELS
from raadsmonitor.web.app import create_app
from tests.html import attr, one


def _page(engine: Engine, url: str) -> BeautifulSoup:
    response = TestClient(create_app(engine)).get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.text, "html.parser")


def _rows(soup: BeautifulSoup, caption: str) -> list[list[str]]:
    table = next(t for t in soup.find_all("table") if t.caption and t.caption.get_text(strip=True) == caption)
    return [[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])] for row in table.find_all("tr")]


def test_overview_totals_say_how_many_amounts_are_known(financien_engine: Engine) -> None:
    soup = _page(financien_engine, "/financien")
    rows = _rows(soup, "Geldstromen naar zeggenschap van de raad")
    assert ["geen", "€ 599.000", "1 van 1 bedragen bekend"] in [r[:3] for r in rows]
    assert rows[-1][:3] == ["Totaal", "€ 73.549.309", "8 van 12 bedragen bekend"]
    assert any(r[:2] == ["raad beslist", "onbekend"] for r in rows)


def test_every_stream_amount_on_the_overview_links_to_its_source(financien_engine: Engine) -> None:
    soup = _page(financien_engine, "/financien")
    caption = "Alle geldstromen van het programma"
    table = next(t for t in soup.find_all("table") if one(t, "caption").get_text(strip=True) == caption)
    body_rows = one(table, "tbody").find_all("tr")
    assert len(body_rows) == 12
    assert all(row.find("a", class_="rm-source") for row in body_rows)
    assert all(attr(one(one(row, "th"), "a"), "href").startswith("/financien/stromen/") for row in body_rows)


def test_regio_deal_page_shows_the_project_sum_beside_the_reported_total(financien_engine: Engine) -> None:
    soup = _page(financien_engine, "/financien/stromen/regio-deal-parkstad-2")
    rows = _rows(soup, "Verdeling van Regio Deal Parkstad, tweede tranche")
    saffier = next(r for r in rows if r[0] == "Saffier-Saffiertjes")
    assert saffier[1].startswith("€ 1.350.000")
    assert rows[-2][:2] == ["Som van de toewijzingen (7 van 7 bedragen bekend)", "€ 4.637.084"]
    assert rows[-1][1].startswith("€ 4.600.000 (€ 4,6 mln)")
    assert "Het verschil is € 37.084" in soup.get_text()


def test_stream_page_names_the_rule_that_decided_its_authority(financien_engine: Engine) -> None:
    soup = _page(financien_engine, "/financien/stromen/rijke-schooldag-innovo")
    heading = one(soup, "h2", id="zeggenschap")
    assert heading.get_text(strip=True) == "Zeggenschap van de raad: geen"
    assert soup.find("a", href="/financien/zeggenschap#regel-buiten-de-gemeente")


def test_rule_table_page_lists_every_rule_and_the_streams_it_decides(financien_engine: Engine) -> None:
    soup = _page(financien_engine, "/financien/zeggenschap")
    rows = _rows(soup, "Regels voor de zeggenschap van de raad")[1:]
    assert len(rows) == len(ZEGGENSCHAPSREGELS)
    alliantie = next(r for r in rows if "aanvrager-voor-de-alliantie" in r[0])
    assert alliantie[2] == "beperkt" and "SPUK Kansrijke wijken" in alliantie[5]


def test_choices_page_for_a_chosen_year(financien_engine: Engine) -> None:
    soup = _page(financien_engine, "/financien/keuzen?jaar=2024")
    text = soup.get_text(" ", strip=True)
    assert "Preventie met gezag (loopt af in 2025)" in text
    assert "Regio Deal Parkstad, vierde tranche (verwacht, € 25.000.000)" in text


def test_budget_mapping_follows_figure_9(financien_engine: Engine) -> None:
    soup = _page(financien_engine, "/financien/begroting")
    rows = _rows(soup, "Programma's en kernthema's van de begroting met de onderdelen van het programma")[1:]
    assert len(rows) == 12
    assert rows[0][:3] == ["0. bestuur en ondersteuning", "bestuurskracht", "Gezondheid en leefomgeving"]
    assert rows[0][3].startswith("regiodeal")
    energiefixers = next(r for r in rows if r[3].startswith("Energiefixers"))
    assert energiefixers[:2] == ["8. volkshuisvesting, ruimtelijke ordening en stedelijke vernieuwing", "wonen"]
    assert energiefixers[4] == "Energiefixers"


def test_paragraaf_page_shows_the_same_sections_as_the_report(financien_engine: Engine) -> None:
    soup = _page(financien_engine, "/financien/paragraaf?jaar=2024&soort=jaarstukken")
    headings = [h.get_text(strip=True) for h in soup.find_all(["h2", "h3"])]
    assert "Thema Talentontwikkeling" in headings and "Wat heeft het gekost?" in headings
    assert "a. Waar beslist de raad over?" in headings


def test_bad_year_and_unknown_stream_are_refused(financien_engine: Engine) -> None:
    client = TestClient(create_app(financien_engine))
    assert client.get("/financien/keuzen?jaar=twintig").status_code == 400
    assert client.get("/financien/paragraaf?soort=kwartaal").status_code == 400
    assert client.get("/financien/stromen/bestaat-niet").status_code == 404
