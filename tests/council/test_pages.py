"""The council pages on the demo, read as a council member reads them."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.domain.access import Principal, Rol
from raadsmonitor.domain.audit import Kanaal
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.services.writes import save_record
from tests.html import following, one, page, parent


def test_register_shows_response_times_and_links_without_javascript(client: TestClient) -> None:
    soup = page(client, "/informatie?peildatum=2023-11-01")
    caption = "Vragen, moties en toezeggingen met hun antwoord of afdoening: dagen van het ene stuk tot het andere"
    table = parent(one(soup, "caption", string=caption), "table")
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
            for tr in one(table, "tbody").find_all("tr")]
    assert rows[0][1].endswith("15 juni 2021: Regionale aanpak Heerlen-Noord")
    assert rows[0][2:5] == ["19", "13", "ja (uiterlijk 28 juni 2021)"]
    assert rows[1][2:4] == ["7", "5"]
    by_subject = {row[0]: row for row in rows}
    motie = by_subject["Motie van 23 februari 2022: Motie inzake positie gemeenteraad programma Heerlen-Noord"]
    assert motie[2:5] == ["300", "208", "nee (uiterlijk 22 augustus 2022)"]
    huisvesting = by_subject["Artikel 33-vragen van 26 mei 2023: Heerlen-Noord plannen huisvesting"]
    assert huisvesting[2:5] == ["46", "31", "nee (uiterlijk 26 juni 2023)"]
    row = one(soup, id="stuk-motie-2022-02-23-positie-gemeenteraad")
    assert "afgedaan" in row.get_text() and "20 december 2022" in row.get_text()
    assert soup.find("form", attrs={"method": "get", "action": "/informatie"}) is not None
    assert not soup.find_all("script")


def test_register_calls_an_unanswered_question_unknown_and_shows_every_explanation(client: TestClient) -> None:
    soup = page(client, "/informatie?peildatum=2026-12-06")
    alliantie = one(soup, id="stuk-a33v-2022-07-04-alliantie").get_text(" ", strip=True)
    assert "onbekend" in alliantie and "dagen open" not in alliantie
    assert "niet wanneer is nagegaan" in alliantie
    insprekers = one(soup, id="stuk-insp-2023-03-14-heerlen-noord").get_text(" ", strip=True)
    assert "dezelfde inwoner als bij 9 juni 2021, 14 september 2021 en 14 maart 2023" in insprekers
    answer = one(soup, id="stuk-a33v-2023-05-26-plannen-huisvesting").get_text(" ", strip=True)
    assert "Beantwoord door" in answer and "Afgeleid, niet letterlijk in de bron" in answer
    stand = one(soup, "h2", string=lambda s: bool(s and s.startswith("Stand")))
    counts = [li.get_text(strip=True) for li in following(stand, "ul").find_all("li")]
    assert "Geen antwoord: 0" in counts and "Onbekend: 4" in counts  # three artikel 33-vragen, one oral question


def test_register_filters_by_period_and_orders_longest_open_first(client: TestClient) -> None:
    soup = page(client, "/informatie?van=2023-01-01&tot=2023-12-31&volgorde=langst-open&peildatum=2023-11-01")
    caption = one(soup, "caption", string=lambda s: bool(s and s.startswith("Register")))
    body = one(parent(caption, "table"), "tbody")
    dates = [one(tr, "td").get_text(strip=True) for tr in body.find_all("tr")]
    assert len(dates) == 10 and all(d.endswith("2023") for d in dates)
    assert "geen antwoord" not in body.get_text()  # the one question of 2023 was answered on 11 July


def test_a_wrong_date_is_explained_in_dutch(client: TestClient) -> None:
    soup = page(client, "/informatie?van=1-1-2023")
    assert "'1-1-2023' bij vanaf is geen datum" in one(soup, attrs={"role": "alert"}).get_text()


def test_agreements_page_shows_the_late_report_with_its_dates(client: TestClient) -> None:
    soup = page(client, "/afspraken?jaar=2023&peildatum=2026-01-01")
    row = next(parent(th, "tr") for th in soup.find_all("th", scope="row")
               if "in april over het voorgaande jaar" in th.get_text())
    text = row.get_text(" ", strip=True)
    assert "te laat" in text and "121 dagen" in text and "30 april 2023" in text and "29 augustus 2023" in text
    assert soup.find("a", href="/bronnen/rk2023-par6-4") is not None
    assert "Voorbeeldinstelling" in following(one(soup, id="termijnen"), "table").get_text()
    assert "Geldt sinds april 2022" in text and "6.1" in text


def test_agreements_page_finds_nothing_missing_in_2021(client: TestClient) -> None:
    soup = page(client, "/afspraken?jaar=2021&peildatum=2026-01-01")
    caption = one(soup, "caption", string=lambda s: bool(s and s.startswith("Informatieafspraken in 2021")))
    body = one(parent(caption, "table"), "tbody")
    standen = [tr.find_all("td")[0].get_text(" ", strip=True) for tr in body.find_all("tr")]
    assert not [s for s in standen if s.startswith(("ontbreekt", "te weinig", "te laat"))], standen
    assert sum(s == "gold nog niet" for s in standen) == 3


def test_signals_page_shows_the_ending_stream_on_the_peildatum(client: TestClient) -> None:
    soup = page(client, "/signalen?peildatum=2025-03-01")
    table = parent(one(soup, "caption", string="1 signaal"), "table")
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


def test_explanations_in_the_data_appear_where_their_rows_are_shown(client: TestClient) -> None:
    """Issue 17: facts held only in explanation fields must reach a page."""
    organisatie = page(client, "/organisatie").get_text(" ", strip=True)
    assert "Vanuit BZK zijn er ook nog 2 adviseurs bij het Alliantieoverleg" in organisatie
    thema = page(client, "/themas/talentontwikkeling").get_text(" ", strip=True)
    assert "5 uur extra onderwijstijd op alle 15 basisscholen" in thema
    stroom = page(client, "/financien/stromen/preventie-met-gezag").get_text(" ", strip=True)
    assert "toegezegd januari 2023" in stroom
    vergelijking = page(client, "/vergelijking").get_text(" ", strip=True)
    assert "de bron zegt niet waarom Roermond is gekozen" in vergelijking


def test_register_links_an_item_to_its_page_at_the_source(client: TestClient, engine: Engine) -> None:
    values = {"id": "obv-document-heerlen-rib-1", "soort": "raadsinformatiebrief", "datum": "2024-02-01",
              "onderwerp": "Raadsinformatiebrief Heerlen-Noord voortgang", "programma": "nphln",
              "url": "https://heerlen.bestuurlijkeinformatie.nl/Reports/Document/rib-1", "bron": "rk2023-fig10"}
    save_record(engine, Principal("griffier", Rol.GRIFFIE), local_context(Kanaal.CLI), "informatiestukken", values)
    row = one(page(client, "/informatie?peildatum=2024-03-01"), id="stuk-obv-document-heerlen-rib-1")
    link = next(a for a in row.find_all("a") if a.get_text().startswith("Het stuk bij de bron"))
    assert link["href"] == "https://heerlen.bestuurlijkeinformatie.nl/Reports/Document/rib-1"
    assert link.get_text() == "Het stuk bij de bron: Raadsinformatiebrief Heerlen-Noord voortgang"
