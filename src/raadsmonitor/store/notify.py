"""Knowing that the store changed without asking it on every request (issue 15), on PostgreSQL.

Every recorded write appends to the audit trail (store/audit.py), and on PostgreSQL that append also
sends `NOTIFY raadsmonitor_auditspoor` in the same transaction: PostgreSQL delivers it at the commit,
and not at all on a rollback. A `Watch` is one connection per process that LISTENs on that channel in a
thread of its own and counts what it hears (`generation`). A reader that remembered the store's state
together with the generation it read it at knows that state still holds while the generation is the same
and the watch was listening all along; it asks the store again when a notification came, when the watch
lost its connection (reconnecting counts as a notification: one may have been missed), and in any case
after MAX_AGE seconds, for a change that bypassed the trail (a `pg_restore`).

SQLite has no such channel, but it counts commits: `PRAGMA data_version` on a connection that never writes
changes whenever any other connection, in this process or another, has committed to the file (WAL mode: it
reads the shared index, takes no lock and does no I/O). A `FileVersion` holds one such connection per process;
the reader asks it (microseconds) instead of reading the trail's head on every request, with the same MAX_AGE.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import weakref

from sqlalchemy import Connection, Engine, event

CHANNEL = "raadsmonitor_auditspoor"
MAX_AGE = 5.0  # seconds: the longest a state is trusted without asking the store
RETRY = 1.0  # seconds before the first attempt to connect again; doubled per failed attempt, up to RETRY_MAX
RETRY_MAX = 30.0

log = logging.getLogger(__name__)


def notify_change(connection: Connection) -> None:
    """Tell every Watch on this store that it changed, once the caller's transaction commits (PostgreSQL).

    This process's own Watch of the engine counts it at once, so a page asked for after the commit here is
    never one of the state before it; a page asked for by another request in the moment before the commit
    is asked of the store again when the notification itself comes in.
    """
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql("SELECT pg_notify(%s, '')", (CHANNEL,))
    own = _watches.get(connection.engine)
    if own is not None:
        own.generation += 1


class Watch:
    """LISTEN on the change channel in a daemon thread; `generation` counts the changes heard (and the
    reconnects), `listening` says whether it is connected now. Stops when its engine is disposed."""

    def __init__(self, engine: Engine) -> None:
        self.conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.generation = 0
        self.listening = False
        self._stop = threading.Event()
        self.pid = os.getpid()
        self._engine = weakref.ref(engine)  # a watch whose engine is gone stops (nobody reads its generation)
        self._thread = threading.Thread(target=self._run, name="raadsmonitor-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening (within MAX_AGE seconds); readers ask the store from now on."""
        self._stop.set()
        self.listening = False
        self.generation += 1

    def _run(self) -> None:
        import psycopg

        wait, failing = RETRY, False
        while not self._stop.is_set() and self._engine() is not None:
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    # Anything may have changed while not listening: readers ask the store once more.
                    self.generation += 1
                    self.listening = True
                    if failing:
                        log.info("watch: weer verbonden voor wijzigingsmeldingen")
                    wait, failing = RETRY, False
                    while not self._stop.is_set() and self._engine() is not None:
                        for _ in connection.notifies(timeout=MAX_AGE, stop_after=1):
                            self.generation += 1
            except Exception as error:  # noqa: BLE001 - a lost connection: readers ask the store until it is back
                # Said once per outage, without a traceback: a server that is away for an hour does not fill the
                # log, and formatting a traceback (which parses source lines in Python 3.11) is not done in this
                # background thread while the application may be compiling in another (CPython gh-106905).
                if not self._stop.is_set() and not failing:
                    log.warning("watch: geen verbinding voor wijzigingsmeldingen (%s); opnieuw tot het lukt, "
                                "intussen vraagt elk verzoek de stand aan de database", str(error).strip())
                failing = True
            finally:
                self.listening = False
                self.generation += 1
            self._stop.wait(wait)
            wait = min(wait * 2, RETRY_MAX)


_watches: weakref.WeakKeyDictionary[Engine, Watch] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def watch(engine: Engine) -> Watch | None:
    """The Watch of this engine's store (one per engine, started on first use); None on SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    with _lock:
        found = _watches.get(engine)
        if found is None or found.pid != os.getpid():  # a forked worker does not inherit the thread
            found = _watches[engine] = Watch(engine)
            event.listen(engine, "engine_disposed", lambda _engine: found.stop())
        return found


class FileVersion:
    """SQLite's count of commits by other connections (`PRAGMA data_version`), on a read-only connection of its
    own, opened on first use and again in a forked process. `read()` is None where it cannot tell (a database in
    memory, a file it cannot open, a busy moment): the reader then asks the store."""

    def __init__(self, engine: Engine) -> None:
        database = engine.url.database
        self.path = database if database and database != ":memory:" and not database.startswith("file:") else None
        self._connection: tuple[int, sqlite3.Connection] | None = None
        self._lock = threading.Lock()

    def _open(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        if self._connection is None or self._connection[0] != os.getpid():
            try:
                connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=0,
                                             check_same_thread=False, isolation_level=None)
            except sqlite3.Error:
                return None
            self._connection = (os.getpid(), connection)
        return self._connection[1]

    def read(self) -> int | None:
        with self._lock:
            connection = self._open()
            if connection is None:
                return None
            try:
                return int(connection.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:
                return None

    def close(self) -> None:
        with self._lock:
            if self._connection is not None and self._connection[0] == os.getpid():
                self._connection[1].close()
            self._connection = None
