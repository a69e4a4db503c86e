"""The vocabulary (report 3.4): every term, its other names, what it names and where it is used."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from raadsmonitor.analysis.describe import describe
from raadsmonitor.domain.catalogue import TABLES, TABLES_BY_NAME
from raadsmonitor.domain.columns import Kind
from raadsmonitor.domain.glossary import Alias, Begrip
from raadsmonitor.domain.records import Records


@dataclass(frozen=True)
class Toepassing:
    """Where a term is used: a table, and how many records there use it."""

    tabel: str
    label: str
    aantal: int


@dataclass(frozen=True)
class Begripsuitleg:
    begrip: Begrip
    aliassen: list[Alias]
    verwijst_naar: str | None  # the name of the record the term stands for
    gebruik: list[Toepassing]


def _referring_counts(records: Records, table: str, key: str) -> list[Toepassing]:
    result = []
    for spec in TABLES:
        columns = [c.name for c in spec.columns if c.kind is Kind.REF and c.ref == table]
        if not columns:
            continue
        count = sum(1 for record in records.all(spec.entity) if any(getattr(record, c) == key for c in columns))
        if count:
            result.append(Toepassing(spec.name, spec.label, count))
    return result


def _enum_counts(records: Records, term: str) -> list[Toepassing]:
    """A term that is a choice in a closed list (motie, specifieke uitkering) is used where chosen."""
    result = []
    for spec in TABLES:
        columns = [c for c in spec.columns if c.enum is not None and term.lower() in [v.lower() for v in c.choices]]
        if not columns:
            continue
        count = 0
        for record in records.all(spec.entity):
            values: list[Any] = [getattr(record, c.name) for c in columns]
            count += any(isinstance(v, StrEnum) and v.value.lower() == term.lower() for v in values)
        if count:
            result.append(Toepassing(spec.name, spec.label, count))
    return result


def glossary(records: Records) -> list[Begripsuitleg]:
    aliases: dict[str, list[Alias]] = {}
    for alias in records.all(Alias):
        aliases.setdefault(alias.begrip, []).append(alias)
    entries = []
    for begrip in sorted(records.all(Begrip), key=lambda b: b.term.lower()):
        target = None
        gebruik = _enum_counts(records, begrip.term)
        if begrip.tabel in TABLES_BY_NAME and begrip.sleutel:
            spec = TABLES_BY_NAME[begrip.tabel]
            named = next((r for r in records.all(spec.entity) if getattr(r, "id", None) == begrip.sleutel), None)
            target = describe(named) if named is not None else None
            gebruik = _referring_counts(records, begrip.tabel, begrip.sleutel) + gebruik
        entries.append(Begripsuitleg(begrip, sorted(aliases.get(begrip.id, []), key=lambda a: a.alias.lower()),
                                     target, gebruik))
    return entries
