"""Freezing the programme's state on a peildatum (issue 9): the records a council follows between two
reports, and the register statuses derived on that date. Pure: the store only persists the result."""

from __future__ import annotations

from datetime import date

from raadsmonitor.analysis.council.register import build_register
from raadsmonitor.domain.catalogue import TABLES_BY_NAME
from raadsmonitor.domain.records import Records
from raadsmonitor.domain.snapshots import FROZEN_TABLES, REGISTERSTANDEN, Peilmoment, Programmastand, Registerstand


def register_statuses(records: Records, peildatum: date) -> tuple[Registerstand, ...]:
    """The status of every register item that has one (moties, toezeggingen, questions) on `peildatum`."""
    register = build_register(records, peildatum)
    return tuple(sorted((Registerstand(stuk=r.stuk.id, soort=r.stuk.soort, onderwerp=r.stuk.onderwerp,
                                       stand=r.stand.value if r.stand else None, termijn=r.termijn, bron=r.stuk.bron)
                         for r in register.regels if r.stand is not None or r.grond is not None),
                        key=lambda s: s.stuk))


def freeze(records: Records, peildatum: date, moment: Peilmoment | None = None) -> Programmastand:
    """The state to keep: each frozen table ordered by key, and the register statuses on `peildatum`."""
    tables: dict[str, tuple[object, ...]] = {}
    for name, _label in FROZEN_TABLES:
        spec = TABLES_BY_NAME[name]
        tables[name] = tuple(sorted(records.all(spec.entity), key=lambda r: tuple(map(str, spec.key_of(r)))))
    tables[REGISTERSTANDEN] = register_statuses(records, peildatum)
    return Programmastand(peildatum=peildatum, tables=tables, moment=moment)
