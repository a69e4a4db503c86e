"""Appending to and reading the audit trail (issue 7; the chain itself is domain/audit.py).

Append inside the transaction of the write it records, so that the write and its record are
committed or rolled back together. Writers are serialised by store.database.write_transaction, so
reading the last record and appending the next one cannot interleave with another writer; should it
ever happen, the writer-assigned volgnummer collides on the key instead of forking the chain.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

from sqlalchemy import Connection, insert, select

from raadsmonitor.domain.audit import GENESIS, Actie, AuditEvent, AuditRecord, Resultaat, chain, verify_chain
from raadsmonitor.store.notify import notify_change
from raadsmonitor.store.tables import table

BATCH = 5_000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def head(connection: Connection) -> tuple[int, str]:
    """The volgnummer and hash of the last record; (0, GENESIS) for an empty trail."""
    audit = table("auditregels")
    row = connection.execute(select(audit.c.volgnummer, audit.c.hash)
                             .order_by(audit.c.volgnummer.desc()).limit(1)).first()
    return (row.volgnummer, row.hash) if row is not None else (0, GENESIS)


def append(connection: Connection, event: AuditEvent, *, tijdstip: str | None = None) -> AuditRecord:
    """Chain the event after the last record and insert it; the caller commits with its write."""
    return append_many(connection, [event], tijdstip=tijdstip)[-1]


def append_many(connection: Connection, events: Iterable[AuditEvent], *, tijdstip: str | None = None
                ) -> list[AuditRecord]:
    """Chain several events in order with one look-up of the head and batched inserts (an import that
    changes many rows); the caller commits with its write."""
    number, previous = head(connection)
    moment = tijdstip or _now()
    written: list[AuditRecord] = []
    batch: list[dict[str, object]] = []
    for event in events:
        number += 1
        record = chain(event, volgnummer=number, tijdstip=moment, vorige_hash=previous)
        previous = record.hash
        batch.append(_row(record))
        written.append(record)
        if len(batch) >= BATCH:
            connection.execute(insert(table("auditregels")), batch)
            batch = []
    if batch:
        connection.execute(insert(table("auditregels")), batch)
    if written:  # at the commit, every process's page cache hears that the store changed (issue 15)
        notify_change(connection)
    return written


def _row(record: AuditRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in AuditRecord.__dataclass_fields__}


def iter_records(connection: Connection, *, since: int = 0, limit: int | None = None,
                 newest_first: bool = False) -> Iterator[AuditRecord]:
    audit = table("auditregels")
    query = select(audit).where(audit.c.volgnummer > since)
    query = query.order_by(audit.c.volgnummer.desc() if newest_first else audit.c.volgnummer)
    if limit is not None:
        query = query.limit(limit)
    for row in connection.execution_options(yield_per=BATCH).execute(query):
        yield AuditRecord(**row._mapping)


def newest_page(connection: Connection, *, through: int | None, limit: int) -> list[AuditRecord]:
    """Up to `limit` records, newest first, starting at volgnummer `through` (None: the last record)."""
    audit = table("auditregels")
    query = select(audit).order_by(audit.c.volgnummer.desc()).limit(limit)
    if through is not None:
        query = query.where(audit.c.volgnummer <= through)
    return [AuditRecord(**row._mapping) for row in connection.execute(query)]


RECORD_WRITES = tuple(actie.value for actie in (Actie.AANMAKEN, Actie.WIJZIGEN, Actie.VERWIJDEREN))


def _moment_number(connection: Connection, moment_id: str) -> int | None:
    trail = table("auditregels")
    return connection.execute(select(trail.c.volgnummer).where(
        trail.c.actie == Actie.PEILMOMENT.value, trail.c.object == f"peilmomenten/{moment_id}")).scalar_one_or_none()


def latest_writes(connection: Connection, after_moment: str, until_moment: str | None
                  ) -> dict[str, tuple[str, date]]:
    """Per object, the actor and UTC day of its latest record write between two peilmomenten (until None:
    up to now). The moments' own audit records bound the interval exactly; a moment made before the
    trail existed has none, and then nothing is attributed."""
    start = _moment_number(connection, after_moment)
    end = _moment_number(connection, until_moment) if until_moment is not None else None
    if start is None or (until_moment is not None and end is None):
        return {}
    trail = table("auditregels")
    query = (select(trail.c.object, trail.c.actor, trail.c.tijdstip)
             .where(trail.c.volgnummer > start, trail.c.actie.in_(RECORD_WRITES),
                    trail.c.resultaat == Resultaat.GELUKT.value)
             .order_by(trail.c.volgnummer))
    if end is not None:
        query = query.where(trail.c.volgnummer < end)
    return {row.object: (row.actor, datetime.fromisoformat(row.tijdstip).date())
            for row in connection.execute(query)}


def verify(connection: Connection, *, expected_head: str | None = None) -> list[str]:
    """Every break in the stored chain, in Dutch; empty when intact."""
    return verify_chain(iter_records(connection), expected_head=expected_head)
