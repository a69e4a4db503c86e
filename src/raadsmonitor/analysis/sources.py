"""Every source and what rests on it: the council can trace each fact to a figure or section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from raadsmonitor.analysis.describe import describe
from raadsmonitor.domain.catalogue import TABLES, TableSpec
from raadsmonitor.domain.programme import Bron
from raadsmonitor.domain.records import Records


@dataclass(frozen=True)
class Gebruik:
    spec: TableSpec
    records: list[Any]


@dataclass(frozen=True)
class BronGebruik:
    bron: Bron
    gebruik: list[Gebruik]

    @property
    def aantal(self) -> int:
        return sum(len(item.records) for item in self.gebruik)


def source_usage(records: Records) -> list[BronGebruik]:
    """Each source with the records that cite it, grouped by table, in catalogue order."""
    by_source: dict[str, dict[str, list[Any]]] = {}
    for spec in TABLES:
        if spec.entity is Bron:
            continue
        for record in records.all(spec.entity):
            by_source.setdefault(record.bron, {}).setdefault(spec.name, []).append(record)
    result = []
    for bron in sorted(records.all(Bron), key=lambda b: b.id):
        tables = by_source.get(bron.id, {})
        result.append(BronGebruik(bron, [Gebruik(spec, tables[spec.name]) for spec in TABLES if spec.name in tables]))
    return result


def facts_of(usage: BronGebruik) -> list[tuple[TableSpec, list[str]]]:
    return [(item.spec, sorted(describe(record) for record in item.records)) for item in usage.gebruik]
