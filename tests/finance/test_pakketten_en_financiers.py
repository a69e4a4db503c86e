"""A package entered as a parent stream with parts, and a stream paid by several funders (issue 20, item 5).

The store holds the small TEST package tests/finance/data/arnhem-oost (test data, labelled so in its
source): the Arnhem-Oost package of € 49,2 mln (€ 26,6 mln from the ministry, € 22,6 mln co-financing),
€ 6,9 mln SPUK Kansrijke Wijk and € 25 mln Volkshuisvestingsfonds. The split of the co-financing over
the municipality (€ 12,6 mln) and the partners (€ 10 mln) is made up for the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from raadsmonitor.analysis.finance.horizon import horizon
from raadsmonitor.analysis.finance.overview import DIMENSIES, grand_total, ledger, totals_by, yearly_totals
from raadsmonitor.cli import app
from raadsmonitor.domain.access import Principal, Rol
from raadsmonitor.domain.audit import AuditContext, Kanaal
from raadsmonitor.domain.enums import BedragSoort, Herkomst
from raadsmonitor.domain.money import GeldstroomFinancier
from raadsmonitor.domain.records import MemoryRecords
from raadsmonitor.reports.formats import DocumentFormat, render
from raadsmonitor.reports.paragraaf import build_paragraaf, build_raadsvoorstel
from raadsmonitor.services.datapackage.exporter import export_package
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.writes import WriteRefused, get_record, row_values, save_record, spec_for
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.web.app import create_app
from raadsmonitor.web.auth import DEMO_SETTINGS
from tests.finance.factories import BRON, GEMEENTE, PARTNER, bedrag, stroom
from tests.html import one, parent

ARNHEM_OOST = Path(__file__).parent / "data" / "arnhem-oost"
PEILDATUM = date(2025, 11, 15)
CHECK = "klopt: pakket € 49.200.000 = € 26.600.000 + € 22.600.000"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    folder = tmp_path / "arnhem-oost"
    shutil.copytree(ARNHEM_OOST, folder)
    return folder


def _load(engine: Engine, folder: Path) -> Engine:
    report = import_package(engine, folder)
    assert report.written, [str(problem) for problem in report.problems]
    return engine


@pytest.fixture
def arnhem(engine: Engine, package: Path) -> Engine:
    return _load(engine, package)


@pytest.fixture
def client(arnhem: Engine) -> Iterator[TestClient]:
    yield TestClient(create_app(arnhem, DEMO_SETTINGS))


def _euro(text: str) -> Decimal | None:
    """'€ 26.600.000 Bron: ...' -> 26600000; None for 'onbekend' or an empty cell."""
    if not text.startswith("€ "):
        return None
    return Decimal(text[2:].split()[0].replace(".", "").replace(",", "."))


def _tables(soup: BeautifulSoup) -> dict[str, Tag]:
    return {t.caption.get_text(" ", strip=True): t for t in soup.find_all("table") if t.caption}


def _rows(table: Tag, part: str = "tbody") -> list[list[str]]:
    section = table.find(part)
    return [[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])] for row in section.find_all("tr")] \
        if section else []


def _column(table: Tag, label: str) -> dict[str, Decimal | None]:
    header = [c.get_text(" ", strip=True) for c in one(table, "thead").find_all("th")]
    index = header.index(label)
    return {row[0]: _euro(row[index]) for row in _rows(table) + _rows(table, "tfoot")}


def _assert_subtotals_are_sums(soup: BeautifulSoup) -> int:
    """Every table whose single footer row starts with 'Totaal': its amount is the sum of the rows above."""
    checked = 0
    for caption, table in _tables(soup).items():
        footer = _rows(table, "tfoot")
        if len(footer) != 1 or not footer[0][0].startswith("Totaal"):
            continue
        for index, cell in enumerate(footer[0]):
            total = _euro(cell)
            if total is None:
                continue
            rows = [_euro(row[index]) for row in _rows(table)]
            assert sum((r for r in rows if r is not None), Decimal(0)) == total, caption
            checked += 1
    return checked


def _page(client: TestClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.text, "html.parser")


def test_financien_shows_the_package_once_and_every_subtotal_is_the_sum_of_its_rows(client: TestClient) -> None:
    soup = _page(client, "/financien")
    tables = _tables(soup)
    alle = _column(tables["Alle geldstromen van het programma"], "Totaalbedrag")
    assert "Pakket Arnhem-Oost" not in alle  # counted through its parts, named beside them
    assert alle["Rijksbijdrage Arnhem-Oost (onderdeel van Pakket Arnhem-Oost)"] == Decimal(26_600_000)
    assert alle["Cofinanciering Arnhem-Oost (onderdeel van Pakket Arnhem-Oost)"] == Decimal(22_600_000)
    assert alle["Totaal (4 van 4 bedragen bekend)"] == Decimal(81_100_000)
    herkomst = _column(tables["Geldstromen naar herkomst"], "Bedrag")
    assert herkomst == {"rijk": Decimal(58_500_000), "gemeente": Decimal(12_600_000),
                        "alliantiepartner": Decimal(10_000_000), "Totaal": Decimal(81_100_000)}
    zeggenschap = _column(tables["Geldstromen naar zeggenschap van de raad"], "Bedrag")
    assert zeggenschap == {"raad beslist": Decimal(12_600_000), "indirect": Decimal(58_500_000),
                           "geen": Decimal(10_000_000), "Totaal": Decimal(81_100_000)}
    pakket = _rows(tables["Pakketten en hun onderdelen"])
    assert pakket[0][:2] == ["Pakket Arnhem-Oost", "pakket"] and pakket[0][3] == CHECK
    assert [row[0] for row in pakket[1:]] == ["Rijksbijdrage Arnhem-Oost", "Cofinanciering Arnhem-Oost"]
    assert _assert_subtotals_are_sums(soup) >= 8


def test_a_stream_page_shows_its_funders_and_its_package(client: TestClient) -> None:
    soup = _page(client, "/financien/stromen/ao-cofinanciering")
    tables = _tables(soup)
    delen = _column(tables["Financiers van Cofinanciering Arnhem-Oost"], "Bedrag")
    assert delen == {"Cofinanciering Arnhem-Oost: deel Gemeente Arnhem": Decimal(12_600_000),
                     "Cofinanciering Arnhem-Oost: deel Partners Arnhem-Oost": Decimal(10_000_000),
                     "Totaal (2 van 2 bedragen bekend)": Decimal(22_600_000)}
    assert _rows(tables["Pakketten en hun onderdelen"])[0][3] == CHECK


def test_the_paragraaf_page_shows_the_co_financing_the_council_decides_on(client: TestClient) -> None:
    soup = _page(client, f"/financien/paragraaf?jaar={PEILDATUM.year}")
    tables = _tables(soup)
    assert _column(tables["Rijksmiddelen"], "Totaalbedrag")["Totaal (3 van 3 bedragen bekend)"] == Decimal(58_500_000)
    gemeente = _column(tables["Gemeentelijke middelen"], "Totaalbedrag")
    assert gemeente == {"Cofinanciering Arnhem-Oost (onderdeel van Pakket Arnhem-Oost): deel Gemeente Arnhem":
                        Decimal(12_600_000), "Totaal (1 van 1 bedragen bekend)": Decimal(12_600_000)}
    section = parent(one(soup, id="zeggenschap"), "section")
    assert "Over 1 stroom (€ 12.600.000, 1 van 1 bedragen bekend) beslist de raad zelf" in section.get_text(" ")
    assert CHECK in soup.get_text(" ")
    assert _assert_subtotals_are_sums(soup) >= 5


def test_without_funders_the_whole_co_financing_is_decided_by_the_council(engine: Engine, package: Path) -> None:
    (package / "geldstroomfinanciers.csv").unlink()
    with _load(engine, package).connect() as connection:
        regels = ledger(StoreRecords(connection))
    zeggenschap = {t.label: t for t in totals_by(regels, DIMENSIES["zeggenschap"])}
    assert zeggenschap["raad beslist"].som == Decimal(22_600_000)
    assert [p.geldstroom for p in zeggenschap["raad beslist"].posten] == ["ao-cofinanciering"]
    assert "onbekend" not in zeggenschap
    herkomst = {t.label: t.som for t in totals_by(regels, DIMENSIES["herkomst"])}
    assert herkomst == {"rijk": Decimal(58_500_000), "gemeente": Decimal(22_600_000)}
    assert grand_total(regels).som == Decimal(81_100_000)


def test_parts_that_do_not_add_up_give_a_signal_and_no_euro_is_lost(engine: Engine, package: Path) -> None:
    streams = package / "geldstromen.csv"
    streams.write_text(streams.read_text(encoding="utf-8").replace(",22600000,", ",20000000,"), encoding="utf-8")
    (package / "geldstroomfinanciers.csv").unlink()
    with _load(engine, package).connect() as connection:
        records = StoreRecords(connection)
        regels = ledger(records)
        text = render(build_paragraaf(records, PEILDATUM.year, peildatum=PEILDATUM), DocumentFormat.md).decode("utf-8")
    assert grand_total(regels).som == Decimal(81_100_000)  # 26,6 + 20 + 2,6 not divided + 6,9 + 25
    overig = {t.label: t.som for t in totals_by(regels, DIMENSIES["herkomst"])}["overig"]
    assert overig == Decimal(2_600_000)
    assert ("Signaal bij Pakket Arnhem-Oost: let op: pakket € 49.200.000 ≠ € 26.600.000 + € 20.000.000; "
            "€ 2.600.000 is niet over de onderdelen verdeeld") in text


def test_the_paragraaf_files_carry_the_same_figures(arnhem: Engine) -> None:
    from docx import Document as WordDocument

    with arnhem.connect() as connection:
        document = build_paragraaf(StoreRecords(connection), PEILDATUM.year, peildatum=PEILDATUM)
    markdown = render(document, DocumentFormat.md).decode("utf-8")
    html = render(document, DocumentFormat.html).decode("utf-8")
    word = WordDocument(BytesIO(render(document, DocumentFormat.docx)))
    cells = " ".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    for text in (markdown, html, cells):
        assert CHECK in text
        assert "€ 58.500.000" in text and "€ 12.600.000" in text and "€ 81.100.000" in text
    assert _assert_subtotals_are_sums(BeautifulSoup(html, "html.parser")) >= 5


def test_geldstromen_command_lists_what_counts_and_the_check(arnhem: Engine) -> None:
    result = CliRunner().invoke(app, ["geldstromen", "--db", arnhem.url.render_as_string(hide_password=False)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    amounts = [_euro(line.split("\t")[1]) for line in lines if "\t" in line]
    assert sum(a for a in amounts if a is not None) == Decimal(81_100_000)
    assert "Totaal van de bekende bedragen: € 81.100.000 (4 van 4 bedragen bekend)" in lines
    assert f"Pakket ao-pakket: {CHECK}" in lines
    assert ("Naar herkomst (met de aandelen van de financiers): rijk € 58.500.000; gemeente € 12.600.000; "
            "alliantiepartner € 10.000.000") in lines


def test_a_proposal_about_the_package_states_authority_per_part(arnhem: Engine) -> None:
    with arnhem.connect() as connection:
        document = build_raadsvoorstel(StoreRecords(connection), ["ao-pakket"], PEILDATUM.year, PEILDATUM)
    text = render(document, DocumentFormat.md).decode("utf-8")
    assert document.subtitle == "Pakket Arnhem-Oost"
    assert "Over 1 stroom (€ 12.600.000, 1 van 1 bedragen bekend) beslist de raad zelf" in text
    assert "Over 1 stroom (€ 26.600.000, 1 van 1 bedragen bekend) is de rol van de raad indirect" in text
    assert "Over 1 stroom (€ 10.000.000, 1 van 1 bedragen bekend) beslist de raad niet" in text
    assert CHECK in text


def test_funders_shares_above_the_stream_amount_are_refused_with_their_place(engine: Engine, package: Path) -> None:
    funders = package / "geldstroomfinanciers.csv"
    funders.write_text(funders.read_text(encoding="utf-8").replace(",10000000,", ",11000000,"), encoding="utf-8")
    report = import_package(engine, package)
    assert not report.written
    assert [str(p) for p in report.problems] == [
        "geldstroomfinanciers.csv:3:bedrag: de financiers van geldstroom 'ao-cofinanciering' brengen samen "
        "€ 23.600.000 in, meer dan het totaalbedrag van die stroom (€ 22.600.000)"]
    with engine.connect() as connection:
        assert StoreRecords(connection).all(GeldstroomFinancier) == []


def test_percentages_above_100_are_refused(engine: Engine, package: Path) -> None:
    (package / "geldstroomfinanciers.csv").write_text(
        "geldstroom,organisatie,herkomst,bedrag,aandeel,toelichting,bron\n"
        "ao-cofinanciering,gemeente-arnhem,gemeente,,60,,test-arnhem-oost\n"
        "ao-cofinanciering,partners-arnhem-oost,alliantiepartner,,45,,test-arnhem-oost\n", encoding="utf-8")
    report = import_package(engine, package)
    assert [str(p) for p in report.problems] == [
        "geldstroomfinanciers.csv:3:aandeel: de aandelen van de financiers van geldstroom 'ao-cofinanciering' zijn "
        "samen 105 %, meer dan 100 %"]


def test_lowering_a_stream_below_its_stored_funders_is_refused(arnhem: Engine, package: Path) -> None:
    (package / "geldstroomfinanciers.csv").unlink()
    streams = package / "geldstromen.csv"
    streams.write_text(streams.read_text(encoding="utf-8").replace(",22600000,", ",20000000,"), encoding="utf-8")
    report = import_package(arnhem, package)
    assert [str(p) for p in report.problems] == [
        "geldstromen.csv:4:totaalbedrag: de financiers van geldstroom 'ao-cofinanciering' brengen samen "
        "€ 22.600.000 in, meer dan het totaalbedrag van die stroom (€ 20.000.000)"]


def test_funders_survive_export_and_import(arnhem: Engine, tmp_path: Path) -> None:
    for fmt, path in (("csv", tmp_path / "uit"), ("xlsx", tmp_path / "uit.xlsx")):
        export_package(arnhem, path, fmt)
        report = import_package(arnhem, path)
        assert report.written, [str(problem) for problem in report.problems]
        count = report.counts["geldstroomfinanciers"]
        assert (count.added, count.changed, count.unchanged) == (0, 0, 2)
    text = (tmp_path / "uit" / "geldstroomfinanciers.csv").read_text(encoding="utf-8")
    assert "ao-cofinanciering,partners-arnhem-oost,alliantiepartner,10000000" in text


def test_a_percentage_share_is_that_part_of_the_stream_and_the_rest_keeps_its_origin() -> None:
    records = MemoryRecords([
        GEMEENTE, PARTNER,
        stroom("cofi", herkomst=Herkomst.GEMEENTE, totaalbedrag=22_600_000, cofinanciering_van="x"),
        GeldstroomFinancier(geldstroom="cofi", organisatie=PARTNER.id, herkomst=Herkomst.ALLIANTIEPARTNER,
                            aandeel=Decimal(25), bron=BRON),
    ])
    regels = ledger(records)
    herkomst = {t.label: t.som for t in totals_by(regels, DIMENSIES["herkomst"])}
    assert herkomst == {"gemeente": Decimal(16_950_000), "alliantiepartner": Decimal(5_650_000)}
    zeggenschap = {t.label: t.som for t in totals_by(regels, DIMENSIES["zeggenschap"])}
    assert zeggenschap == {"raad beslist": Decimal(16_950_000), "geen": Decimal(5_650_000)}
    assert grand_total(regels).som == Decimal(22_600_000)


def test_heerlen_noord_subtotals_are_the_sums_of_their_rows_and_unchanged(financien_engine: Engine) -> None:
    """The demo has no packages nor funders: its figures stay what the report gives."""
    client = TestClient(create_app(financien_engine, DEMO_SETTINGS))
    overview = _page(client, "/financien")
    assert _assert_subtotals_are_sums(overview) >= 7
    herkomst = _column(_tables(overview)["Geldstromen naar herkomst"], "Bedrag")
    assert herkomst["Totaal"] == Decimal(73_549_309)
    assert _assert_subtotals_are_sums(_page(client, "/financien/paragraaf?jaar=2024")) >= 5


def test_a_form_or_api_write_gets_the_same_check(arnhem: Engine) -> None:
    bureau = Principal(gebruiker="controller", rol=Rol.PROGRAMMABUREAU)
    web = AuditContext(actor="gebruiker:controller", herkomst=Kanaal.WEB)
    extra = {"geldstroom": "ao-cofinanciering", "organisatie": "ministerie-bzk", "herkomst": "rijk",
             "bedrag": "1000", "bron": "test-arnhem-oost"}
    with pytest.raises(WriteRefused) as caught:
        save_record(arnhem, bureau, web, "geldstroomfinanciers", extra)
    assert caught.value.status == 422
    assert [(p.column, p.message) for p in caught.value.problems] == [
        ("bedrag", "de financiers van geldstroom 'ao-cofinanciering' brengen samen € 22.601.000 in, meer dan het "
                   "totaalbedrag van die stroom (€ 22.600.000)")]
    stored = get_record(arnhem, "geldstromen", ("ao-cofinanciering",))
    assert stored is not None
    values = {k: v for k, v in row_values(spec_for("geldstromen"), stored[0]).items() if v is not None}
    with pytest.raises(WriteRefused) as lowered:
        save_record(arnhem, bureau, web, "geldstromen", {**values, "totaalbedrag": "22000000"},
                    key=("ao-cofinanciering",), if_match=stored[1])
    assert [p.column for p in lowered.value.problems] == ["totaalbedrag"]


def test_yearly_amounts_of_a_package_count_once() -> None:
    """The parts' yearly amounts when they have any, else the package's own; never both."""
    records = MemoryRecords([
        stroom("pakket", herkomst=Herkomst.OVERIG, totaalbedrag=3_000_000, begin_jaar=2024, eind_jaar=2025),
        stroom("rijk", totaalbedrag=2_000_000, onderdeel_van="pakket"),
        stroom("eigen", herkomst=Herkomst.GEMEENTE, totaalbedrag=1_000_000, onderdeel_van="pakket"),
        bedrag("pakket", 2024, 3_000_000, BedragSoort.GERAAMD),
        bedrag("pakket", 2024, 1_500_000, BedragSoort.TOEGEKEND),
        bedrag("rijk", 2024, 1_000_000, BedragSoort.TOEGEKEND),
        bedrag("eigen", 2024, 400_000, BedragSoort.TOEGEKEND),
    ])
    regels = ledger(records)
    _, toegekend = yearly_totals(regels, DIMENSIES["herkomst"], BedragSoort.TOEGEKEND)
    assert toegekend == {"rijk": {2024: Decimal(1_000_000)}, "gemeente": {2024: Decimal(400_000)}}
    _, geraamd = yearly_totals(regels, DIMENSIES["herkomst"], BedragSoort.GERAAMD)
    assert geraamd == {"overig": {2024: Decimal(3_000_000)}}
    stand = horizon(regels, None, 2024).stand(2024)
    assert stand is not None and [r.id for r in stand.lopend] == ["pakket"]
    assert stand.jaarbedragen.som == Decimal(1_400_000)  # the parts' toegekend, not the package's as well
