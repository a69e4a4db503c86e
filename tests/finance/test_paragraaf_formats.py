"""The paragraaf Heerlen-Noord: one document, four formats, the same figures in each."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import Engine

from raadsmonitor.reports.content import (
    Block,
    Cell,
    Document,
    Figure,
    Section,
    Table,
    cell_with_reference,
    number,
    reference_numbers,
)
from raadsmonitor.reports.formats import DocumentFormat, render
from raadsmonitor.reports.paragraaf import OnbekendeStroom, ParagraafSoort, build_paragraaf, build_raadsvoorstel
from raadsmonitor.reports.render_html import column_widths
from raadsmonitor.store.dataset import StoreRecords
from tests.conftest import skip_or_fail

PEILDATUM = date(2023, 11, 15)


def _paragraaf(engine: Engine, soort: ParagraafSoort = ParagraafSoort.begroting) -> Document:
    with engine.connect() as connection:
        return build_paragraaf(StoreRecords(connection), 2024, soort, peildatum=PEILDATUM)


def test_markdown_paragraaf_has_the_three_questions_and_the_three_points(financien_engine: Engine) -> None:
    text = render(_paragraaf(financien_engine), DocumentFormat.md).decode("utf-8")
    assert "# Paragraaf Heerlen-Noord" in text
    assert "### Wat willen we bereiken?" in text and "### Wat mag het kosten?" in text
    assert "## a. Waar beslist de raad over?" in text
    assert "## b. Specifiek voor het focusgebied of voor de hele gemeente?" in text
    assert "## c. Keuzen die voorliggen en de keuzevrijheid van de raad" in text
    assert "€ 4.637.084" in text and "€ 4.600.000 (€ 4,6 mln)" in text
    assert "Preventie met gezag (loopt af in 2025)" in text
    assert "Gemaakt door raadsmonitor op 15 november 2023" in text


def test_jaarstukken_ask_what_was_done_and_what_it_cost(financien_engine: Engine) -> None:
    text = render(_paragraaf(financien_engine, ParagraafSoort.jaarstukken), DocumentFormat.md).decode("utf-8")
    assert "### Wat hebben we daarvoor gedaan?" in text
    assert "### Wat heeft het gekost?" in text
    assert "Bestede bedragen over 2024 staan niet in de gegevens: onbekend." in text


def test_html_file_is_standalone_dutch_and_numbers_its_sources(financien_engine: Engine) -> None:
    html = render(_paragraaf(financien_engine), DocumentFormat.html).decode("utf-8")
    assert html.startswith('<!doctype html><html lang="nl">')
    assert 'role="img"' in html and "<desc" in html
    assert "<h2>Bronnen</h2>" in html and "[1] " in html
    assert "/bronnen/" not in html  # a file does not link into the monitor


def test_pdf_text_can_be_selected(financien_engine: Engine, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext niet gevonden (Debian-pakket poppler-utils)")
    pdf = tmp_path / "paragraaf.pdf"
    pdf.write_bytes(render(_paragraaf(financien_engine), DocumentFormat.pdf))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Paragraaf Heerlen-Noord" in text
    assert "€ 4.637.084" in text
    assert "Waar beslist de raad over?" in text


def _structure(pdf: Path) -> list[tuple[str, str]]:
    """Each element of the PDF's structure tree (`pdfinfo -struct-text`) as (type, its text without spaces)."""
    lines = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    elements: list[tuple[str, list[str]]] = []
    open_: list[tuple[int, list[str]]] = []  # indent and text of the elements that hold the next line
    for line in lines:
        indent, item = len(line) - len(line.lstrip()), line.strip()
        if not item or item.startswith("/"):  # attributes: /Headers, /BBox
            continue
        if item.startswith('"'):
            for _, parts in open_:
                parts.append(item.strip('"'))
            continue
        open_ = [(i, parts) for i, parts in open_ if i < indent]
        parts = []
        open_.append((indent, parts))
        elements.append((item.split()[0].rstrip(":"), parts))
    return [(kind, "".join("".join(parts).split())) for kind, parts in elements]


