"""What the commands share: the --db and --programma options, opening a store or exiting clearly, and printing
import reports."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from enum import StrEnum
from itertools import chain, islice
from math import gcd
from typing import TYPE_CHECKING, Annotated, Any
from weakref import WeakSet

import typer
from sqlalchemy import Engine

from raadsmonitor.analysis.programme.scope import (
    OnbekendProgramma,
    ProgrammaNodig,
    choose_programme,
    scoped,
)
from raadsmonitor.config import settings
from raadsmonitor.config.clock import Clock, SystemClock
from raadsmonitor.domain.kinds import json_ready
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.formatting import aantal, format_getal
from raadsmonitor.store.database import StoreError, open_store_engine

if TYPE_CHECKING:  # the import and the sources load when an import runs, not for every command (issue 15)
    from raadsmonitor.services.datapackage.importer import ImportReport
    from raadsmonitor.sources.http import Voortgangsregels
    from raadsmonitor.sources.package import PackageProblem, PackageReader, RawTable

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database-URL (sqlite:///pad.sqlite of postgresql://...); "
                 "standaard RAADSMONITOR_DATABASE_URL of ./raadsmonitor.sqlite")]

ProgrammaOption = Annotated[str | None, typer.Option(
    "--programma", help="Programma van het focusgebied (sleutel, bijvoorbeeld nphln); standaard "
                        "RAADSMONITOR_PROGRAMMA of het enige programma van een focusgebied in de database")]


# The engines the command opened and still uses, closed when it ends (cli.py, `_end_quickly`); weakly held, so an
# engine nobody uses any more (tests call commands in one process) closes as before.
_ENGINES: WeakSet[Engine] = WeakSet()


def engine_or_exit(db: str | None, *, create: bool = True) -> Engine:
    """An engine on a migrated store; a Dutch message and exit code 2 when it cannot be opened."""
    try:
        engine = open_store_engine(db, create=create)
    except StoreError as error:
        typer.echo(f"fout: {error}", err=True)
        raise typer.Exit(2) from error
    _ENGINES.add(engine)
    return engine


def close_engines() -> None:
    """Close the pooled connections of every engine `engine_or_exit` opened (they stay usable: a pool reopens)."""
    for engine in list(_ENGINES):
        engine.dispose()
    _ENGINES.clear()


# The clock of every command (issue 19): a test sets CLOCK to a FixedClock to run commands as on another day.
CLOCK: Clock = SystemClock()


def clock() -> Clock:
    """The commands' clock: today's date and now come from here, never from date.today() in a command."""
    return CLOCK


def programme_or_exit(records: Records, programma: str | None) -> Records:
    """The records of one programme (issue 20): --programma, else RAADSMONITOR_PROGRAMMA, else the only one.
    A Dutch message and exit code 1 for an unknown programme, or when there are several and none is chosen."""
    try:
        chosen = choose_programme(records, programma, settings.current().programma)
    except OnbekendProgramma as error:
        typer.echo(f"fout: {error}", err=True)
        raise typer.Exit(1) from error
    except ProgrammaNodig as error:
        typer.echo(f"fout: {error} met --programma (of RAADSMONITOR_PROGRAMMA)", err=True)
        raise typer.Exit(1) from error
    return scoped(records, chosen)


class TextFormat(StrEnum):
    text = "text"
    json = "json"


Samenvatting = dict[str, int]


def summary_of(report: ImportReport, *, tables: Sequence[str] | None = None, geweigerd: int | None = None
               ) -> Samenvatting:
    """The one summary of every import (issue 18): new, changed, unchanged and refused rows.

    New, changed and unchanged add up the tables written (or, with `tables`, only those); an import that is
    refused writes nothing, so those are 0 and `geweigerd` counts its problems (or what the caller says)."""
    counts = [count for name, count in report.counts.items() if tables is None or name in tables]
    ok = report.ok
    return {"nieuw": sum(count.added for count in counts) if ok else 0,
            "gewijzigd": sum(count.changed for count in counts) if ok else 0,
            "ongewijzigd": sum(count.unchanged for count in counts) if ok else 0,
            "geweigerd": len(report.problems) if geweigerd is None else geweigerd}


def summary_line(summary: Samenvatting) -> str:
    """'Samenvatting: 3 nieuw, 0 gewijzigd, 12 ongewijzigd, 1 geweigerd', the same line after every import."""
    return (f"Samenvatting: {format_getal(summary['nieuw'])} nieuw, {format_getal(summary['gewijzigd'])} gewijzigd, "
            f"{format_getal(summary['ongewijzigd'])} ongewijzigd, {format_getal(summary['geweigerd'])} geweigerd")


def print_import_report(report: ImportReport, fmt: TextFormat, summary: Samenvatting | None = None) -> None:
    """The report of an import as text or JSON, always with the summary line (or `samenvatting` in JSON)."""
    summary = summary or summary_of(report)
    if fmt is TextFormat.json:
        typer.echo(json.dumps(report_as_json(report, summary), ensure_ascii=False, indent=2))
        return
    for problem in report.problems:
        typer.echo(str(problem), err=True)
    for notice in report.notices:
        typer.echo(f"let op: {notice}")
    if report.examples_skipped:
        typer.echo(f"{aantal(report.examples_skipped, 'voorbeeldrij', 'voorbeeldrijen')} overgeslagen")
    if not report.ok:
        typer.echo(f"{aantal(len(report.problems), 'fout', 'fouten')} gevonden; er is niets opgeslagen.", err=True)
        if report.changes:
            typer.echo("Zonder die fouten zou deze import deze opgeslagen rijen wijzigen:")
            print_changes(report)
        typer.echo(summary_line(summary))
        return
    for name, count in report.counts.items():
        typer.echo(f"{name}: {count.added} nieuw, {count.changed} gewijzigd, {count.unchanged} ongewijzigd")
    if report.changes:
        typer.echo("Gewijzigde rijen (oud → nieuw):" if report.written else "Deze rijen zouden wijzigen (oud → nieuw):")
        print_changes(report)
    typer.echo(summary_line(summary))
    typer.echo("Proefrun: alles is geldig; er is niets opgeslagen." if report.dry_run
               else "Alles is in één keer opgeslagen.")


class MetVoortgang:
    """A reader whose rows are counted on standard error once the import has taken over two seconds (issue 18):
    '<tabel>: 100.000 rijen gelezen' every 100,000 rows. Everything else is the wrapped reader's."""

    EVERY = 100_000
    CHUNK = 5_000

    def __init__(self, reader: PackageReader, voortgang: Voortgangsregels | None = None) -> None:
        from raadsmonitor.sources.http import Voortgangsregels

        self.reader = reader
        self.voortgang = voortgang or Voortgangsregels()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reader, name)

    def read(self) -> tuple[list[RawTable], list[PackageProblem]]:
        tables, problems = self.reader.read()
        for table in tables:
            table.rows = self._counted(table.name, table.rows)
        return tables, problems

    def _counted(self, name: str, rows: Iterator[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, Sequence[Any]]]:
        """The rows as they come, counted a chunk at a time (issue 15): no Python call per row, and at most one
        chunk of a few thousand rows held (a list of 100,000 rows per line had cost a national import's
        checking process about 100 MB)."""
        every, rows, read = self.EVERY, iter(rows), 0

        def counted(chunk: list[tuple[int, Sequence[Any]]]) -> list[tuple[int, Sequence[Any]]]:
            nonlocal read
            before, read = read, read + len(chunk)
            if read // every > before // every:
                self.voortgang.line(f"{name}: {aantal(read, 'rij', 'rijen')} gelezen")
            return chunk

        size = gcd(every, self.CHUNK)  # so that a line falls exactly on each multiple of EVERY
        return chain.from_iterable(map(counted, iter(lambda: list(islice(rows, size)), [])))


