"""Appending to and reading the audit trail (issue 7; the chain itself is domain/audit.py).

Append inside the transaction of the write it records, so that the write and its record are
committed or rolled back together. Writers are serialised by store.database.write_transaction, so
reading the last record and appending the next one cannot interleave with another writer; should it
ever happen, the writer-assigned volgnummer collides on the key instead of forking the chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select

from raadsmonitor.domain.audit import GENESIS, AuditEvent, AuditRecord, chain, verify_chain
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


def generation(connection: Connection) -> int:
    """A number that changes with every recorded write: caches of pages key on it (issue 8)."""
    return int(connection.execute(select(func.coalesce(func.max(table("auditregels").c.volgnummer), 0)))
               .scalar_one())


def append(connection: Connection, event: AuditEvent, *, tijdstip: str | None = None) -> AuditRecord:
    """Chain the event after the last record and insert it; the caller commits with its write."""
    number, previous = head(connection)
    record = chain(event, volgnummer=number + 1, tijdstip=tijdstip or _now(), vorige_hash=previous)
    connection.execute(insert(table("auditregels")), [_row(record)])
    return record


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


def verify(connection: Connection, *, expected_head: str | None = None) -> list[str]:
    """Every break in the stored chain, in Dutch; empty when intact."""
    return verify_chain(iter_records(connection), expected_head=expected_head)
