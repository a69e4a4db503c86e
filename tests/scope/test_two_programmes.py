"""Two focus areas in one store (issue 20): each programme's pages and reports are exactly those of a store
holding that programme alone; nothing of one is shown, or counted, in the other's."""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.analysis.programme.scope import ProgrammeRecords
from raadsmonitor.cli import app
from raadsmonitor.reports.formats import DocumentFormat, render
from raadsmonitor.reports.voortgang import build_voortgang, parse_periode
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.database import make_engine
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.html import attr, following, one, page, parent, select_one, text
from tests.scope.arnhem import BRON as ARNHEM_BRON
from tests.scope.arnhem import PROGRAMMA, write_arnhem_package

HEERLEN = "nphln"
PAGES = ("/", "/themas", "/themas/talentontwikkeling", "/themas/ao-wonen-en-buurt", "/voortgang", "/financien",
         "/financien/paragraaf?jaar=2024", "/financien/paragraaf?jaar=2023&soort=jaarstukken",
         "/financien/zeggenschap", "/financien/keuzen?jaar=2024", "/financien/begroting", "/informatie",
         "/afspraken", "/signalen", "/agenda", "/participatie", "/organisatie", "/voortgang/rapportage?periode=2023",
         "/wijzigingen")


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def stores(store_url: str, tmp_path: Path, demo_package: Path, request: pytest.FixtureRequest
           ) -> Iterator[dict[str, Engine]]:
    """Three stores of the same kind: the demo alone, Arnhem-Oost alone, and both."""
    arnhem = write_arnhem_package(tmp_path / "arnhem-oost", demo_package)
    urls = {"beide": store_url}
    extra: list[str] = []
    for name in ("heerlen", "arnhem"):
        if store_url.startswith("sqlite"):
            path = tmp_path / f"{name}.sqlite"
            shutil.copy(request.getfixturevalue("sqlite_template"), path)
            urls[name] = f"sqlite:///{path}"
        else:
            urls[name] = request.getfixturevalue("postgres_databases").new()
            extra.append(urls[name])
    engines = {name: make_engine(url) for name, url in urls.items()}
    for name, packages in (("heerlen", [demo_package]), ("arnhem", [arnhem]), ("beide", [demo_package, arnhem])):
        for package in packages:
            report = import_package(engines[name], package)
            assert report.written, [str(problem) for problem in report.problems]
    yield engines
    for engine in engines.values():
        engine.dispose()
    for url in extra:
        request.getfixturevalue("postgres_databases").drop(url)


def _main(client: TestClient, url: str) -> str:
    """The page's content (not the frame with its programme switch), with the charts' per-render ids made equal."""
    response = client.get(url)
    assert response.status_code == 200, url
    main = one(BeautifulSoup(response.text, "html.parser"), "main")
    for heading in main.select("#vergelijking"):  # the focus-area comparison is about every area, by design
        parent(heading, "section").decompose()
    return re.sub(r"([a-z]+)-\d+-(titel|uitleg|arcering)", r"\1-N-\2", main.prettify())


def test_each_programmes_pages_are_those_of_a_store_holding_it_alone(stores: dict[str, Engine]) -> None:
    clients = {name: TestClient(create_app(engine, DEMO_SETTINGS)) for name, engine in stores.items()}
    for programma, alone in ((HEERLEN, "heerlen"), (PROGRAMMA, "arnhem")):
        for path in PAGES:
            if path.startswith("/themas/") and not path.endswith("talentontwikkeling" if programma == HEERLEN
                                                                  else "ao-wonen-en-buurt"):
                assert clients["beide"].get(f"/programma/{programma}{path}").status_code == 404
                continue
            url = f"/programma/{programma}{path}"
            assert _main(clients["beide"], url) == _main(clients[alone], url), url
    # Not vacuous: each programme's own money, never the sum of both (€ 154.649.309 in the issue).
    heerlen = text(page(clients["beide"], f"/programma/{HEERLEN}/financien").main)
    arnhem = text(page(clients["beide"], f"/programma/{PROGRAMMA}/financien").main)
    assert "€ 73.549.309" in heerlen and "Cofinanciering gemeente en partners" not in heerlen
    assert "€ 81.100.000" in arnhem and "Regio Deal Parkstad" not in arnhem
    assert "154.649.309" not in heerlen + arnhem
    stories = text(page(clients["beide"], f"/programma/{PROGRAMMA}/voortgang").main)
    assert "Sinds de speeltuin weer open is" in stories and "samen kijken en samenwerken" not in stories
    assert "samen kijken en samenwerken" in text(page(clients["beide"], f"/programma/{HEERLEN}/voortgang").main)


def _rows(soup: Tag, table: str) -> list[list[str]]:
    return [[text(cell) for cell in row.find_all(["th", "td"])] for row in soup.select(f"{table} tbody tr")]


