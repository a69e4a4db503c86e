"""A data package as one .xlsx workbook, one sheet per table; plus the empty template to fill in."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from raadsmonitor.domain.catalogue import TABLES, TableSpec
from raadsmonitor.domain.columns import Column, Kind
from raadsmonitor.sources.cells import format_cell
from raadsmonitor.sources.package import EXAMPLE_MARK, PackageProblem, Place, RawTable

INSTRUCTION_SHEET = "Instructie"
CHOICES_SHEET = "_keuzelijsten"
_FIXED_TIME = "1980-01-01T00:00:00Z"


def _is_ignored_sheet(title: str) -> bool:
    return title == INSTRUCTION_SHEET or title.startswith("_")


def _sheet_rows(sheet: Worksheet, problems: list[PackageProblem]) -> Iterator[tuple[int, Sequence[Any]]]:
    for row_number, row in enumerate(sheet.iter_rows(min_row=2), start=2):
        values: list[Any] = []
        for index, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                letter = get_column_letter(index + 1)
                problems.append(PackageProblem(
                    Place(sheet.title, row_number, f"kolom {letter}"),
                    "een formule is niet toegestaan; vul de waarde zelf in"))
                values.append(None)
            else:
                values.append(cell.value)
        if any(value is not None and (not isinstance(value, str) or value.strip()) for value in values):
            yield row_number, values


class XlsxReader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        if not self.path.is_file():
            return [], [PackageProblem(Place(self.path.name), "bestand niet gevonden")]
        try:
            workbook = load_workbook(self.path, read_only=True, data_only=False)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            return [], [PackageProblem(Place(self.path.name),
                                       f"de werkmap is beschadigd of geen .xlsx-bestand ({type(error).__name__})")]
        tables: list[RawTable] = []
        for sheet in workbook.worksheets:
            if _is_ignored_sheet(sheet.title):
                continue
            header_row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
            header = [str(value).strip() if value is not None else "" for value in (header_row or ())]
            while header and header[-1] == "":
                header.pop()
            table = RawTable(name=sheet.title, source=sheet.title, header=header, rows=iter(()))
            if not header:
                table.problems.append(PackageProblem(Place(sheet.title, 1), "het werkblad is leeg; de "
                                                                            "kopregel met de kolomnamen ontbreekt"))
            else:
                table.rows = _sheet_rows(sheet, table.problems)
            tables.append(table)
        if not tables:
            return [], [PackageProblem(Place(self.path.name), "de werkmap bevat geen tabellen")]
        return tables, []


def _excel_value(value: Any, column: Column) -> Any:
    """Numbers stay numbers in a workbook; everything else is its canonical text."""
    if value is None:
        return None
    if column.kind is Kind.INTEGER:
        return value
    if column.kind is Kind.DECIMAL:
        assert isinstance(value, Decimal)
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(normal)
    return format_cell(value, column)


def _set_text(cell: Cell, value: Any) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never let openpyxl read text as a formula


def _write_sheet(sheet: Worksheet, spec: TableSpec, rows: Iterable[Sequence[Any]]) -> None:
    sheet.append([column.name for column in spec.columns])
    for row_number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            if value is not None:
                _set_text(sheet.cell(row=row_number, column=index), value)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(column.name) + 4))
        sheet.cell(row=1, column=index).font = Font(bold=True)


def _make_reproducible(path: Path) -> None:
    """Same content, same bytes: fixed document times and zip entry times."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + _FIXED_TIME.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, data)


def write_workbook(path: Path, tables: Iterable[tuple[TableSpec, Iterable[Any]]]) -> None:
    """Export: one sheet per table, header row of column names, canonical values."""
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    for spec, records in tables:
        sheet = workbook.create_sheet(spec.name)
        _write_sheet(sheet, spec, ([_excel_value(getattr(record, column.name), column)
                                    for column in spec.columns] for record in records))
    _save(workbook, path)


def _save(workbook: Workbook, path: Path) -> None:
    temporary = path.with_name(path.name + ".tmp")
    workbook.save(temporary)
    _make_reproducible(temporary)
    temporary.replace(path)


# --- the template -------------------------------------------------------------------------------

