"""Reading and writing boundaries (domain/boundaries.py): all of a file in one transaction, or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from raadsmonitor.domain.audit import Actie, AuditContext
from raadsmonitor.domain.boundaries import Gebiedsgrens
from raadsmonitor.store import audit
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.tables import table

GRENZEN = table("gebiedsgrenzen")


@dataclass(frozen=True)
class GrensTelling:
    nieuw: int
    gewijzigd: int
    ongewijzigd: int


def _same(old: Gebiedsgrens, new: Gebiedsgrens) -> bool:
    return (old.naam, old.geometrie, old.bron) == (new.naam, new.geometrie, new.bron)


def load_boundaries(source: Connection | Engine, codes: Iterable[str] | None = None) -> list[Gebiedsgrens]:
    """The boundaries with these CBS codes (all of them without codes), ordered by code."""
    query = select(GRENZEN).order_by(GRENZEN.c.cbs_code)
    if codes is not None:
        query = query.where(GRENZEN.c.cbs_code.in_(sorted(set(codes))))

    def read(connection: Connection) -> list[Gebiedsgrens]:
        return [Gebiedsgrens(**row._mapping) for row in connection.execute(query)]

    if isinstance(source, Engine):
        with source.connect() as connection:
            return read(connection)
    return read(source)


def write_boundaries(engine: Engine, grenzen: Sequence[Gebiedsgrens], source: str, context: AuditContext, *,
                     dry_run: bool = False) -> GrensTelling:
    """Insert new, update changed, leave unchanged; one transaction with its audit record. A dry run counts."""
    if dry_run:
        with engine.connect() as connection:
            return _count(load_boundaries(connection), grenzen)[0]
    with write_transaction(engine) as connection:
        telling, new, changed = _count(load_boundaries(connection), grenzen)
        if new:
            connection.execute(GRENZEN.insert(), [_row(g) for g in new])
        for grens in changed:
            connection.execute(GRENZEN.update().where(GRENZEN.c.cbs_code == grens.cbs_code).values(_row(grens)))
        audit.append(connection, context.event(Actie.IMPORTEREN, source, nieuw={"tabellen": {"gebiedsgrenzen": {
            "nieuw": telling.nieuw, "gewijzigd": telling.gewijzigd, "ongewijzigd": telling.ongewijzigd}}}))
    return telling


def _count(stored: list[Gebiedsgrens], grenzen: Sequence[Gebiedsgrens]
           ) -> tuple[GrensTelling, list[Gebiedsgrens], list[Gebiedsgrens]]:
    existing = {g.cbs_code: g for g in stored}
    new = [g for g in grenzen if g.cbs_code not in existing]
    changed = [g for g in grenzen if g.cbs_code in existing and not _same(existing[g.cbs_code], g)]
    return GrensTelling(len(new), len(changed), len(grenzen) - len(new) - len(changed)), new, changed


def _row(grens: Gebiedsgrens) -> dict[str, object]:
    return {"cbs_code": grens.cbs_code, "naam": grens.naam, "geometrie": grens.geometrie, "bron": grens.bron,
            "ingelezen_op": grens.ingelezen_op}
