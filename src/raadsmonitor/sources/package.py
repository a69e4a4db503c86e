"""What every data package container yields: named tables of raw rows, with their places."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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


@dataclass
class RawTable:
    """One table as found in a container: its header and its rows (row number, cells)."""

    name: str
    source: str  # file name or sheet name, for messages
    header: list[str]
    rows: Iterator[tuple[int, Sequence[Any]]]
    problems: list[PackageProblem] = field(default_factory=list)
    size: int = 0  # bytes of the file the rows come from, where known: a big one is checked in parallel


class PackageReader(Protocol):
    def read(self) -> tuple[list[RawTable], list[PackageProblem]]: ...


def is_example_row(cells: Sequence[Any]) -> bool:
    return bool(cells) and isinstance(cells[0], str) and cells[0].strip().upper().startswith(EXAMPLE_MARK)


def package_kind(path: Path) -> str:
    """'xlsx' for a workbook, 'csv' for a folder of CSV files."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return "xlsx"
    return "csv"
