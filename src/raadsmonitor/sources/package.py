"""What every data package container yields: named tables of raw rows, with their places."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

EXAMPLE_MARK = "VOORBEELD:"


@dataclass(frozen=True, slots=True)
class Place:
    """Where something is in a package: file or sheet, row, column. Printed as file:row:column."""

    source: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.source]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column is not None:
            parts.append(self.column)
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class PackageProblem:
    place: Place
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive rows of a table, from row `first` on, each exactly as wide as the header and none blank,
    given as one list of cells per column (issue 15: a big CSV file read without a Python step per row)."""

    first: int
    columns: list[list[str]]

    def numbers(self) -> list[int]:
        return list(range(self.first, self.first + len(self.columns[0])))

    def rows(self) -> list[tuple[int, Sequence[Any]]]:
        return list(zip(self.numbers(), zip(*self.columns, strict=True), strict=True))


@dataclass
class RawTable:
    """One table as found in a container: its header and its rows (row number, cells)."""

    name: str
    source: str  # file name or sheet name, for messages
    header: list[str]
    rows: Iterator[tuple[int, Sequence[Any]]]
    problems: list[PackageProblem] = field(default_factory=list)
    size: int = 0  # bytes of the file the rows come from, where known: a big one is checked in parallel
    # The same rows in parts of at most the given number of rows, where the container can give them so: a
    # Block, or a list of (row number, cells) where a part is not that plain. Either this or `rows` is read.
    blocks: Callable[[int], Iterator[Block | list[tuple[int, Sequence[Any]]]]] | None = None


class PackageReader(Protocol):
    def read(self) -> tuple[list[RawTable], list[PackageProblem]]: ...


def is_example_row(cells: Sequence[Any]) -> bool:
    return bool(cells) and isinstance(cells[0], str) and cells[0].strip().upper().startswith(EXAMPLE_MARK)


def package_kind(path: Path) -> str:
    """'xlsx' for a workbook, 'csv' for a folder of CSV files."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return "xlsx"
    return "csv"
