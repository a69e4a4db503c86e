"""Opening a store: SQLite by default, PostgreSQL by URL; schema kept by Alembic migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, RootTransaction, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from raadsmonitor.config import settings

if TYPE_CHECKING:
    from alembic.config import Config

ENV_URL = settings.variable_of("database_url")
DEFAULT_SQLITE = settings.DEFAULT_SQLITE
MIGRATIONS = Path(__file__).with_name("migrations")
WRITE_OPTION = "raadsmonitor_write"
# Any constant: the key of the PostgreSQL advisory lock that lets one writer at a time append to the
# audit trail and check ETags (issue 7).
WRITE_LOCK_KEY = 0x7261_6164  # "raad"


class StoreError(Exception):
    """A store that cannot be opened or is not at the schema this version needs (Dutch message)."""


def resolve_url(url: str | None = None) -> str:
    """The --db option, else RAADSMONITOR_DATABASE_URL, else ./raadsmonitor.sqlite."""
    chosen = url or settings.current().database
    parsed = make_url(chosen)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy's documented recipe: let SQLAlchemy emit BEGIN itself (see _sqlite_begin), so a write
    # transaction can take SQLite's write lock at its start instead of failing on upgrade later.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_page_cache(dbapi_connection: Any, _record: Any, kib: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA cache_size = -{int(kib)}")  # negative: in KiB, not in pages
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    writing = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def make_engine(url: str | None = None, pool_size: int | None = None, page_cache_kib: int | None = None) -> Engine:
    """An engine on the store; `pool_size` connections are kept open (SQLAlchemy's default 5 otherwise), up to
    10 more are opened while needed and closed again. On SQLite, `page_cache_kib` is each connection's page cache
    (SQLite's default is 2,000 KiB); PostgreSQL keeps its cache in the server."""
    resolved = resolve_url(url)
    pooling = {} if pool_size is None else {"pool_size": pool_size}
    # A server can drop a pooled connection (PostgreSQL restarts, idle time-outs); a SQLite file cannot, and
    # the ping would be one more statement on every checkout (5% of an API read's time at national size).
    engine = create_engine(resolved, future=True, pool_pre_ping=make_url(resolved).get_backend_name() != "sqlite",
                           **pooling)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        if page_cache_kib is not None:
            event.listen(engine, "connect", partial(_sqlite_page_cache, kib=page_cache_kib))
    return engine


def begin_write(connection: Connection) -> RootTransaction:
    """Begin a transaction that writes: one writer at a time, on both stores.

    Writers read before they write (the last audit record, the stored row behind an ETag), so they
    must not interleave: SQLite takes its write lock at BEGIN IMMEDIATE, PostgreSQL an advisory lock
    held until commit or rollback. Readers are never blocked.
    """
    if connection.dialect.name == "sqlite":
        connection.execution_options(**{WRITE_OPTION: True})
    transaction = connection.begin()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
    return transaction


@contextmanager
def references_checked_by_caller(connection: Connection) -> Iterator[None]:
    """SQLite's own foreign-key checks off for this connection, for a caller that checks every
    reference itself against keys it read inside its write transaction (the importer: issue 8, a
    fifth of the time of a national import). Call it before the transaction begins: SQLite ignores
    the pragma inside one. The connection is discarded afterwards, so the pool never hands out one
    without the checks. PostgreSQL keeps its checks.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
    try:
        yield
    finally:
        connection.invalidate()


@contextmanager
def rollback_journal_when_alone(connection: Connection, tables: Sequence[str]) -> Iterator[bool]:
    """For a first import into a SQLite store: the rollback journal instead of the write-ahead log while
    it writes, when `tables` hold no rows and no other connection has the file open. Yields whether it did.

    In WAL mode every page a transaction writes goes to the log first and is copied into the file at the
    checkpoint after the commit: a national import wrote its 575 MB twice, and the checkpoint ran in the
    import's own time. With the rollback journal, SQLite journals only the pages the file held before the
    transaction (a page beyond the old end of the file needs no copy: a rollback cuts the file back), so
    the rows of an empty store are written once, straight into the file. All-or-nothing holds as before:
    a rollback, a failed import or a crash (the journal left behind is rolled back by the next
    connection) leaves the store as it was. The switch itself needs the file to itself (SQLite refuses it
    while another connection has it open, without waiting): with a server or another process on the store
    the import keeps the log, and readers keep their snapshot. A connection that opens the store during
    such an import waits for it (up to its busy time-out). Afterwards the store is in WAL mode again; if
    another connection opened it meanwhile and the switch back is refused, every connection's own
    `PRAGMA journal_mode = WAL` (_sqlite_pragmas) puts it back. Call it before the transaction begins.
    """
    if connection.dialect.name != "sqlite" or in_memory(connection.engine.url):
        yield False
        return
    driver: Any = connection.connection.driver_connection
    quote = connection.dialect.identifier_preparer.quote
    empty = all(driver.execute(f"SELECT 1 FROM {quote(name)} LIMIT 1").fetchone() is None  # noqa: S608 # nosec B608
                for name in tables)
    switched = empty and _journal_mode(driver, "DELETE") == "delete"
    try:
        yield switched
    finally:
        if switched:
            _journal_mode(driver, "WAL")


def _journal_mode(driver: Any, mode: str) -> str:
    """Set SQLite's journal mode without waiting for other connections; the mode it is in afterwards."""
    timeout = driver.execute("PRAGMA busy_timeout").fetchone()[0]
    driver.execute("PRAGMA busy_timeout = 0")
    try:
        return str(driver.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0]).lower()
    except sqlite3.OperationalError:  # another connection has the file open
        return str(driver.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    finally:
        driver.execute(f"PRAGMA busy_timeout = {int(timeout)}")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction (begin_write) that commits on success, rolls back on error."""
    with engine.connect() as connection:
        with begin_write(connection):
            yield connection


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # imported when a schema is checked: server workers never need it

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest migration's revision, read from its file name (0004_....py), as tests/test_migrations
    checks against Alembic's own answer."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _stored_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except SQLAlchemyError:
        return None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op on a store that is already there.

    A store at the newest revision is recognised without loading Alembic (a fifth of a second at the
    start of every command, issue 8)."""
    if _stored_revision(engine) == head_revision():
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def is_migrated(engine: Engine) -> bool:
    return "alembic_version" in inspect(engine).get_table_names()


def is_sqlite(url: str | None = None) -> bool:
    """Whether the store a URL (or the default) names is a SQLite file rather than a database server."""
    return make_url(resolve_url(url)).get_backend_name() == "sqlite"


def in_memory(url: URL) -> bool:
    """Whether a SQLite URL names a database in memory, which lives in its engine only (no file)."""
    return url.get_backend_name() == "sqlite" and (url.database in (None, "", ":memory:")
                                                   or url.query.get("mode") == "memory")


def missing_sqlite_file(url: str | None = None) -> Path | None:
    """The SQLite file a URL names when that file does not exist (connecting would create it, empty); else None."""
    parsed = make_url(resolve_url(url))
    if parsed.get_backend_name() != "sqlite" or in_memory(parsed) or parsed.database is None:
        return None
    path = Path(parsed.database)
    return None if path.exists() else path.absolute()


def open_store_engine(url: str | None = None, *, create: bool = True) -> Engine:
    """An engine on a migrated store; with create=False a store without schema is refused, and a SQLite file
    that does not exist is neither created nor opened."""
    if not create and (missing := missing_sqlite_file(url)) is not None:
        raise StoreError(f"het databasebestand {missing} bestaat niet. Laad eerst gegevens met 'raadsmonitor demo' "
                         "of 'raadsmonitor import PAD' (zonder --db komen die in ./raadsmonitor.sqlite), of kies een "
                         "bestaande database met --db of RAADSMONITOR_DATABASE_URL")
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
