"""The workbook a programme controller fills in."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine

from raadsmonitor.domain.catalogue import TABLES, table_named
from raadsmonitor.services.datapackage.importer import import_package
from raadsmonitor.services.datapackage.template import write_template_with_examples
from raadsmonitor.sources.xlsx_package import CHOICES_SHEET, INSTRUCTION_SHEET


def test_template_has_instructions_a_sheet_per_table_and_dropdowns(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.xlsx"
    write_template_with_examples(path)
    workbook = load_workbook(path)
    assert workbook.sheetnames[0] == INSTRUCTION_SHEET
    assert workbook[CHOICES_SHEET].sheet_state == "hidden"
    assert [name for name in workbook.sheetnames if name not in (INSTRUCTION_SHEET, CHOICES_SHEET)] == [
        spec.name for spec in TABLES]
    instruction_text = " ".join(str(cell.value) for row in workbook[INSTRUCTION_SHEET].iter_rows() for cell in row
                                if cell.value)
    assert "Een lege cel betekent onbekend, nooit nul." in instruction_text
    indicatoren = workbook["indicatoren"]
    header = [cell.value for cell in indicatoren[1]]
    assert header == [column.name for column in table_named("indicatoren").columns]
    comment = indicatoren.cell(1, header.index("polariteit") + 1).comment
    assert "Of een hogere of een lagere waarde beter is" in comment.text
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header.index("polariteit")]
    ranges = [str(validation.sqref) for validation in indicatoren.data_validations.dataValidation]
    assert any(r.startswith(f"{letter}2:") for r in ranges)


def test_every_sheet_shows_an_example_row_that_import_skips(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "sjabloon.xlsx"
    write_template_with_examples(path)
    workbook = load_workbook(path)
    for spec in TABLES:
        first_cell = workbook[spec.name].cell(2, 1).value
        assert isinstance(first_cell, str) and first_cell.startswith("VOORBEELD: "), spec.name
    report = import_package(engine, path)
    assert report.ok, [str(p) for p in report.problems]
    assert report.examples_skipped == len(TABLES)
    assert all(count.added == 0 for count in report.counts.values())


def test_template_is_reproducible(tmp_path: Path) -> None:
    write_template_with_examples(tmp_path / "a.xlsx")
    write_template_with_examples(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
