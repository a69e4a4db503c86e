"""The core pages on the demo, read the way a council member reads them."""

from __future__ import annotations

import csv
from pathlib import Path

from fastapi.testclient import TestClient

from tests.html import attr, one, page, parent, select_one, text


def test_start_page_shows_the_programme_at_a_glance(client: TestClient) -> None:
    soup = page(client, "/")
    assert text(soup.h1) == "Nationaal Programma Heerlen-Noord (NPHLN)"
    assert [text(card.h3) for card in soup.select(".rm-card")] == [
        "Talentontwikkeling", "Werk en bestaanszekerheid", "Gezondheid en leefomgeving", "Leefbaarheid en veiligheid"]
    assert [text(tag) for tag in soup.select("p .rm-tag")] == ["werken", "wonen", "leren", "gezondheid", "veiligheid"]
    terms = {text(dt): text(dd) for dt, dd in zip(soup.select("dl.rm-terms dt"), soup.select("dl.rm-terms dd"),
                                                   strict=True)}
    assert terms["Begonnen"] == "22 november 2021"
    assert terms["Doel bereikt in"].startswith("2041 — Aanname van de demo")
    assert len(soup.select(".rm-timeline li")) == 16


def test_theme_page_goes_from_goal_to_projects_and_partners(client: TestClient) -> None:
    soup = page(client, "/themas/talentontwikkeling")
    assert text(soup.h1) == "Talentontwikkeling"
    goals = [text(h2) for h2 in soup.select("section > h2")]
    assert len(goals) == 3
    assert goals[0].startswith("Doel 1: Ieder kind in Heerlen-Noord")
    rows = {text(row.th): row for row in soup.select("section table tbody tr")}
    kansrijk = rows["Kansrijk van Start"]
    partners = text(kansrijk.select("td")[1])
    assert "GGD" in partners and "CZ" in partners
    assert attr(select_one(kansrijk, "a.rm-source"), "href").startswith("/bronnen/")


def test_organisation_page_counts_the_bureau_and_the_empty_resident_seats(client: TestClient) -> None:
    soup = page(client, "/organisatie")
    bureau = parent(one(soup, id="orgaan-programmabureau"), "section")
    total = select_one(bureau, "tfoot td.rm-number")
    assert text(total) == "7,77 fte"
    fte_rows = bureau.select("table")[-1].select("tbody tr")
    assert len(fte_rows) == 10
    assert all(row.select_one("a.rm-source") for row in fte_rows)  # every number links to its source
    chart = select_one(bureau, "figure svg")
    assert chart["role"] == "img" and chart.title and chart.desc
    raad = parent(one(soup, id="orgaan-alliantieraad"), "section")
    assert "2 zetels zijn niet ingevuld" in text(raad)


def test_glossary_resolves_the_reports_vocabulary_problem(client: TestClient) -> None:
    soup = page(client, "/begrippen")
    term = one(soup, id="begrip-talentontwikkeling")
    details = []
    for sibling in term.find_next_siblings():
        if sibling.name == "dt":
            break
        details.append(text(sibling))
    assert any("onderwijs (gemeente Heerlen, lijn)" in line for line in details)
    assert any(line.startswith("Gebruikt in:") and "doelen (3)" in line for line in details)


def test_every_source_is_listed_and_shows_what_rests_on_it(client: TestClient, demo_package: Path) -> None:
    soup = page(client, "/bronnen")
    rows = soup.select("tbody tr")
    with (demo_package / "bronnen.csv").open(encoding="utf-8") as handle:
        assert len(rows) == sum(1 for _ in csv.DictReader(handle))
    figuur7 = page(client, "/bronnen/rk2023-fig7")
    headings = [text(h3) for h3 in figuur7.select("h3")]
    assert "Bureaufuncties (10)" in headings


def test_unknown_page_is_a_dutch_404(client: TestClient) -> None:
    response = client.get("/themas/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.text


def test_pages_load_nothing_from_elsewhere_and_stay_light(client: TestClient) -> None:
    css = client.get("/static/raadsmonitor.css")
    for url in ("/", "/themas", "/themas/talentontwikkeling", "/organisatie", "/begrippen", "/bronnen"):
        response = client.get(url)
        soup = page(client, url)
        assert soup.find("script") is None  # works without JavaScript
        for tag, attribute in (("link", "href"), ("img", "src"), ("script", "src")):
            for node in soup.find_all(tag):
                assert not str(node.get(attribute, "")).startswith(("http:", "https:", "//")), url
        assert len(response.content) + len(css.content) < 150 * 1024, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
