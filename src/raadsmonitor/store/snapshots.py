"""Writing and reading reporting moments (peilmomenten). A snapshot is inserted once and never updated:
saving one for a peildatum that already has one is refused, and nothing else writes these tables."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from raadsmonitor.domain.catalogue import TABLES_BY_NAME, TableSpec
from raadsmonitor.domain.dates import format_datum, format_tijdstip
from raadsmonitor.domain.kinds import KINDS, json_ready
from raadsmonitor.domain.records import first_or_fail
from raadsmonitor.domain.snapshots import REGISTERSTAND_SPEC, REGISTERSTANDEN, Peilmoment, Programmastand
from raadsmonitor.store.repository import from_row_value, to_row_value
from raadsmonitor.store.tables import table


class PeilmomentError(ValueError):
    """A snapshot cannot be written or found; the message is Dutch and says why."""


def _spec(name: str) -> TableSpec:
    return REGISTERSTAND_SPEC if name == REGISTERSTANDEN else TABLES_BY_NAME[name]


def encode(name: str, records: tuple[Any, ...]) -> str:
    """Canonical JSON: one object per record in the given order, keys sorted, no spaces."""
    spec = _spec(name)
    rows = [{c.name: json_ready(to_row_value(getattr(r, c.name), c)) for c in spec.columns} for r in records]
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode(name: str, text: str) -> tuple[Any, ...]:
    spec = _spec(name)
    records = []
    for row in json.loads(text):
        values = {}
        for column in spec.columns:
            raw = row.get(column.name)
            values[column.name] = from_row_value(None if raw is None else KINDS[column.kind].from_json(raw), column)
        records.append(spec.entity(**values))
    return tuple(records)


def list_moments(connection: Connection) -> list[Peilmoment]:
    """All reporting moments, oldest first."""
    rows = connection.execute(select(table("peilmomenten")).order_by(table("peilmomenten").c.peildatum))
    return [Peilmoment(id=r.id, peildatum=r.peildatum, naam=r.naam, aangemaakt=r.aangemaakt) for r in rows]


def save_peilmoment(connection: Connection, state: Programmastand, naam: str | None, now: datetime) -> Peilmoment:
    """Insert the state as a new reporting moment; refuse (write nothing) when its peildatum already has one."""
    moment_id = state.peildatum.isoformat()
    existing = next((m for m in list_moments(connection) if m.id == moment_id), None)
    if existing is not None:
        genoemd = f" ('{existing.naam}')" if existing.naam else ""
        raise PeilmomentError(
            f"er is al een peilmoment op {format_datum(state.peildatum)}{genoemd}, gemaakt op "
            f"{format_tijdstip(existing.aangemaakt)}; een peilmoment wordt nooit overschreven. "
            "Kies een andere peildatum.")
    moment = Peilmoment(id=moment_id, peildatum=state.peildatum, naam=naam,
                        aangemaakt=now.isoformat(timespec="seconds"))
    connection.execute(insert(table("peilmomenten")), [{"id": moment.id, "peildatum": moment.peildatum,
                                                         "naam": moment.naam, "aangemaakt": moment.aangemaakt}])
    connection.execute(insert(table("peilmomentinhoud")), [
        {"peilmoment": moment.id, "tabel": name, "aantal": len(records), "inhoud": encode(name, records)}
        for name, records in state.tables.items()])
    return moment


def load_peilmoment(connection: Connection, moment: Peilmoment) -> Programmastand:
    inhoud = table("peilmomentinhoud")
    rows = connection.execute(select(inhoud.c.tabel, inhoud.c.inhoud).where(inhoud.c.peilmoment == moment.id))
    return Programmastand(peildatum=moment.peildatum, tables={r.tabel: decode(r.tabel, r.inhoud) for r in rows},
                       moment=moment)


def find_moment(connection: Connection, peildatum: date) -> Peilmoment:
    """The reporting moment on `peildatum`; a Dutch error naming the moments that exist."""
    def missing(known: str) -> PeilmomentError:
        return PeilmomentError(f"er is geen peilmoment op {peildatum.isoformat()}; bekende peilmomenten: {known}")

    return first_or_fail(list_moments(connection), lambda m: m.peildatum == peildatum, lambda m: m.id, missing)