class TableFormat(StrEnum):
    table = "table"
    json = "json"


def print_changes(report: ImportReport) -> None:
    """Each changed row with its place, whether it is shared, and each field: old → new (issue 20)."""
    from raadsmonitor.services.datapackage.importer import shared_with_text

    for change in report.changes:
        source = change.source or change.table
        place = f"{source}, rij {change.row}" if change.row is not None else source
        shared = f" — gedeeld: {shared_with_text(change)}" if change.shared else ""
        typer.echo(f"  {change.name} ({place}){shared}")
        for item in change.fields:
            typer.echo(f"    {item.field}: {_shown(item.old)} → {_shown(item.new)}")


def _shown(value: object) -> str:
    if value is None:
        return "(leeg)"
    return ("ja" if value else "nee") if isinstance(value, bool) else str(value)


def changes_as_json(report: ImportReport) -> list[dict[str, object]]:
    return [{"tabel": change.table, "sleutel": list(map(json_ready, change.key)), "object": change.name,
             "bestand": change.source, "rij": change.row, "gedeeld": change.shared,
             "ook_gebruikt_door": list(change.used_by), "landelijk_programma": list(change.national),
             "velden": [{"veld": item.field, "oud": item.old, "nieuw": item.new} for item in change.fields]}
            for change in report.changes]


def report_as_json(report: ImportReport, summary: Samenvatting | None = None) -> dict[str, object]:
    return {
        "bron": report.source,
        "proefrun": report.dry_run,
        "geslaagd": report.ok,
        "opgeslagen": report.written,
        "fouten": [{"plaats": str(problem.place), "bestand": problem.place.source, "rij": problem.place.row,
                    "kolom": problem.place.column, "melding": problem.message} for problem in report.problems],
        "meldingen": report.notices,
        "voorbeeldrijen_overgeslagen": report.examples_skipped,
        "aantallen": {name: {"nieuw": count.added, "gewijzigd": count.changed, "ongewijzigd": count.unchanged}
                      for name, count in report.counts.items()},
        "wijzigingen": changes_as_json(report),
        "samenvatting": summary or summary_of(report),
    }
