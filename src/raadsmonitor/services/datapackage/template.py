"""The workbook a programme controller fills in, with a real example row from the demo per table."""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Any

from raadsmonitor.demo import DEMO_PACKAGE
from raadsmonitor.domain.catalogue import TABLES
from raadsmonitor.sources.csv_package import CsvFolderReader
from raadsmonitor.sources.xlsx_package import write_template

# Tables the report gives no rows for still get an example, so every sheet shows how it is filled.
FALLBACK_EXAMPLES: dict[str, list[Any]] = {
    "taakvelden": ["2025-1.2", "1.2", "Openbare orde en veiligheid", 2025, "rk2023-par6-3"],
    # Bijlage 3 shows Vrieheide-De Stack in 2020 without numbers: the scores are left empty (unknown).
    # The report names no stream with several funders; the example shows the form: the municipality
    # brings its co-financing wholly itself (100 %).
    "geldstroomfinanciers": ["gemeentelijke-cofinanciering", "gemeente-heerlen", "gemeente", None, 100,
                             "Een stroom met meer financiers krijgt een rij per financier.", "rk2023-par6-4"],
    "leefbaarometerscores": ["vrieheide-de-stack", 2020, None, None, None, None, None, None, "rk2023-bijlage3"],
}


def example_rows() -> dict[str, list[Any]]:
    tables, _ = CsvFolderReader(DEMO_PACKAGE).read()
    examples: dict[str, list[Any]] = dict(FALLBACK_EXAMPLES)
    for table in tables:
        first = next(islice(table.rows, 1), None)
        if first is not None:
            examples[table.name] = [cell if cell != "" else None for cell in first[1]]
    return {spec.name: examples[spec.name] for spec in TABLES if spec.name in examples}


def write_template_with_examples(path: Path) -> None:
    write_template(path, example_rows())
