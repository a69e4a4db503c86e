"""What changed between two reporting moments (issue 9): a pure comparison of two frozen states.

Records are matched by their key. A key only in the later state is *toegevoegd*, only in the earlier
*verwijderd*; a key in both with different values gives one *gewijzigd* change per differing column,
with the value before and after. A changed definition of an indicator (name, unit, direction, source,
definition, area level, aggregation) is marked as a series break: values before and after may not be
comparable. Who made a change and when comes from the audit trail (issue 7, `attribute`) where it
names the record; otherwise `wie` stays None ("onbekend") and `wanneer` is the interval between the
two peildata.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from raadsmonitor.domain.catalogue import TABLES_BY_NAME, TableSpec, record_name
from raadsmonitor.domain.snapshots import FROZEN_TABLES, REGISTERSTAND_SPEC, REGISTERSTANDEN, Programmastand

SERIES_FIELDS = frozenset({"naam", "eenheid", "polariteit", "gegevensbron", "definitie", "gebiedsniveau",
                           "aggregatie", "weegindicator"})
EURO_FIELDS = frozenset({"bedrag", "totaalbedrag", "bedrag_focusgebied", "drempel_bedrag"})
LABELS = {**dict(FROZEN_TABLES), REGISTERSTANDEN: "Stand in het register"}


class WijzigingSoort(StrEnum):
    """How a record changed between two states."""

    TOEGEVOEGD = "toegevoegd"
    VERWIJDERD = "verwijderd"
    GEWIJZIGD = "gewijzigd"


@dataclass(frozen=True)
class Wijziging:
    """One change: what (table, key, column), before and after, and who and when where known."""

    onderdeel: str  # Dutch name of the part, e.g. "Doelen"
    tabel: str
    sleutel: str  # the record's key, parts joined by " / "
    omschrijving: str  # the record as a person recognises it (its omschrijving or naam)
    soort: WijzigingSoort
    veld: str | None  # the changed column; None for an added or removed record
    voor: Any  # typed value before (None: empty, or the record did not exist)
    na: Any
    bron: str | None  # source key of the record (after the change; before, when removed)
    reeksbreuk: bool = False  # an indicator definition changed
    wie: str | None = None  # the audit trail's actor ('gebruiker:jan', issue 7); None: the trail names no record
    wanneer: date | None = None  # the day of the change, from the audit trail
    wanneer_na: date | None = None  # without it: after this peildatum ...
    wanneer_uiterlijk: date | None = None  # ... and on or before this one (None: the live data)


@dataclass(frozen=True)
class Wijzigingen:
    """Every change from one frozen state to another."""

    van: Programmastand
    tot: Programmastand
    regels: tuple[Wijziging, ...]

    def per_onderdeel(self) -> list[tuple[str, list[Wijziging]]]:
        order = list(LABELS.values())
        groups: dict[str, list[Wijziging]] = {}
        for regel in self.regels:
            groups.setdefault(regel.onderdeel, []).append(regel)
        return sorted(groups.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))


def _spec(name: str) -> TableSpec:
    return REGISTERSTAND_SPEC if name == REGISTERSTANDEN else TABLES_BY_NAME[name]


def _key_text(spec: TableSpec, record: Any) -> str:
    return " / ".join(str(part) for part in spec.key_of(record))


def _context(van: Programmastand, tot: Programmastand) -> dict[str, Any]:
    return {"wanneer_na": van.peildatum, "wanneer_uiterlijk": tot.peildatum if tot.moment is not None else None}


def _record_change(name: str, spec: TableSpec, record: Any, soort: WijzigingSoort,
                   context: dict[str, Any]) -> Wijziging:
    label = record_name(record) or _key_text(spec, record)
    before, after = (label, None) if soort is WijzigingSoort.VERWIJDERD else (None, label)
    return Wijziging(onderdeel=LABELS[name], tabel=name, sleutel=_key_text(spec, record), omschrijving=label,
                     soort=soort, veld=None, voor=before, na=after, bron=getattr(record, "bron", None), **context)


def _field_changes(name: str, spec: TableSpec, before: Any, after: Any, context: dict[str, Any]) -> list[Wijziging]:
    changes = []
    for column in spec.columns:
        old, new = getattr(before, column.name), getattr(after, column.name)
        if old == new:
            continue
        changes.append(Wijziging(
            onderdeel=LABELS[name], tabel=name, sleutel=_key_text(spec, after),
            omschrijving=record_name(after) or _key_text(spec, after), soort=WijzigingSoort.GEWIJZIGD, veld=column.name,
            voor=old, na=new, bron=getattr(after, "bron", None),
            reeksbreuk=name == "indicatoren" and column.name in SERIES_FIELDS, **context))
    return changes


def compare_table(name: str, before: tuple[Any, ...], after: tuple[Any, ...], context: dict[str, Any]
                  ) -> list[Wijziging]:
    """The changes in one table: removed, then changed and added records in the order of the later state."""
    spec = _spec(name)
    old = {spec.key_of(r): r for r in before}
    new = {spec.key_of(r): r for r in after}
    changes = [_record_change(name, spec, r, WijzigingSoort.VERWIJDERD, context)
               for k, r in old.items() if k not in new]
    for key, record in new.items():
        if key not in old:
            changes.append(_record_change(name, spec, record, WijzigingSoort.TOEGEVOEGD, context))
        elif old[key] != record:
            changes.extend(_field_changes(name, spec, old[key], record, context))
    return changes


def compare(van: Programmastand, tot: Programmastand) -> Wijzigingen:
    """Every change from the state `van` to the state `tot`, table by table in the order of FROZEN_TABLES."""
    context = _context(van, tot)
    names = [name for name, _label in FROZEN_TABLES] + [REGISTERSTANDEN]
    regels = [change for name in names for change in compare_table(name, van.records(name), tot.records(name),
                                                                      context)]
    return Wijzigingen(van=van, tot=tot, regels=tuple(regels))


def attribute(wijzigingen: Wijzigingen, laatste: Mapping[str, tuple[str, date]]) -> Wijzigingen:
    """Fill in who and when from the audit trail: `laatste` maps an audit object ('tabel/sleutel') to the
    actor and day of its latest write between the two states. Changes the trail does not name one by one
    (rows added by an import, derived register statuses) keep the interval."""
    regels = []
    for regel in wijzigingen.regels:
        found = laatste.get(f"{regel.tabel}/" + regel.sleutel.replace(" / ", "/"))
        regels.append(regel if found is None else
                      replace(regel, wie=found[0], wanneer=found[1]))
    return replace(wijzigingen, regels=tuple(regels))