def test_each_municipality_has_its_own_terms_and_budget_programmes(stores: dict[str, Engine],
                                                                    demo_package: Path) -> None:
    """Term settings and budget programmes with a programme are that programme's alone (issue 20)."""
    client = TestClient(create_app(stores["beide"], DEMO_SETTINGS))
    with (demo_package / "termijninstellingen.csv").open(encoding="utf-8", newline="") as handle:
        heerlen_terms = [row for row in csv.DictReader(handle) if row["programma"] == HEERLEN]
    with (demo_package / "begrotingsprogrammas.csv").open(encoding="utf-8", newline="") as handle:
        heerlen_budget = [f"{row['nummer']}. {row['naam']}" for row in csv.DictReader(handle)
                          if row["programma"] == HEERLEN]
    assert heerlen_terms and heerlen_budget

    def terms(programma: str) -> list[list[str]]:
        """The rows of the terms table, the source given as the address its link goes to."""
        table = following(one(page(client, f"/programma/{programma}/afspraken"), id="termijnen"), "table")
        return [[*(text(cell) for cell in row.find_all(["th", "td"])[:3]), attr(select_one(row, "a.rm-source"), "href")]
                for row in table.select("tbody tr")]

    assert terms(PROGRAMMA) == [["artikel 33-vragen", "20 werkdagen",
                                 "Testinstelling Arnhem: artikel 33-vragen binnen 20 werkdagen beantwoord.",
                                 f"/programma/{PROGRAMMA}/bronnen/{ARNHEM_BRON}"]]
    heerlen = terms(HEERLEN)
    assert sorted(row[0] for row in heerlen) == sorted(row["soort_stuk"] for row in heerlen_terms)
    assert [row[1] for row in heerlen if row[0] == "artikel 33-vragen"] == [
        f"{row['aantal']} {row['eenheid']}" for row in heerlen_terms if row["soort_stuk"] == "artikel 33-vragen"]
    assert {row[3] for row in heerlen} == {f"/programma/{HEERLEN}/bronnen/{row['bron']}" for row in heerlen_terms}
    assert not any("Arnhem" in cell for row in heerlen for cell in row)

    arnhem_budget = _rows(one(page(client, f"/programma/{PROGRAMMA}/financien/begroting"), "main"), "table")
    assert [row[:4] for row in arnhem_budget] == [
        ["7. Wonen en leefomgeving Arnhem", "wijkaanpak Arnhem", "overkoepelend", "programmabureau Arnhem-Oost"]]
    heerlen_rows = _rows(one(page(client, f"/programma/{HEERLEN}/financien/begroting"), "main"), "table")
    assert heerlen_rows and {row[0] for row in heerlen_rows} <= set(heerlen_budget)
    assert not any("Arnhem" in cell for row in heerlen_rows for cell in row)


def test_without_a_choice_the_reader_chooses_and_the_choice_stays_in_the_links(stores: dict[str, Engine]) -> None:
    client = TestClient(create_app(stores["beide"], DEMO_SETTINGS))
    soup = page(client, "/financien")
    assert text(soup.h1) == "Kies een programma"
    assert [(text(a), a["href"]) for a in soup.select("main li a")] == [  # in the order of their keys
        ("Programma Arnhem-Oost", "/programma/npao/financien"),
        ("Nationaal Programma Heerlen-Noord", "/programma/nphln/financien")]
    soup = page(client, "/programma/npao/financien")
    assert text(soup.select_one(".rm-header__subtitle")) == "Programma Arnhem-Oost"
    menu = [a["href"] for a in soup.select(".rm-nav a")]
    assert "/programma/npao/voortgang" in menu and "/programma/npao/" in menu
    switch = {text(a): a["href"] for a in soup.select(".rm-programmakeuze a")}
    assert switch == {"Nationaal Programma Heerlen-Noord": "/programma/nphln/financien",
                      "Programma Arnhem-Oost": "/programma/npao/financien"}
    assert select_one(soup, ".rm-programmakeuze a[aria-current]")["href"] == "/programma/npao/financien"
    assert attr(select_one(soup, 'link[rel="stylesheet"]'), "href").startswith("/static/")
    assert client.get("/programma/nergens/financien").status_code == 404
    assert client.get("/programma/nplv/financien").status_code == 404  # the national programme has no focus area
    # The only programme needs no choice: its pages are at the plain address, as before.
    alone = TestClient(create_app(stores["arnhem"], DEMO_SETTINGS))
    assert text(page(alone, "/").h1) == "Programma Arnhem-Oost (PAO)"
    assert not page(alone, "/").select(".rm-programmakeuze")


def test_a_configured_default_programme_answers_the_plain_addresses(stores: dict[str, Engine]) -> None:
    client = TestClient(create_app(stores["beide"], replace(DEMO_SETTINGS, programma=PROGRAMMA)))
    assert text(page(client, "/").h1) == "Programma Arnhem-Oost (PAO)"
    assert text(page(client, "/programma/nphln/").h1) == "Nationaal Programma Heerlen-Noord (NPHLN)"


def test_the_page_cache_keeps_each_programmes_pages_apart(stores: dict[str, Engine]) -> None:
    client = TestClient(create_app(stores["beide"], DEMO_SETTINGS))
    for _ in range(2):  # the second round is served from the cache
        assert text(page(client, "/programma/nphln/").h1) == "Nationaal Programma Heerlen-Noord (NPHLN)"
        assert text(page(client, "/programma/npao/").h1) == "Programma Arnhem-Oost (PAO)"
    first = client.get("/programma/nphln/").headers["etag"]
    assert first != client.get("/programma/npao/").headers["etag"]


