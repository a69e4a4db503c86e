"""Backup and restore of a SQLite store (issue 7), with SQLite's online backup API.

The online backup copies a consistent state while the monitor keeps serving; a restore first checks
the backup (a raadsmonitor store, integrity check, intact audit trail) and only then copies it over
the store in one step, so a bad file leaves the store as it was. PostgreSQL has its own tools
(pg_dump / pg_restore, see SECURITY.md); this module refuses it with that advice.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from raadsmonitor.store import audit
from raadsmonitor.store.database import make_engine

POSTGRES_ADVICE = ("dit is een PostgreSQL-database: maak een back-up met 'pg_dump --format=custom' en zet die "
                   "terug met 'pg_restore --clean'; zie SECURITY.md")


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message is Dutch and says why."""


def sqlite_path(engine: Engine) -> Path:
    if engine.dialect.name != "sqlite":
        raise BackupError(POSTGRES_ADVICE)
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("een database in het geheugen heeft geen bestand om te bewaren")
    return Path(database)


def _copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as destination:
        origin.backup(destination)
    destination.close()
    origin.close()


def backup(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of the store to target (which must not exist yet)."""
    source = sqlite_path(engine)
    if target.exists():
        raise BackupError(f"{target} bestaat al; kies een nieuwe bestandsnaam (een back-up overschrijft niets)")
    _copy(source, target)
    return target


def check_backup(path: Path) -> int:
    """The number of audit records of a sound backup; BackupFout saying what is wrong otherwise."""
    if not path.is_file():
        raise BackupError(f"{path} bestaat niet")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as raw:
            integrity = raw.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        raw.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is geen SQLite-database: {error}") from error
    if integrity != "ok":
        raise BackupError(f"{path} is beschadigd (integrity_check: {integrity})")
    if not {"alembic_version", "auditregels"} <= tables:
        raise BackupError(f"{path} is geen back-up van de raadsmonitor")
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            problems = audit.verify(connection)
            count, _ = audit.head(connection)
    finally:
        engine.dispose()
    if problems:
        raise BackupError(f"het auditspoor in {path} is niet intact: {problems[0]}")
    return count


def restore(engine: Engine, source: Path) -> int:
    """Replace the store's content by a checked backup; returns the backup's number of audit records."""
    target = sqlite_path(engine)
    count = check_backup(source)
    engine.dispose()  # no pooled connection may keep the old state open
    _copy(source, target)
    return count