INSTRUCTIONS = [
    "Gegevenspakket voor raadsmonitor",
    "",
    "Vul per tabel een werkblad in. De eerste rij bevat de kolomnamen: verander die niet.",
    "Wijs met de muis een kolomnaam aan voor de uitleg van die kolom; het overzicht hieronder geeft dezelfde uitleg.",
    "Rijen die beginnen met 'VOORBEELD:' worden bij het inlezen overgeslagen; u mag ze laten staan of verwijderen.",
    "Een lege cel betekent onbekend, nooit nul. Vul geen 0 in als een waarde niet bekend is.",
    "Kolommen met een keuzelijst accepteren alleen de waarden uit de lijst.",
    "Getallen zonder scheidingstekens voor duizendtallen: 1350000 of 66,9. Datums als JJJJ-MM-DD; "
    "als alleen de maand of het jaar bekend is: JJJJ-MM of JJJJ.",
    "Formules zijn niet toegestaan: typ de waarde zelf.",
    "Elke rij verwijst in de kolom 'bron' naar een rij van het werkblad 'bronnen': de figuur of paragraaf "
    "waar het gegeven vandaan komt.",
    "Inlezen: raadsmonitor import BESTAND.xlsx --dry-run controleert alles zonder iets op te slaan; "
    "zonder --dry-run wordt alles in één keer opgeslagen, of niets als er een fout is.",
    "",
]


def _kind_text(column: Column) -> str:
    parts = [column.kind.value]
    if column.ref:
        parts = [f"verwijzing naar {column.ref}"]
    if column.scale is not None:
        parts.append(f"ten hoogste {column.scale} decimalen")
    if column.minimum is not None:
        parts.append(f"minimaal {column.minimum}")
    if column.maximum is not None:
        parts.append(f"maximaal {column.maximum}")
    parts.append("verplicht" if column.required else "mag leeg")
    return ", ".join(parts)


def _instruction_sheet(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(INSTRUCTION_SHEET, 0)
    for line in INSTRUCTIONS:
        sheet.append([line])
    sheet.append(["Werkblad", "Kolom", "Soort", "Uitleg"])
    header_row = sheet.max_row
    for spec in TABLES:
        sheet.append([spec.name, "", "", spec.description])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for column in spec.columns:
            sheet.append(["", column.name, _kind_text(column), column.description])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 26
    sheet.column_dimensions["C"].width = 40
    sheet.column_dimensions["D"].width = 90


def _choice_lists(workbook: Workbook) -> dict[str, str]:
    """A hidden sheet with one column per closed list; returns list name -> range formula."""
    sheet = workbook.create_sheet(CHOICES_SHEET)
    sheet.sheet_state = "hidden"
    lists: dict[str, tuple[str, ...]] = {"ja/nee": ("ja", "nee")}
    for spec in TABLES:
        for column in spec.columns:
            if column.enum is not None:
                lists[column.enum.__name__] = column.choices
    formulas = {}
    for index, (name, choices) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=name)
        for row, choice in enumerate(choices, start=2):
            sheet.cell(row=row, column=index, value=choice)
        formulas[name] = f"{quote_sheetname(CHOICES_SHEET)}!${letter}$2:${letter}${len(choices) + 1}"
    return formulas


def _add_dropdowns(sheet: Worksheet, spec: TableSpec, formulas: dict[str, str]) -> None:
    for index, column in enumerate(spec.columns, start=1):
        name = column.enum.__name__ if column.enum else ("ja/nee" if column.kind is Kind.BOOLEAN else None)
        if name is None:
            continue
        validation = DataValidation(type="list", formula1=formulas[name], allow_blank=not column.required,
                                    showErrorMessage=True, errorTitle="Ongeldige keuze",
                                    error="Kies een waarde uit de lijst.")
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}10000")
        sheet.add_data_validation(validation)


def write_template(path: Path, examples: Mapping[str, Sequence[Any]]) -> None:
    """An empty workbook to fill in: instructions, one sheet per table, dropdowns, an example row."""
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    _instruction_sheet(workbook)
    formulas = _choice_lists(workbook)
    example_fill = PatternFill("solid", fgColor="EEEEEE")
    for spec in TABLES:
        sheet = workbook.create_sheet(spec.name)
        example = list(examples.get(spec.name, ()))
        if example:
            example[0] = f"{EXAMPLE_MARK} {example[0]}"
        _write_sheet(sheet, spec, [example] if example else [])
        for index, column in enumerate(spec.columns, start=1):
            comment = Comment(f"{column.description}\n({_kind_text(column)})", "raadsmonitor")
            comment.width, comment.height = 300, 120
            sheet.cell(row=1, column=index).comment = comment
            if example:
                cell = sheet.cell(row=2, column=index)
                cell.fill = example_fill
                cell.font = Font(italic=True, color="555555")
        _add_dropdowns(sheet, spec, formulas)
    workbook.move_sheet(CHOICES_SHEET, offset=len(workbook.sheetnames))
    _save(workbook, path)