def test_pdf_is_tagged_with_the_documents_headings_and_table_cells(financien_engine: Engine, tmp_path: Path) -> None:
    """PDF/UA-style tags (issue 15 keeps them while making the PDF faster): the title an H1, each section an H2
    or H3, each table a Table with its Caption, and every cell a TH (column and row headers) or TD."""
    pytest.importorskip("weasyprint")
    if shutil.which("pdfinfo") is None:
        skip_or_fail("pdfinfo niet gevonden (Debian-pakket poppler-utils)")
    document = _paragraaf(financien_engine)
    pdf = tmp_path / "paragraaf.pdf"
    pdf.write_bytes(render(document, DocumentFormat.pdf))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    tags = _structure(pdf)
    assert tags[0][0] == "Document"

    def squeezed(text: str) -> str:
        return "".join(text.split())

    def texts(*kinds: str) -> set[str]:
        return {text for kind, text in tags if kind in kinds}

    assert squeezed(document.title) in texts("H1")
    assert {squeezed(s.title) for s in document.sections} | {"Bronnen"} <= texts("H2")
    assert {squeezed(sub.title) for s in document.sections for sub in s.sections} <= texts("H3")
    tables = [b.table if isinstance(b, Figure) else b for b in _blocks(document.sections)
              if isinstance(b, Table | Figure)]
    assert tables and {squeezed(t.caption) for t in tables} <= texts("Caption")
    assert sum(kind == "Table" for kind, _ in tags) >= len(tables)  # a table across a page break counts twice
    numbers = reference_numbers(document)
    headers = {squeezed(h) for t in tables for h in t.header} | {
        squeezed(cell_with_reference(row[0], numbers)) for t in tables for row in t.rows + t.footer}
    cells = {squeezed(cell_with_reference(c, numbers)) for t in tables for row in t.rows + t.footer for c in row[1:]}
    assert headers <= texts("TH")
    assert cells - {""} <= texts("TD")


def test_docx_has_real_headings_and_tables(financien_engine: Engine) -> None:
    from docx import Document as WordDocument

    word = WordDocument(BytesIO(render(_paragraaf(financien_engine), DocumentFormat.docx)))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style is not None
                and p.style.name.startswith("Heading")]
    assert ("Heading 1", "Thema Talentontwikkeling") in headings
    assert ("Heading 2", "Wat mag het kosten?") in headings
    assert ("Heading 1", "a. Waar beslist de raad over?") in headings
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert any(text.startswith("€ 4.637.084") for text in cells)
    assert len(word.tables) > 10


def test_docx_converts_with_libreoffice(financien_engine: Engine, tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        skip_or_fail("LibreOffice niet gevonden (Debian-pakket libreoffice-writer)")
        return
    source = tmp_path / "paragraaf.docx"
    source.write_bytes(render(_paragraaf(financien_engine), DocumentFormat.docx))
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], capture_output=True, check=True, timeout=180)
    assert (tmp_path / "paragraaf.pdf").stat().st_size > 10_000


def test_raadsvoorstel_states_the_three_points_for_its_streams_only(financien_engine: Engine) -> None:
    with financien_engine.connect() as connection:
        document = build_raadsvoorstel(StoreRecords(connection), ["regio-deal-parkstad-2"], 2024, PEILDATUM)
    text = render(document, DocumentFormat.md).decode("utf-8")
    assert [s.title[:2] for s in document.sections] == ["a.", "b.", "c."]
    assert "Regio Deal Parkstad, tweede tranche" in text
    assert "Volkshuisvestingsfonds" not in text


def test_raadsvoorstel_with_an_unknown_stream_says_which(financien_engine: Engine) -> None:
    with financien_engine.connect() as connection, pytest.raises(OnbekendeStroom,
                                                             match="onbekende geldstroom: bestaat-niet"):
        build_raadsvoorstel(StoreRecords(connection), ["bestaat-niet"], 2024, PEILDATUM)


