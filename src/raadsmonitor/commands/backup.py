"""`raadsmonitor backup FILE` and `raadsmonitor restore FILE` for a SQLite store (issue 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import structlog
import typer

from raadsmonitor.commands._shared import DbOption, engine_or_exit
from raadsmonitor.domain.audit import Actie
from raadsmonitor.presentation.formatting import aantal
from raadsmonitor.services import trail
from raadsmonitor.services.audit_context import local_context
from raadsmonitor.store.backup import POSTGRES_ADVICE, BackupError, backup, restore
from raadsmonitor.store.database import migrate, resolve_url, write_transaction

log = structlog.get_logger(__name__)


def _sqlite_only(db: str | None) -> None:
    if resolve_url(db).startswith("postgresql"):
        typer.echo(f"fout: {POSTGRES_ADVICE}", err=True)
        raise typer.Exit(2)


def backup_command(bestand: Annotated[Path, typer.Argument(help="Nieuw bestand voor de back-up")],
                   db: DbOption = None) -> None:
    """Maak een back-up van een SQLite-database terwijl de monitor blijft draaien."""
    _sqlite_only(db)
    try:
        backup(engine_or_exit(db, create=False), bestand)
    except BackupError as error:
        typer.echo(f"fout: {error}", err=True)
        raise typer.Exit(1) from error
    log.info("backup_done", target=str(bestand))
    typer.echo(f"Back-up geschreven naar {bestand}.")


def restore_command(bestand: Annotated[Path, typer.Argument(help="Back-up die wordt teruggezet")],
                    ja: Annotated[bool, typer.Option("--ja", help="Niet om bevestiging vragen")] = False,
                    db: DbOption = None) -> None:
    """Zet een gecontroleerde back-up terug over de huidige SQLite-database (alles wat erna kwam vervalt)."""
    _sqlite_only(db)
    engine = engine_or_exit(db, create=False)
    if not ja:
        typer.confirm(f"Alles in {engine.url.render_as_string()} wordt vervangen door {bestand}. Doorgaan?",
                      abort=True)
    try:
        count = restore(engine, bestand)
    except BackupError as error:
        typer.echo(f"fout: {error}", err=True)
        raise typer.Exit(1) from error
    migrate(engine)  # a backup made by an older version gets this version's schema
    restored = f"back-up met {aantal(count, 'auditregel', 'auditregels')} teruggezet"
    with write_transaction(engine) as connection:
        trail.append(connection, local_context().event(Actie.HERSTEL, str(bestand), toelichting=restored))
    log.info("restore_done", source=str(bestand), audit_records=count)
    typer.echo(f"Back-up {bestand} teruggezet ({aantal(count, 'auditregel', 'auditregels')}, keten intact).")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
