"""`raadsmonitor geldstromen`: every stream with its amount and the council's authority, in a terminal."""

from __future__ import annotations

import typer

from raadsmonitor.analysis.finance.overview import DIMENSIES, Totaal, ledger, pakket_controles, stream_posts, totals_by
from raadsmonitor.commands._shared import DbOption, ProgrammaOption, engine_or_exit, programme_or_exit
from raadsmonitor.presentation.finance import bekend_tekst
from raadsmonitor.presentation.formatting import format_euro
from raadsmonitor.reports.finance_sections import check_text, periode, total_text
from raadsmonitor.store.dataset import StoreRecords


def geldstromen_command(programma: ProgrammaOption = None, db: DbOption = None) -> None:
    """Toon de geldstromen van één programma: bedrag, periode, status en of de raad erover beslist (met de regel)."""
    with engine_or_exit(db, create=False).connect() as connection:
        regels = ledger(programme_or_exit(StoreRecords(connection), programma))
    # A row per amount that counts, so the rows add up to the total: a package by its parts (issue 20).
    for telpost in stream_posts(regels):
        regel, s = telpost.regel, telpost.regel.stroom
        waarom = f"overschreven: {regel.oordeel.overschreven_met}" if regel.oordeel.overschreven \
            else f"regel {regel.oordeel.regel.id}"
        deel = f"\t{telpost.post.omschrijving}" if telpost.rest or s.onderdeel_van else ""
        typer.echo(f"{s.id}\t{format_euro(telpost.post.bedrag)}\t{periode(regel)}\t"
                   f"{s.status.value if s.status else 'onbekend'}\t{regel.oordeel.label} ({waarom}){deel}")
    total = Totaal("Totaal", tuple(telpost.post for telpost in stream_posts(regels)))
    typer.echo(f"Totaal van de bekende bedragen: {format_euro(total.som)} ({bekend_tekst(total)})")
    for controle in pakket_controles(regels):
        typer.echo(f"Pakket {controle.pakket.id}: {check_text(controle)}")
    if any(regel.aandelen for regel in regels):  # the funders' shares change the totals by origin
        typer.echo("Naar herkomst (met de aandelen van de financiers): " + "; ".join(
            f"{t.label} {total_text(t)}" for t in totals_by(regels, DIMENSIES["herkomst"])))


def register(app: typer.Typer) -> None:
    app.command("geldstromen")(geldstromen_command)
