"""`raadsmonitor snapshot` and `raadsmonitor changes`: reporting moments and what changed since (issue 9)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from raadsmonitor.analysis.programme.scope import programme_of
from raadsmonitor.commands._shared import (
    DbOption,
    ProgrammaOption,
    TableFormat,
    clock,
    engine_or_exit,
    programme_or_exit,
)
from raadsmonitor.presentation.changes import value_text, when_text, who_text
from raadsmonitor.presentation.formatting import format_tijdstip
from raadsmonitor.reports.changes import changes_as_json, summary
from raadsmonitor.services.moments import PeilmomentError, changes_between, take_peilmoment
from raadsmonitor.store.dataset import StoreRecords


def _date(option: str, text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as error:
        typer.echo(f"fout: {option} '{text}' is geen datum; schrijf JJJJ-MM-DD", err=True)
        raise typer.Exit(2) from error


def peilmoment_command(peildatum: Annotated[str, typer.Option("--peildatum", help="Peildatum (JJJJ-MM-DD)")],
                     naam: Annotated[str | None, typer.Option("--naam", help="Naam van het peilmoment")] = None,
                     db: DbOption = None) -> None:
    """Leg de stand van het programma vast op een peildatum (doelen, geld, afspraken, register)."""
    when = _date("--peildatum", peildatum)
    assert when is not None
    try:
        moment = take_peilmoment(engine_or_exit(db, create=False), when, naam, clock().now())
    except PeilmomentError as error:
        typer.echo(f"fout: {error}", err=True)
        raise typer.Exit(1) from error
    genoemd = f" ({naam})" if naam else ""
    typer.echo(f"Peilmoment {moment.id}{genoemd} vastgelegd op {format_tijdstip(moment.aangemaakt)}.")


def changes_command(sinds: Annotated[str | None, typer.Option(
                        "--sinds", help="Peildatum van het eerdere peilmoment; standaard het laatste")] = None,
                    tot: Annotated[str | None, typer.Option(
                        "--tot", help="Peildatum van het latere peilmoment; standaard de huidige gegevens")] = None,
                    fmt: Annotated[TableFormat, typer.Option("--format", help="table of json")] = TableFormat.table,
                    programma: ProgrammaOption = None, db: DbOption = None) -> None:
    """Toon wat er veranderde tussen twee peilmomenten, of sinds het laatste peilmoment."""
    van, later = _date("--sinds", sinds), _date("--tot", tot)
    with engine_or_exit(db, create=False).connect() as connection:
        try:
            gekozen = programme_of(programme_or_exit(StoreRecords(connection), programma))
            wijzigingen = changes_between(connection, van, later, clock().today(), gekozen)
        except PeilmomentError as error:
            typer.echo(f"fout: {error}", err=True)
            raise typer.Exit(1) from error
    if fmt is TableFormat.json:
        typer.echo(json.dumps(changes_as_json(wijzigingen), ensure_ascii=False, indent=2))
        return
    typer.echo(summary(wijzigingen))
    for w in wijzigingen.regels:
        typer.echo("\t".join((w.onderdeel, w.sleutel, w.soort.value, w.veld or "—", value_text(w.voor, w.veld),
                              value_text(w.na, w.veld), f"wie: {who_text(w)}", f"wanneer: {when_text(w)}")))


def register(app: typer.Typer) -> None:
    app.command("snapshot")(peilmoment_command)
    app.command("changes")(changes_command)
