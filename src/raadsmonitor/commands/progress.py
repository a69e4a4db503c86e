"""`raadsmonitor progress`: progress toward the benchmark per indicator and area (issue 4).

The imports of CBS open data and Leefbaarometer files are in progress_imports.py."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Annotated

import typer

from raadsmonitor.analysis.progress.export import FIELDS
from raadsmonitor.analysis.progress.records import voortgang_report
from raadsmonitor.commands._shared import DbOption, ProgrammaOption, clock, engine_or_exit, programme_or_exit
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.progress import TABLE_HEADER, as_record, as_table_row
from raadsmonitor.store.dataset import StoreRecords


class TableCsvFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _area_key(records: Records, code: str | None, option: str) -> str | None:
    """An area by its key or CBS code; a Dutch message and exit code 2 when it does not exist."""
    if code is None:
        return None
    for gebied in records.all(Gebied):
        if code.strip() in (gebied.id, gebied.cbs_code):
            return gebied.id
    typer.echo(f"fout: {option} {code}: dit gebied staat niet in de database", err=True)
    raise typer.Exit(2)


def _render(rows: list[dict[str, object]], table: list[tuple[str, ...]], fmt: TableCsvFormat) -> str:
    if fmt is TableCsvFormat.json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt is TableCsvFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: ("ja" if value else "nee") if isinstance(value, bool) else value
                          for key, value in row.items()} for row in rows)
        return buffer.getvalue().rstrip("\n")
    widths = [max(len(row[i]) for row in [TABLE_HEADER, *table]) for i in range(len(TABLE_HEADER))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                     for row in [TABLE_HEADER, *table])


def register(app: typer.Typer) -> None:
    @app.command("progress")
    def voortgang_command(
        gebied: Annotated[str | None, typer.Option("--gebied", help="Alleen dit gebied (sleutel of CBS-code)")] = None,
        norm: Annotated[str | None, typer.Option("--norm", help="Vergelijk met dit gebied in plaats van de norm "
                                                               "(standaard Nederland)")] = None,
        indicator: Annotated[str | None, typer.Option("--indicator", help="Alleen deze indicator")] = None,
        fmt: Annotated[TableCsvFormat, typer.Option("--format", help="table, json of csv")] = TableCsvFormat.table,
        programma: ProgrammaOption = None,
        db: DbOption = None,
    ) -> None:
        """Toon per indicator en gebied de waarde, de norm, de achterstand, de status en waarom."""
        with engine_or_exit(db, create=False).connect() as connection:
            records = programme_or_exit(StoreRecords(connection), programma)
            found = voortgang_report(records, clock().today(), gebied=_area_key(records, gebied, "--gebied"),
                                    norm=_area_key(records, norm, "--norm"), indicator=indicator)
            typer.echo(_render([as_record(item) for item in found], [as_table_row(item) for item in found], fmt))

