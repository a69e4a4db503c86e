"""Opening a store: SQLite by default, PostgreSQL by URL; schema kept by Alembic migrations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

ENV_URL = "RAADSMONITOR_DATABASE_URL"
DEFAULT_SQLITE = Path("raadsmonitor.sqlite")
MIGRATIONS = Path(__file__).with_name("migrations")


class StoreError(Exception):
    """A store that cannot be opened or is not at the schema this version needs (Dutch message)."""


def resolve_url(url: str | None = None) -> str:
    """The --db option, else RAADSMONITOR_DATABASE_URL, else ./raadsmonitor.sqlite."""
    chosen = url or os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_SQLITE}"
    parsed = make_url(chosen)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    resolved = resolve_url(url)
    engine = create_engine(resolved, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op on a store that is already there."""
    command.upgrade(alembic_config(engine), "head")


def is_migrated(engine: Engine) -> bool:
    return "alembic_version" in inspect(engine).get_table_names()


def open_store_engine(url: str | None = None, *, create: bool = True) -> Engine:
    """An engine on a migrated store; with create=False a store without schema is refused."""
    engine = make_engine(url)
    try:
        if not create and not is_migrated(engine):
            raise StoreError(f"{engine.url.render_as_string()}: geen raadsmonitor-gegevens gevonden; "
                             "laad eerst gegevens met 'raadsmonitor import' of 'raadsmonitor demo'")
        migrate(engine)
    except StoreError:
        raise
    except Exception as error:  # the driver's own message says what went wrong
        raise StoreError(f"kan de database niet openen ({engine.url.render_as_string()}): {error}") from error
    return engine
