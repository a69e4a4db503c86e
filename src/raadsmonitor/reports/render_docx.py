"""DOCX from the content model with python-docx: real Word headings (Heading 1-4), real tables with a
header row, and a chart as its description and table (Word cannot show our SVG reliably)."""

from __future__ import annotations

from io import BytesIO

from docx import Document as WordDocument
from docx.document import Document as WordDocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from raadsmonitor.reports.content import (
    Block,
    BulletList,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    cell_with_reference,
    reference_labels,
    reference_numbers,
    source_list,
)


def _mark_header_row(row: object) -> None:
    """Repeat the header row on each page and let screen readers treat it as the header."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(word: WordDocumentType, table: Table, numbers: dict[str, int]) -> None:
    word.add_paragraph(table.caption, style="Caption")
    rows = table.rows + table.footer
    grid = word.add_table(rows=1 + len(rows), cols=len(table.header))
    grid.style = "Table Grid"
    for index, heading in enumerate(table.header):
        grid.rows[0].cells[index].text = heading
        for run in grid.rows[0].cells[index].paragraphs[0].runs:
            run.bold = True
    _mark_header_row(grid.rows[0])
    for r, row in enumerate(rows, start=1):
        for index, c in enumerate(row[:len(table.header)]):
            target = grid.rows[r].cells[index]
            target.text = cell_with_reference(c, numbers)
            if c.numeric:
                target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    word.add_paragraph()


def _block(word: WordDocumentType, block: Block, numbers: dict[str, int]) -> None:
    if isinstance(block, Paragraph):
        sources = reference_labels(block.bronnen, numbers)
        run = word.add_paragraph().add_run(f"{block.text} {sources}".strip())
        run.bold = block.emphasis
    elif isinstance(block, BulletList):
        for item in block.items:
            word.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        _table(word, block, numbers)
    else:
        assert isinstance(block, Figure)
        word.add_paragraph(f"Grafiek: {block.title}. {block.description}")
        _table(word, block.table, numbers)


def _section(word: WordDocumentType, section: Section, level: int, numbers: dict[str, int]) -> None:
    word.add_heading(section.title, level=min(level, 9))
    for block in section.blocks:
        _block(word, block, numbers)
    for sub in section.sections:
        _section(word, sub, level + 1, numbers)


def render_docx(document: Document) -> bytes:
    word = WordDocument()
    word.core_properties.title = document.title
    word.core_properties.language = "nl-NL"
    word.add_heading(document.title, level=0)
    word.add_paragraph(document.subtitle).runs[0].bold = True
    for line in document.meta:
        word.add_paragraph(line)
    numbers = reference_numbers(document)
    for section in document.sections:
        _section(word, section, 1, numbers)
    if numbers:
        word.add_heading("Bronnen", level=1)
        for line in source_list(document):
            word.add_paragraph(line)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
