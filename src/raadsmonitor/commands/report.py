"""`raadsmonitor report ...`: reports written from the monitor's data, in html, pdf, docx or md.

The group is defined here so later reports (the half-yearly progress report) add a command to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from raadsmonitor.analysis.programme.scope import OnbekendProgramma, programme_of
from raadsmonitor.commands._shared import DbOption, ProgrammaOption, clock, engine_or_exit, programme_or_exit
from raadsmonitor.reports.content import Document
from raadsmonitor.reports.formats import DocumentFormat, render
from raadsmonitor.reports.paragraaf import (
    OnbekendeStroom,
    ParagraafSoort,
    build_paragraaf,
    build_raadsvoorstel,
)
from raadsmonitor.store.dataset import StoreRecords

report_app = typer.Typer(help="Rapporten uit de monitor: paragraaf van het focusgebied, raadsvoorstel, voortgang.",
                         no_args_is_help=True)

JaarOption = Annotated[int, typer.Option("--jaar", help="Begrotingsjaar of jaar van de jaarstukken")]
FormatOption = Annotated[DocumentFormat, typer.Option("--format", help="html, pdf, docx of md")]
OutOption = Annotated[Path, typer.Option("--out", help="Te schrijven bestand")]
PeildatumOption = Annotated[str | None, typer.Option(
    "--peildatum", help="Datum waarop het rapport wordt gemaakt (JJJJ-MM-DD); standaard vandaag")]


def _peildatum(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else clock().today()
    except ValueError as error:
        typer.echo(f"fout: --peildatum '{text}' is geen datum; schrijf JJJJ-MM-DD", err=True)
        raise typer.Exit(2) from error


def _write(document: Document, fmt: DocumentFormat, out: Path) -> None:
    data = render(document, fmt)
    try:
        out.write_bytes(data)
    except OSError as error:
        typer.echo(f"fout: kan {out} niet schrijven: {error.strerror}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"{document.title} ({document.subtitle}) geschreven naar {out} ({fmt.value}, {len(data)} bytes)")


@report_app.command("paragraaf")
def paragraaf_command(jaar: JaarOption, out: OutOption, fmt: FormatOption = DocumentFormat.html,
                      soort: Annotated[ParagraafSoort, typer.Option("--soort", help="begroting of jaarstukken")]
                      = ParagraafSoort.begroting, peildatum: PeildatumOption = None, db: DbOption = None,
                      programma: ProgrammaOption = None) -> None:
    """Schrijf de paragraaf van het focusgebied voor de begroting of de jaarstukken van een jaar."""
    when = _peildatum(peildatum)
    with engine_or_exit(db, create=False).connect() as connection:
        records = programme_or_exit(StoreRecords(connection), programma)
        try:
            document = build_paragraaf(records, jaar, soort, peildatum=when, programma=programme_of(records))
        except OnbekendProgramma as error:
            typer.echo(f"fout: {error}", err=True)
            raise typer.Exit(1) from error
    _write(document, fmt, out)


@report_app.command("raadsvoorstel")
def raadsvoorstel_command(stroom: Annotated[list[str], typer.Option("--stroom", help="Geldstroom (herhaalbaar)")],
                          out: OutOption, jaar: Annotated[int | None, typer.Option(
                              "--jaar", help="Jaar van het besluit; standaard het jaar van de peildatum")] = None,
                          fmt: FormatOption = DocumentFormat.md, peildatum: PeildatumOption = None,
                          programma: ProgrammaOption = None, db: DbOption = None) -> None:
    """Schrijf de drie punten (zeggenschap, gebied, keuzen) voor een raadsvoorstel over geldstromen."""
    when = _peildatum(peildatum)
    with engine_or_exit(db, create=False).connect() as connection:
        try:
            document = build_raadsvoorstel(programme_or_exit(StoreRecords(connection), programma), stroom,
                                           jaar or when.year, when)
        except OnbekendeStroom as error:
            typer.echo(f"fout: {error}", err=True)
            raise typer.Exit(1) from error
    _write(document, fmt, out)


@report_app.command("voortgang")
def voortgang_command(periode: Annotated[str, typer.Option("--periode", help="Jaar (2023) of halfjaar (2023-H1)")],
                      out: OutOption, fmt: FormatOption = DocumentFormat.html, peildatum: PeildatumOption = None,
                      programma: ProgrammaOption = None, db: DbOption = None) -> None:
    """Schrijf de voortgangsrapportage over een jaar of halfjaar, met wat er veranderde sinds de vorige."""
    # loaded by this command only: the paragraaf does not need them (issue 15)
    from raadsmonitor.reports.voortgang import OngeldigePeriode, build_voortgang, parse_periode
    from raadsmonitor.services.moments import report_changes

    when = _peildatum(peildatum)
    try:
        chosen = parse_periode(periode)
    except OngeldigePeriode as error:
        typer.echo(f"fout: --periode: {error}", err=True)
        raise typer.Exit(2) from error
    with engine_or_exit(db, create=False).connect() as connection:
        records = programme_or_exit(StoreRecords(connection), programma)
        changes = report_changes(connection, chosen.eind, when, programme_of(records))
        document = build_voortgang(records, chosen, when, changes)
    _write(document, fmt, out)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
