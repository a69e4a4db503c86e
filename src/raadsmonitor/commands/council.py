"""Commands for the council's information position: register, compliance, signals, calendar (issues 6, 17)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from raadsmonitor.analysis.council.agenda import build_agenda
from raadsmonitor.analysis.council.nakoming import AfspraakToets, Nakomingen, check_nakoming
from raadsmonitor.analysis.council.register import Register, Stand, build_register
from raadsmonitor.analysis.programme.scope import programme_of
from raadsmonitor.analysis.signals.progress_status import voortgang_status_history
from raadsmonitor.analysis.signals.rules import Signalen, evaluate_signals
from raadsmonitor.commands._shared import (
    DbOption,
    ProgrammaOption,
    TableFormat,
    clock,
    engine_or_exit,
    programme_or_exit,
)
from raadsmonitor.domain.records import Records
from raadsmonitor.presentation.formatting import format_datum_nl
from raadsmonitor.presentation.nakoming import uitleg
from raadsmonitor.presentation.register import regel_as_json
from raadsmonitor.presentation.signals import feiten, opmerking, waarden
from raadsmonitor.services.moments import goal_comparison
from raadsmonitor.store.dataset import StoreRecords

PeildatumOption = Annotated[str | None, typer.Option(
    "--peildatum", help="Datum waarop wordt beoordeeld (JJJJ-MM-DD); standaard vandaag")]
FormatOption = Annotated[TableFormat, typer.Option("--format", help="Uitvoer als tabel of JSON")]


def parse_peildatum(text: str | None) -> date:
    if text is None:
        return clock().today()
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        typer.echo(f"fout: --peildatum '{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2023-11-01", err=True)
        raise typer.Exit(2) from error


def _records(db: str | None, programma: str | None) -> tuple[Any, Records]:
    connection = engine_or_exit(db, create=False).connect()
    try:
        return connection, programme_or_exit(StoreRecords(connection), programma)
    except typer.Exit:
        connection.close()
        raise


T = TypeVar("T")


def _on_day(db: str | None, programma: str | None, peildatum: str | None,
            build: Callable[[Records, date], T]) -> T:
    """`build` over the programme's records at the peildatum, the store open only meanwhile."""
    connection, records = _records(db, programma)
    with connection:
        return build(records, parse_peildatum(peildatum))


def _show(fmt: TableFormat, result: T, as_json: Callable[[T], object], as_table: Callable[[T], list[str]]) -> None:
    typer.echo(json.dumps(as_json(result), ensure_ascii=False, indent=2) if fmt is TableFormat.json
               else "\n".join(as_table(result)))


def toets_as_json(toets: AfspraakToets) -> dict[str, Any]:
    return {
        "afspraak": toets.afspraak.id,
        "omschrijving": toets.afspraak.omschrijving,
        "jaar": toets.jaar,
        "stand": toets.stand.value,
        "uitleg": uitleg(toets),
        "grond": toets.grond.value,
        "uiterste_datum": toets.uiterste_datum.isoformat() if toets.uiterste_datum else None,
        "gevraagd": toets.gevraagd,
        "dagen_te_laat": toets.dagen_te_laat,
        "leveringen": [{"stuk": lev.stuk.id, "datum": lev.stuk.datum.iso(), "onderwerp": lev.stuk.onderwerp,
                        "gekoppeld": lev.gekoppeld} for lev in toets.leveringen],
        "onderdelen": [toets_as_json(part) for part in toets.onderdelen],
        "onderdelen_niet_geldend": toets.niet_geldend,
        "bron": toets.afspraak.bron,
    }


def nakomingen_as_json(nakomingen: Nakomingen) -> dict[str, Any]:
    return {"jaar": nakomingen.jaar, "peildatum": nakomingen.peildatum.isoformat(),
            "register_bekend_tot": nakomingen.bekend_tot.isoformat() if nakomingen.bekend_tot else None,
            "afspraken": [toets_as_json(toets) for toets in nakomingen.toetsen]}


def _nakomingen_table(nakomingen: Nakomingen) -> list[str]:
    known = format_datum_nl(nakomingen.bekend_tot)
    lines = [f"Informatieafspraken {nakomingen.jaar} (register bekend tot {known})"]
    for toets in nakomingen.toetsen:
        lines.append(f"{toets.afspraak.id:<40} {toets.stand.value:<24} {uitleg(toets)}")
        lines.extend(f"  - {p.afspraak.id:<38} {p.stand.value:<24} {uitleg(p)}" for p in toets.onderdelen)
    return lines


