"""A data package as a folder of UTF-8 CSV files, one per table (gebieden.csv, waarnemingen.csv, ...)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.sources.cells import format_cell
from raadsmonitor.sources.package import PackageProblem, Place, RawTable

csv.field_size_limit(64 * 1024 * 1024)  # long cells get a clear length error from validation instead

BOM = "\ufeff"


def _decode(path: Path) -> tuple[str | None, PackageProblem | None]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, PackageProblem(
            Place(path.name, line),
            f"het bestand is geen UTF-8 (byte {error.start + 1}); sla het op als 'CSV UTF-8'")
    if text.startswith(BOM):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, PackageProblem(Place(path.name, line), "het bestand bevat een NUL-teken; is het "
                                                            "wel een CSV-bestand?")
    return text, None


def _delimiter(first_line: str) -> str:
    """Comma by default; semicolon when a Dutch spreadsheet wrote the file that way."""
    return ";" if ";" in first_line and "," not in first_line else ","


def _rows(reader: Iterator[list[str]], source: str, problems: list[PackageProblem]
          ) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        for cells in reader:
            row_number = reader.line_num  # type: ignore[attr-defined]
            if not any(cell.strip() for cell in cells):
                continue
            yield row_number, cells
    except csv.Error as error:
        problems.append(PackageProblem(Place(source, reader.line_num),  # type: ignore[attr-defined]
                                       f"het bestand is geen geldig CSV-bestand: {error}"))


class CsvFolderReader:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        problems: list[PackageProblem] = []
        tables: list[RawTable] = []
        if not self.folder.is_dir():
            return [], [PackageProblem(Place(str(self.folder)), "map niet gevonden")]
        files = sorted(self.folder.glob("*.csv"))
        if not files:
            problems.append(PackageProblem(Place(str(self.folder)), "de map bevat geen CSV-bestanden"))
        for path in files:
            table = self._read_file(path, problems)
            if table is not None:
                tables.append(table)
        return tables, problems

    def _read_file(self, path: Path, problems: list[PackageProblem]) -> RawTable | None:
        text, problem = _decode(path)
        if problem is not None:
            problems.append(problem)
            return None
        assert text is not None
        if not text.strip():
            problems.append(PackageProblem(Place(path.name), "het bestand is leeg; de kopregel met de "
                                                             "kolomnamen ontbreekt"))
            return None
        first_line = text.split("\n", 1)[0]
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
        try:
            header = next(reader)
        except csv.Error as error:
            problems.append(PackageProblem(Place(path.name, 1), f"kopregel onleesbaar: {error}"))
            return None
        table = RawTable(name=path.stem, source=path.name, header=[cell.strip() for cell in header],
                         rows=iter(()))
        table.rows = _rows(reader, path.name, table.problems)
        return table


def write_csv_table(folder: Path, spec: TableSpec, records: Iterable[Any]) -> Path:
    """Write one table; atomically, so a failed export never leaves half a file."""
    path = folder / f"{spec.name}.csv"
    temporary = path.with_suffix(".csv.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([column.name for column in spec.columns])
        for record in records:
            writer.writerow([format_cell(getattr(record, column.name), column) for column in spec.columns])
    os.replace(temporary, path)
    return path