def test_paragraaf_lists_every_stream_in_the_overview_and_only_exceptions_in_a_and_b(financien_engine: Engine) -> None:
    document = _paragraaf(financien_engine)
    tables = {t.caption: t for t in (block.table if isinstance(block, Figure) else block
                                     for block in _blocks(document.sections) if isinstance(block, Table | Figure))}
    assert tables["Rijksmiddelen"].header[1] == "Herkomst en instrument"
    assert [r[0].text for r in tables["Rijksmiddelen"].rows].count("Regio Deal Parkstad, tweede tranche") == 1
    assert "Zeggenschap per geldstroom" not in tables and "Reikwijdte per geldstroom" not in tables
    exceptions = tables["Stromen niet alleen voor het focusgebied"].rows
    assert exceptions and all(row[1].text != "focusgebied" for row in exceptions)


def test_file_tables_get_column_widths_from_their_text() -> None:
    table = Table("Geld", ("Geldstroom", "Bedrag"), ((Cell("Volkshuisvestingsfonds, eerste en tweede tranche"),
                                                     number("€ 4.600.000", "bron-1")),))
    widths = column_widths(table)
    assert sum(widths) == 100 and widths[0] > widths[1] > 0


def _blocks(sections: tuple[Section, ...]) -> list[Block]:
    return [block for s in sections for block in (*s.blocks, *_blocks(s.sections))]


def test_pdf_from_the_command_line_is_rendered_by_its_helper_process_and_the_same(
        financien_engine: Engine, store_url: str, tmp_path: Path) -> None:
    """`raadsmonitor report paragraaf --format pdf` hands the HTML to the helper it forked at start-up (issue 15,
    reports/pdf_process.py): the command itself never loads WeasyPrint, and the PDF has the same text and the
    same structure tree as the one rendered in-process."""
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        skip_or_fail("pdftotext/pdfinfo niet gevonden (Debian-pakket poppler-utils)")
    command = ("import sys, raadsmonitor.cli as cli\n"
               "try:\n    cli.app()\nexcept SystemExit as stop:\n"
               "    print('weasyprint' in sys.modules, file=sys.stderr)\n    raise\n")
    pdf = tmp_path / "helper.pdf"
    arguments = ["report", "paragraaf", "--jaar", "2024", "--peildatum", PEILDATUM.isoformat(), "--db", store_url]
    done = subprocess.run([sys.executable, "-c", command, *arguments, "--format", "pdf", "--out", str(pdf)],
                          capture_output=True, text=True, check=True)
    assert done.stderr.split() == ["False"]  # the command's own process did not import WeasyPrint
    in_process = tmp_path / "in-process.pdf"
    in_process.write_bytes(render(_paragraaf(financien_engine), DocumentFormat.pdf))

    def text(path: Path) -> str:
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout

    assert text(pdf) == text(in_process) and "Paragraaf Heerlen-Noord" in text(pdf)
    assert _structure(pdf) == _structure(in_process)


AT_THE_END = """import atexit, gc, sys
# registered before the command's own hook, so it runs after it (atexit runs last-in, first-out)
atexit.register(lambda: print(gc.get_freeze_count() > 0, file=sys.stderr))
import raadsmonitor.cli as cli
cli.app()
"""


def test_a_command_closes_its_store_and_freezes_the_collector_before_the_interpreter_ends(
        financien_engine: Engine, store_url: str, tmp_path: Path) -> None:
    """Python's last collections at exit walk every object the command loaded (0.1 s of the paragraaf, issue 15):
    the command freezes them first, after closing its connections, so a SQLite store keeps no -wal or -shm file."""
    financien_engine.dispose()
    html = tmp_path / "paragraaf.html"
    done = subprocess.run([sys.executable, "-c", AT_THE_END, "report", "paragraaf", "--jaar", "2024", "--peildatum",
                           PEILDATUM.isoformat(), "--db", store_url, "--out", str(html)],
                          capture_output=True, text=True, check=True)
    assert done.stderr.split()[-1] == "True"
    assert "Paragraaf Heerlen-Noord" in html.read_text(encoding="utf-8")
    if store_url.startswith("sqlite:///"):
        store = Path(store_url.removeprefix("sqlite:///"))
        assert sorted(path.name for path in store.parent.glob(store.name + "*")) == [store.name]