def signalen_as_json(signalen: Signalen) -> dict[str, Any]:
    return {"peildatum": signalen.peildatum.isoformat(),
            "signalen": [{"afspraak": s.afspraak.id, "regel": s.afspraak.regel.value, "onderwerp": s.onderwerp,
                          "datum": s.datum.isoformat(), "feiten": feiten(s), "waarden": waarden(s.feit),
                          "bronnen": s.bronnen}
                         for s in signalen.alle],
            "toetsingen": [{"afspraak": t.afspraak.id, "regel": t.afspraak.regel.value, "getoetst": t.getoetst,
                            "signalen": len(t.signalen), "opmerking": opmerking(t),
                            "reden": t.reden.value if t.reden else None, "overgeslagen": t.overgeslagen}
                           for t in signalen.toetsingen]}


def _signalen_table(signalen: Signalen) -> list[str]:
    lines = [f"Signalen op {signalen.peildatum.isoformat()}: {len(signalen.alle)}"]
    for s in signalen.alle:
        lines.append(f"{s.datum.isoformat()}  {s.afspraak.regel.value:<32} {s.onderwerp}: {' '.join(feiten(s))}")
    lines.extend(f"let op: {t.afspraak.id}: {opmerking(t)}" for t in signalen.toetsingen if opmerking(t))
    return lines


def register_as_json(register: Register) -> dict[str, Any]:
    return {"peildatum": register.peildatum.isoformat(), "regels": [regel_as_json(r) for r in register.regels]}


def _register_table(register: Register) -> list[str]:
    lines = [f"Register op {format_datum_nl(register.peildatum)}: {len(register.regels)} stukken; "
             + "; ".join(f"{stand.value}: {register.aantal(stand)}" for stand in Stand)]
    for regel in register.regels:
        stand = regel.stand.value if regel.stand else ""
        if regel.dagen_open is not None:
            stand += f", {regel.dagen_open} dagen open op {format_datum_nl(regel.bekend_op)}"
        if regel.afhandeltijd is not None:
            stand += f", {regel.afhandeltijd.kalenderdagen} dagen ({regel.afhandeltijd.werkdagen} werkdagen)"
        lines.append(f"{regel.stuk.datum.iso():<10}  {regel.stuk.soort.value:<26} {stand:<48} {regel.stuk.onderwerp}")
    return lines


def register(app: typer.Typer) -> None:
    @app.command("register")
    def register_command(fmt: FormatOption = TableFormat.table, peildatum: PeildatumOption = None,
                         programma: ProgrammaOption = None, db: DbOption = None) -> None:
        """Toon het register: elk stuk met zijn stand, termijn, dagen open en afhandeltijd."""
        _show(fmt, _on_day(db, programma, peildatum, build_register), register_as_json, _register_table)

    @app.command("compliance")
    def nakoming_command(
        jaar: Annotated[int, typer.Option("--jaar", help="Jaar waarvoor de afspraken worden getoetst")],
        fmt: FormatOption = TableFormat.table,
        peildatum: PeildatumOption = None,
        programma: ProgrammaOption = None,
        db: DbOption = None,
    ) -> None:
        """Toets de informatieafspraken van één jaar aan het register: op tijd, te laat of ontbrekend."""
        result = _on_day(db, programma, peildatum, lambda records, day: check_nakoming(records, jaar, day))
        _show(fmt, result, nakomingen_as_json, _nakomingen_table)

    @app.command("signals")
    def signals_command(fmt: FormatOption = TableFormat.table, peildatum: PeildatumOption = None,
                        programma: ProgrammaOption = None, db: DbOption = None) -> None:
        """Toets de sturingsafspraken: de afwijkingen waarover de raad wil horen."""
        connection, records = _records(db, programma)
        with connection:
            day = parse_peildatum(peildatum)
            result = evaluate_signals(records, day, voortgang_status_history(records, day),
                                      goal_comparison(connection, day, programme_of(records)))
        _show(fmt, result, signalen_as_json, _signalen_table)

    @app.command("calendar")
    def calendar_command(
        out: Annotated[Path, typer.Option("--out", help="Te schrijven .ics-bestand")],
        peildatum: PeildatumOption = None,
        programma: ProgrammaOption = None,
        db: DbOption = None,
    ) -> None:
        """Schrijf de agenda van de raad (rapportages, termijnen, vergaderingen) als iCalendar-bestand."""
        agenda = _on_day(db, programma, peildatum, build_agenda)
        from raadsmonitor.presentation.ical import agenda_ics  # icalendar loads slowly; only this command needs it

        out.write_bytes(agenda_ics(agenda))
        typer.echo(f"{len(agenda.punten)} agendapunten geschreven naar {out}")
