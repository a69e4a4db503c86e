"""What every command needs: the --db option and a store, or a clear exit."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import Engine

from raadsmonitor.store.database import StoreError, open_store_engine

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database-URL (sqlite:///pad.sqlite of postgresql://...); "
                 "standaard RAADSMONITOR_DATABASE_URL of ./raadsmonitor.sqlite")]


def engine_or_exit(db: str | None, *, create: bool = True) -> Engine:
    """An engine on a migrated store; a Dutch message and exit code 2 when it cannot be opened."""
    try:
        return open_store_engine(db, create=create)
    except StoreError as error:
        typer.echo(f"fout: {error}", err=True)
        raise typer.Exit(2) from error
