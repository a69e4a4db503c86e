"""Every source and what rests on it: the council can trace each fact to a figure or section.

Counts are made in the store (`Records.count_by`), never by reading every record; the facts of one source
are read a page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from raadsmonitor.analysis.describe import describe
from raadsmonitor.domain.catalogue import TABLES, TableSpec
from raadsmonitor.domain.programme import Bron
from raadsmonitor.domain.records import Records

CITING = [spec for spec in TABLES if spec.entity is not Bron]  # every other table has a column bron


@dataclass(frozen=True)
class Gebruik:
    """How many rows of one table cite a source."""

    spec: TableSpec
    aantal: int


@dataclass(frozen=True)
class BronGebruik:
    """A source and every table that cites it."""

    bron: Bron
    gebruik: list[Gebruik]

    @property
    def aantal(self) -> int:
        return sum(item.aantal for item in self.gebruik)


def source_usage(records: Records) -> list[BronGebruik]:
    """Each source with how many records of each table cite it, in catalogue order."""
    counts = {spec.name: records.count_by(spec.entity, "bron") for spec in CITING}
    return [BronGebruik(bron, [Gebruik(spec, counts[spec.name][bron.id]) for spec in CITING
                               if counts[spec.name].get(bron.id)])
            for bron in sorted(records.all(Bron), key=lambda b: b.id)]


def usage_of(records: Records, bron_id: str) -> BronGebruik | None:
    """One source with how many records of each table cite it; None for an unknown source."""
    bron = records.get(Bron, bron_id)
    if bron is None:
        return None
    counts = {spec.name: records.count_by(spec.entity, "bron", bron=bron_id).get(bron_id, 0) for spec in CITING}
    return BronGebruik(bron, [Gebruik(spec, counts[spec.name]) for spec in CITING if counts[spec.name]])


def facts_of(records: Records, usage: BronGebruik, offset: int = 0, limit: int | None = None
             ) -> list[tuple[Gebruik, list[str]]]:
    """Per table, one line per record citing the source: records offset..offset+limit in key order of each
    table, the lines of that page sorted by name. Tables with nothing on this page are left out."""
    result = []
    for item in usage.gebruik:
        found = records.where(item.spec.entity, limit=limit, offset=offset, bron=usage.bron.id)
        if found:
            result.append((item, sorted(describe(record) for record in found)))
    return result
