"""The waarnemingen one piece of work needs, read once and kept by (indicator, gebied).

Progress analyses look up the observations of one indicator for one area many times per page (a card
per indicator, the norm, the onderdelen of a focus area). Reading the whole table for that is what made
the pages slow at national size (bench/RESULTS.md); instead the observations are read per area (or per
indicator and area) through `Records.where`, at most once, and indexed.
"""

from __future__ import annotations

from collections.abc import Iterable

from raadsmonitor.domain.indicators import Waarneming
from raadsmonitor.domain.records import Records


class Observations:
    def __init__(self, records: Records) -> None:
        self._records = records
        self._by_key: dict[tuple[str, str], list[Waarneming]] = {}
        self._areas: set[str] = set()
        self._pairs: set[tuple[str, str]] = set()

    def _complete(self, indicator: str, gebied: str) -> bool:
        return gebied in self._areas or (indicator, gebied) in self._pairs

    def _add(self, rows: Iterable[Waarneming]) -> None:
        for row in rows:
            if not self._complete(row.indicator, row.gebied):
                self._by_key.setdefault((row.indicator, row.gebied), []).append(row)

    def load_areas(self, gebieden: Iterable[str]) -> None:
        """Read every observation of these areas in one read (those already read are skipped)."""
        wanted = sorted(set(gebieden) - self._areas)
        if wanted:
            self._add(self._records.where(Waarneming, gebied=tuple(wanted)))
            self._areas.update(wanted)

    def load(self, indicators: Iterable[str], gebieden: Iterable[str]) -> None:
        """Read the observations of these indicators in these areas, in one read."""
        wanted = {(i, g) for i in set(indicators) for g in set(gebieden) if not self._complete(i, g)}
        if wanted:
            self._add(self._records.where(Waarneming, indicator=tuple({i for i, _ in wanted}),
                                          gebied=tuple({g for _, g in wanted})))
            self._pairs.update(wanted)

    def of(self, indicator: str, gebied: str) -> list[Waarneming]:
        """The observations of an indicator in an area, in the store's key order (periode)."""
        if not self._complete(indicator, gebied):
            self.load_areas([gebied])
        return self._by_key.get((indicator, gebied), [])
