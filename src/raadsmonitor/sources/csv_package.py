"""A data package as a folder of UTF-8 CSV files, one per table (gebieden.csv, waarnemingen.csv, ...)."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain, islice, repeat
from pathlib import Path
from typing import Any

from raadsmonitor.domain.catalogue import TableSpec
from raadsmonitor.sources.cells import format_cell
from raadsmonitor.sources.package import Block, PackageProblem, Place, RawTable

csv.field_size_limit(64 * 1024 * 1024)  # long cells get a clear length error from validation instead

BOM = "\ufeff"


BLOCK = 1 << 20  # bytes checked at a time: the whole file is never held in memory


@dataclass
class _Scan:
    """What one pass over the bytes of a file found: its first fault, and whether it holds anything."""

    problem: PackageProblem | None = None
    has_content: bool = False


def _scan(path: Path) -> _Scan:
    """Check that a file is UTF-8 without NUL characters, block by block, naming the line of a fault.

    A fault refuses the file as a whole, before any row of it is read, as when it was read at once.
    Issue 15: a block of ASCII is UTF-8 as it is and is not decoded, and lines are counted only to name a
    fault (decoding and counting a national waarnemingen.csv took 0.15 s of the import; checking it 0.04 s).
    """
    scan, carry, offset, nul_at = _Scan(), b"", 0, -1
    with path.open("rb") as handle:
        while True:
            block = handle.read(BLOCK)
            data, carry = carry + block, b""
            if not data:
                break
            text: str | None  # an ASCII block is decoded only while the file may still be blank
            if data.isascii():
                text = None if scan.has_content else data.decode("ascii")
            else:
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as error:
                    if not (block and error.reason == "unexpected end of data"):
                        line = _line_at(path, offset + error.start)
                        scan.problem = PackageProblem(Place(path.name, line), f"het bestand is geen UTF-8 (byte "
                                                      f"{offset + error.start + 1}); sla het op als 'CSV UTF-8'")
                        return scan
                    data, carry = data[:error.start], data[error.start:]  # a character split over two blocks
                    text = data.decode("utf-8")
            if nul_at < 0 and b"\x00" in data:
                nul_at = offset + data.index(b"\x00")
            scan.has_content = scan.has_content or (text is not None and bool(text.lstrip(BOM).strip()))
            offset += len(data)
    if nul_at >= 0:
        scan.problem = PackageProblem(Place(path.name, _line_at(path, nul_at)), "het bestand bevat een NUL-teken; "
                                                                                "is het wel een CSV-bestand?")
    return scan


def _line_at(path: Path, offset: int) -> int:
    """The number of the line that holds the byte at `offset` (counted from 0) of a file."""
    lines, read = 1, 0
    with path.open("rb") as handle:
        while read < offset and (block := handle.read(min(BLOCK, offset - read))):
            lines += block.count(b"\n")
            read += len(block)
    return lines


def _delimiter(first_line: str) -> str:
    """Comma by default; semicolon when a Dutch spreadsheet wrote the file that way."""
    return ";" if ";" in first_line and "," not in first_line else ","


ROWS_PER_PART = 5_000  # lines read at a time when the rows are read one by one
_NOT_PLAIN = ('"', "\r", "\x00")  # what only the csv module reads right: quotes, carriage returns, NUL


def _rows(path: Path, delimiter: str, width: int,
          problems: list[PackageProblem]) -> Iterator[tuple[int, Sequence[Any]]]:
    """The rows after the header, each with its line number; blank rows are left out."""
    for part in _blocks(path, delimiter, width, problems, ROWS_PER_PART):
        yield from part.rows() if isinstance(part, Block) else part


def _blocks(path: Path, delimiter: str, width: int, problems: list[PackageProblem],
            size: int) -> Iterator[Block | list[tuple[int, Sequence[Any]]]]:
    """The rows after the header in parts of up to `size` lines; blank rows are left out.

    Issue 15: lines without a quote, carriage return or NUL character are split at the delimiter, which is
    exactly how the csv module reads them (one record per line, fields between delimiters), at a fraction of
    its cost; a part whose every line has as many cells as the header (`width`) and a first cell with text
    comes as a Block, per column, with no Python step per row. From the first part that has a quote, carriage
    return or NUL, the csv module reads the rest of the file, with the same row numbers and the same errors.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        offset = 0  # lines read before `reader` started
        try:
            next(reader, None)
            offset, limit = reader.line_num, csv.field_size_limit()
            while lines := list(islice(handle, size)):
                text = "".join(lines)
                if any(character in text for character in _NOT_PLAIN) or max(map(len, lines)) > limit:
                    reader = csv.reader(chain(lines, handle), delimiter=delimiter)
                    part: list[tuple[int, Sequence[Any]]] = []
                    try:
                        for cells in reader:
                            if not _blank(cells):
                                part.append((offset + reader.line_num, cells))
                            if len(part) >= size:
                                yield part
                                part = []
                    except csv.Error:
                        if part:  # the rows before a fault, as when they were read one by one
                            yield part
                        raise
                    if part:
                        yield part
                    return
                yield _plain_part(lines, text, offset + 1, delimiter, width)
                offset += len(lines)
        except csv.Error as error:
            problems.append(PackageProblem(Place(path.name, offset + reader.line_num),
                                           f"het bestand is geen geldig CSV-bestand: {error}"))


def _plain_part(lines: list[str], text: str, first: int, delimiter: str,
                width: int) -> Block | list[tuple[int, Sequence[Any]]]:
    """Lines without quotes, carriage returns or NUL characters, split at the delimiter: a Block if every line
    has `width` cells and a first cell that is not blank, else the rows one by one (blank ones left out)."""
    if width > 1 and list(map(str.count, lines, repeat(delimiter))).count(width - 1) == len(lines):
        cells = (text if text.endswith("\n") else text + "\n").replace("\n", delimiter).split(delimiter)
        del cells[-1]  # after the last line's end
        columns = [cells[position::width] for position in range(width)]
        if "" not in columns[0] and not any(map(str.isspace, columns[0])):
            return Block(first, columns)
    rows: list[tuple[int, Sequence[Any]]] = []
    for number, line in enumerate(lines, first):
        row = (line[:-1] if line.endswith("\n") else line).split(delimiter)
        if not _blank(row):
            rows.append((number, row))
    return rows


def _blank(cells: Sequence[str]) -> bool:
    """A row with no text in any cell (the csv module gives an empty line as no cells)."""
    first = cells[0] if cells else ""
    return (not first or first.isspace()) and not any(cell.strip() for cell in cells)


class CsvFolderReader:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        """Each file's header, and its rows as a stream that opens the file when it is read."""
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
        scan = _scan(path)
        if scan.problem is not None:
            problems.append(scan.problem)
            return None
        if not scan.has_content:
            problems.append(PackageProblem(Place(path.name), "het bestand is leeg; de kopregel met de "
                                                             "kolomnamen ontbreekt"))
            return None
        with path.open(encoding="utf-8-sig", newline="") as handle:
            delimiter = _delimiter(handle.readline().split("\n", 1)[0])
            handle.seek(0)
            try:
                header = next(csv.reader(handle, delimiter=delimiter))
            except csv.Error as error:
                problems.append(PackageProblem(Place(path.name, 1), f"kopregel onleesbaar: {error}"))
                return None
        table = RawTable(name=path.stem, source=path.name, header=[cell.strip() for cell in header],
                         rows=iter(()), size=path.stat().st_size)
        table.rows = _rows(path, delimiter, len(table.header), table.problems)
        table.blocks = partial(_blocks, path, delimiter, len(table.header), table.problems)
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