def _report(engine: Engine, tmp_path: Path, name: str, *args: str) -> str:
    out = tmp_path / f"{name}.md"
    result = CliRunner().invoke(app, ["report", *args, "--format", "md", "--out", str(out),
                                      "--peildatum", "2024-06-01", "--db", _url(engine)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_each_programmes_reports_are_those_of_a_store_holding_it_alone(stores: dict[str, Engine],
                                                                        tmp_path: Path) -> None:
    for programma, alone in ((HEERLEN, "heerlen"), (PROGRAMMA, "arnhem")):
        args = ("paragraaf", "--jaar", "2024", "--programma", programma)
        assert _report(stores["beide"], tmp_path, f"{programma}-beide", *args) == \
            _report(stores[alone], tmp_path, f"{programma}-alleen", *args)
        documents = []
        for name in ("beide", alone):
            with stores[name].connect() as connection:
                records = ProgrammeRecords(StoreRecords(connection), programma)
                document = build_voortgang(records, parse_periode("2023"), date(2024, 6, 1), None)
            # The comparison of focus areas shows every area in the store, by design; the rest is the programme's.
            documents.append(render(replace(document, sections=tuple(
                section for section in document.sections if section.id != "vergelijking")), DocumentFormat.md))
        assert documents[0] == documents[1]
    paragraaf = _report(stores["beide"], tmp_path, "arnhem", "paragraaf", "--jaar", "2024", "--programma", PROGRAMMA)
    assert "Cofinanciering gemeente en partners" in paragraaf and "Regio Deal" not in paragraaf
    voortgang = _report(stores["beide"], tmp_path, "v", "voortgang", "--periode", "2023", "--programma", HEERLEN)
    assert "| Arnhem-Oost" in voortgang and "| Heerlen-Noord" in voortgang  # side by side in the comparison


def test_geldstromen_show_one_programmes_money(stores: dict[str, Engine]) -> None:
    url = _url(stores["beide"])
    heerlen = CliRunner().invoke(app, ["geldstromen", "--programma", HEERLEN, "--db", url])
    arnhem = CliRunner().invoke(app, ["geldstromen", "--programma", PROGRAMMA, "--db", url])
    assert heerlen.exit_code == arnhem.exit_code == 0
    assert "Totaal van de bekende bedragen: € 73.549.309 (8 van 12 bedragen bekend)" in heerlen.output
    assert "Totaal van de bekende bedragen: € 81.100.000 (4 van 4 bedragen bekend)" in arnhem.output
    assert "ao-" not in heerlen.output
    neither = CliRunner().invoke(app, ["geldstromen", "--db", url])
    assert neither.exit_code == 1
    assert "kies er een met --programma" in neither.output
    for command in (["progress"], ["compliance", "--jaar", "2024"], ["signals"], ["changes"]):
        result = CliRunner().invoke(app, [*command, "--programma", "nergens", "--db", url])
        assert result.exit_code == 1, command
        assert "onbekend programma: nergens; programma's van een focusgebied: npao, nphln" in result.output
    progress = CliRunner().invoke(app, ["progress", "--programma", PROGRAMMA, "--format", "csv", "--db", url])
    assert progress.exit_code == 0, progress.output
    indicators = {line.split(",")[0] for line in progress.output.splitlines()[1:]}
    assert indicators == {"ao-tevredenheid-woonomgeving"}


def test_no_focus_area_is_written_into_the_product(stores: dict[str, Engine]) -> None:
    """Headings, tabs and rule explanations come from the data or are general (issue 20, point 6)."""
    client = TestClient(create_app(stores["beide"], DEMO_SETTINGS))
    start = page(client, f"/programma/{PROGRAMMA}/")
    headings = [text(h2) for h2 in start.select("main h2")]
    assert "2 thema's dwars door 3 leefgebieden" in headings
    assert "Het programma werkt over en door 3 leefgebieden heen: wonen veiligheid leren . De doelen zijn geordend " \
           "in 2 thema's." in text(start.main)
    assert "4 thema's dwars door 5 leefgebieden" in [text(h2) for h2 in page(client, f"/programma/{HEERLEN}/").select(
        "main h2")]
    for path in ("/", "/financien", "/financien/zeggenschap", "/financien/paragraaf?jaar=2024",
                 "/financien/stromen/ao-cofinanciering", "/voortgang", "/informatie"):
        main = one(page(client, f"/programma/{PROGRAMMA}{path}"), "main")
        for source in main.select("a.rm-source"):  # the national rows cite the Heerlen report: that is their source
            source.decompose()
        for word in ("Heerlen", "INNOVO", "rekenkamerrapport", "Vier thema's", "6.2", "6.3"):
            assert word not in text(main), (path, word)
    tabs = [text(a) for a in page(client, f"/programma/{PROGRAMMA}/financien").select(".rm-subnav a")]
    assert tabs[-1] == "Paragraaf"
