"""Issue 15: a CSV file's plain lines are split at the delimiter instead of read by the csv module. The rows,
their numbers and the file's problems must be exactly what the csv module gives, whatever the file holds."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from raadsmonitor.sources import csv_package
from raadsmonitor.sources.csv_package import CsvFolderReader
from raadsmonitor.sources.package import Block, PackageProblem, Place


def csv_module_rows(path: Path, delimiter: str,
                    problems: list[PackageProblem]) -> Iterator[tuple[int, Sequence[Any]]]:
    """The reading before issue 15, by the csv module alone: the reference."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            next(reader, None)
            for cells in reader:
                first = cells[0] if cells else ""
                if (not first or first.isspace()) and not any(cell.strip() for cell in cells):
                    continue
                yield reader.line_num, cells
        except csv.Error as error:
            problems.append(PackageProblem(Place(path.name, reader.line_num),
                                           f"het bestand is geen geldig CSV-bestand: {error}"))


PLAIN = "a,b,c\n" + "".join(f"x{n},{n},z\n" for n in range(1, 12))
FILES = {
    "plain": PLAIN,
    "plain, no newline at the end": PLAIN.rstrip("\n"),
    "a byte order mark": "\ufeff" + PLAIN,
    "semicolons": PLAIN.replace(",", ";"),
    "blank and whitespace lines": "a,b,c\nx,1,z\n\n  \n , , \n,,\ny,2,\n\t,3,\n",
    "short and long rows": "a,b,c\nx,1\ny,2,z,\nz,3,z,,w\n,,\nw\n",
    "a first cell blank or spaces": "a,b,c\n,1,z\n x,2,z\n  ,3,\n",
    "quotes early": 'a,b,c\n"x,1",2,z\n"multi\nline",3,z\nq,4,z\n',
    "quotes late": PLAIN + '"late, quoted",5,"and\n\nover lines"\nlast,6,z\n',
    "windows line ends late": PLAIN + "r,1,z\r\ns,2,z\r\n",
    "a lone carriage return": PLAIN + "r,1\rz\ns,2,z\n",
    "an unterminated quote at the end": PLAIN + 'bad,"open\n',
    "a quote inside a field": PLAIN + 'x,a"b,c\n',
    "a header over two lines": '"a\nb",c,d\nx,1,z\ny,2,z\n',
    "one column": "a\nx\n\ny\n  \n",
    "unicode line separators": PLAIN + "x\u2028y,1,z\u0085\nw\x0c,2,\x1cz\n",
}


@pytest.mark.parametrize("lines_per_block", [1, 2, 5, 5_000])
@pytest.mark.parametrize("name", sorted(FILES))
def test_rows_blocks_and_their_problems_are_the_csv_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             name: str, lines_per_block: int) -> None:
    monkeypatch.setattr(csv_package, "ROWS_PER_PART", lines_per_block)
    path = tmp_path / "waarnemingen.csv"
    path.write_text(FILES[name], encoding="utf-8", newline="")
    delimiter = ";" if name == "semicolons" else ","
    expected_problems: list[PackageProblem] = []
    expected = [(number, list(cells)) for number, cells in csv_module_rows(path, delimiter, expected_problems)]

    (table,), problems = CsvFolderReader(tmp_path).read()
    assert problems == []
    assert [(number, list(cells)) for number, cells in table.rows] == expected
    assert table.problems == expected_problems

    (table,), _ = CsvFolderReader(tmp_path).read()
    assert table.blocks is not None
    parts = list(table.blocks(lines_per_block))
    assert [(number, list(cells)) for part in parts
            for number, cells in (part.rows() if isinstance(part, Block) else part)] == expected
    assert table.problems == expected_problems
    assert all(len(part.columns[0]) <= lines_per_block for part in parts if isinstance(part, Block))
    if name == "plain":
        assert all(isinstance(part, Block) for part in parts)


def test_a_field_over_the_csv_modules_limit_is_its_error(tmp_path: Path) -> None:
    path = tmp_path / "waarnemingen.csv"
    path.write_text(PLAIN + "x," + "9" * 200 + ",z\n", encoding="utf-8")
    expected_problems: list[PackageProblem] = []
    old_limit = csv.field_size_limit(100)
    try:
        expected = list(csv_module_rows(path, ",", expected_problems))
        (table,), _ = CsvFolderReader(tmp_path).read()
        assert list(map(tuple, table.rows)) == list(map(tuple, expected))
    finally:
        csv.field_size_limit(old_limit)
    assert table.problems == expected_problems
    assert "field larger than field limit" in str(table.problems[0])
