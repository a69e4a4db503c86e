"""The half-yearly progress report: its period, its content on the demo, and every format."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from raadsmonitor.reports.content import Document
from raadsmonitor.reports.formats import DocumentFormat, render
from raadsmonitor.reports.voortgang import OngeldigePeriode, build_voortgang, parse_periode
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.store.dataset import StoreRecords
from raadsmonitor.web.app import create_app
from tests.conftest import skip_or_fail
from tests.html import one

PEILDATUM = date(2024, 3, 1)


@pytest.fixture
def demo(engine: Engine, demo_package: Path) -> Engine:
    assert import_package(engine, demo_package).written
    return engine


def _report(engine: Engine, periode: str = "2023") -> Document:
    with engine.connect() as connection:
        return build_voortgang(StoreRecords(connection), parse_periode(periode), PEILDATUM, None)


@pytest.mark.parametrize(("text", "begin", "eind", "naam"), [
    ("2023", date(2023, 1, 1), date(2023, 12, 31), "2023"),
    ("2023-H1", date(2023, 1, 1), date(2023, 6, 30), "eerste halfjaar 2023"),
    ("2023-H2", date(2023, 7, 1), date(2023, 12, 31), "tweede halfjaar 2023"),
])
def test_periods(text: str, begin: date, eind: date, naam: str) -> None:
    periode = parse_periode(text)
    assert (periode.begin, periode.eind, periode.naam) == (begin, eind, naam)


@pytest.mark.parametrize("text", ["2023-H3", "23", "2023-1", "H1-2023", "1850"])
def test_a_bad_period_is_refused_in_dutch(text: str) -> None:
    with pytest.raises(OngeldigePeriode, match="is geen jaar of halfjaar"):
        parse_periode(text)


def test_report_on_the_demo_in_the_councils_words(demo: Engine) -> None:
    text = render(_report(demo), DocumentFormat.md).decode("utf-8")
    assert "# Voortgangsrapportage Heerlen-Noord" in text
    assert "| Arbeidsparticipatie | Heerlen-Noord (startsituatie) | 57% [" in text
    assert "12 procentpunten achter op Nederland" in text
    assert "Alle geldstromen samen: € 73.549.309 (8 van 12 bedragen bekend)." in text
    assert "| toegekend | € 1.400.000 [" in text and "| besteed | onbekend |" in text
    assert "Budget aanjaaggeld 2023" in text  # ends in 2023
    assert "De laatste tijdelijke geldstroom met een bekende looptijd loopt tot en met 2031." in text
    assert "De winst van de alliantie" in text  # a story
    assert "Budget aanjaaggeld 2023: Looptijd 2023 tot en met 2023." in text  # a signal the council asked for
    assert "## Afspraken over informatie: nagekomen of niet" in text and "| te laat |" in text
    assert "Stand van vragen, moties en toezeggingen op 31 december 2023: afgedaan: 1; beantwoord: 3; onbekend: 4." \
        in text  # unknown answers are not counted as open (issue 17)
    assert "| Artikel 33-vragen van 26 mei 2023: Heerlen-Noord plannen huisvesting [" in text
    assert "| 46 | 31 | nee |" in text
    assert "Er is geen eerder peilmoment" in text
    assert "De monitor bevat één focusgebied (Heerlen-Noord)" in text
    assert "geld per inwoner is onbekend" in text


def test_html_pdf_and_docx(demo: Engine, tmp_path: Path) -> None:
    from docx import Document as WordDocument

    document = _report(demo)
    html = render(document, DocumentFormat.html).decode("utf-8")
    assert html.startswith('<!doctype html><html lang="nl">') and "/bronnen/" not in html
    word = WordDocument(BytesIO(render(document, DocumentFormat.docx)))
    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert "Wat is er veranderd sinds de vorige rapportage" in headings
    pytest.importorskip("weasyprint")
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext niet gevonden (Debian-pakket poppler-utils)")
    pdf = tmp_path / "voortgang.pdf"
    pdf.write_bytes(render(document, DocumentFormat.pdf))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Voortgangsrapportage Heerlen-Noord" in text and "€ 73.549.309" in text


def test_report_page_shows_the_same_content(demo: Engine) -> None:
    client = TestClient(create_app(demo))
    response = client.get("/voortgang/rapportage", params={"periode": "2023-H1"})
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert one(page, "h1").get_text(strip=True) == "Voortgangsrapportage Heerlen-Noord: eerste halfjaar 2023"
    titles = [h.get_text(strip=True) for h in page.select("main h2")]
    assert "Geld: gepland, toegekend, besteed en wat afloopt" in titles
    assert page.select_one('main a[href^="/bronnen/"]') is not None
    assert client.get("/voortgang/rapportage", params={"periode": "2023-H3"}).status_code == 400
