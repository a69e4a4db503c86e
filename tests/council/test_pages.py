"""The council pages on the demo, read as a council member reads them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.html import page


def test_register_shows_response_times_and_links_without_javascript(client: TestClient) -> None:
    soup = page(client, "/informatie?peildatum=2023-11-01")
    table = soup.find("caption", string="Beantwoorde vragen: dagen van vraag tot antwoord").find_parent("table")
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    assert rows[0][1:5] == ["15 juni 2021", "19", "13", "ja (uiterlijk 28 juni 2021)"]
    assert rows[1][1:4] == ["23 juni 2021", "7", "5"]
    motie = soup.find(id="stuk-motie-2022-02-23-positie-gemeenteraad")
    assert "afgedaan" in motie.get_text() and "20 december 2022" in motie.get_text()
    assert soup.find("form", attrs={"method": "get", "action": "/informatie"}) is not None
    assert not soup.find_all("script")


def test_register_filters_by_period_and_orders_longest_open_first(client: TestClient) -> None:
    soup = page(client, "/informatie?van=2023-01-01&tot=2023-12-31&volgorde=langst-open&peildatum=2023-11-01")
    body = soup.find("caption", string=lambda s: bool(s and s.startswith("Register"))).find_parent("table").tbody
    first = body.tr
    assert "Heerlen-Noord plannen huisvesting" in first.get_text()  # the only open item of 2023
    assert "geen antwoord" in first.get_text()
    dates = [tr.td.get_text(strip=True) for tr in body.find_all("tr")]
    assert len(dates) == 10 and all(d.endswith("2023") for d in dates)


def test_a_wrong_date_is_explained_in_dutch(client: TestClient) -> None:
    soup = page(client, "/informatie?van=1-1-2023")
    assert "'1-1-2023' bij vanaf is geen datum" in soup.find(attrs={"role": "alert"}).get_text()


def test_agreements_page_shows_the_late_report_with_its_dates(client: TestClient) -> None:
    soup = page(client, "/afspraken?jaar=2023&peildatum=2026-01-01")
    row = next(th.find_parent("tr") for th in soup.find_all("th", scope="row")
               if "in april over het voorgaande jaar" in th.get_text())
    text = row.get_text(" ", strip=True)
    assert "te laat" in text and "121 dagen" in text and "30 april 2023" in text and "29 augustus 2023" in text
    assert soup.find("a", href="/bronnen/rk2023-par6-4") is not None
    assert "Voorbeeldinstelling" in soup.find(id="termijnen").find_next("table").get_text()


def test_signals_page_shows_the_ending_stream_on_the_peildatum(client: TestClient) -> None:
    soup = page(client, "/signalen?peildatum=2025-03-01")
    table = soup.find("caption", string="1 signaal").find_parent("table")
    text = table.get_text(" ", strip=True)
    assert "Preventie met gezag" in text and "31 december 2025" in text
    assert "Voorbeeldinstelling" in soup.get_text()


def test_agenda_page_links_the_feed(client: TestClient) -> None:
    soup = page(client, "/agenda?peildatum=2023-11-01")
    assert soup.find("a", href="/agenda.ics") is not None
    assert "30 april 2024" in soup.get_text()


def test_participation_page_shows_the_empty_resident_seats(client: TestClient) -> None:
    soup = page(client, "/participatie")
    assert "0 van de 2" in soup.get_text()
    assert "Geen enkele activiteit is in de monitor gekoppeld aan een raadsbesluit" in soup.get_text()
    assert soup.find(string="Bewonersenquête op de bewonerspagina") is not None
