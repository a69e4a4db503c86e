"""`raadsmonitor geldstromen`: every stream with its amount and the council's authority, in a terminal."""

from __future__ import annotations

import typer

from raadsmonitor.analysis.finance import bekend_tekst, grand_total, ledger
from raadsmonitor.commands._shared import DbOption, ProgrammaOption, engine_or_exit, programme_or_exit
from raadsmonitor.formatting import format_euro
from raadsmonitor.reports.finance_sections import periode
from raadsmonitor.store.dataset import StoreRecords


def geldstromen_command(programma: ProgrammaOption = None, db: DbOption = None) -> None:
    """Toon de geldstromen van één programma: bedrag, periode, status en of de raad erover beslist (met de regel)."""
    with engine_or_exit(db, create=False).connect() as connection:
        regels = ledger(programme_or_exit(StoreRecords(connection), programma))
    for regel in regels:
        s = regel.stroom
        waarom = f"overschreven: {regel.oordeel.overschreven_met}" if regel.oordeel.overschreven \
            else f"regel {regel.oordeel.regel.id}"
        typer.echo(f"{s.id}\t{format_euro(s.totaalbedrag)}\t{periode(regel)}\t"
                   f"{s.status.value if s.status else 'onbekend'}\t{regel.oordeel.label} ({waarom})")
    total = grand_total(regels)
    typer.echo(f"Totaal van de bekende bedragen: {format_euro(total.som)} ({bekend_tekst(total)})")


def register(app: typer.Typer) -> None:
    app.command("geldstromen")(geldstromen_command)
