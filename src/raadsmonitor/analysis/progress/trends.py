"""Trends, not only gaps (issue 16): per indicator the focus area, its municipality and the benchmark (Nederland)
over every period held, with the value the required path asks of the focus area in each period.

The required value follows from the same straight path as the status (formulas.required_gap): the gap at the
nulmeting shrinks to zero in the doeljaar, measured against the benchmark of the same period, so the path moves
with the benchmark. A neutral indicator (no better direction) has no path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from raadsmonitor.analysis.progress.formulas import required_gap
from raadsmonitor.analysis.progress.records import Meting, Voortgang, voortgang_report
from raadsmonitor.domain.enums import GebiedSoort, Polariteit
from raadsmonitor.domain.indicators import Indicator
from raadsmonitor.domain.programme import Gebied
from raadsmonitor.domain.records import Records


@dataclass(frozen=True)
class Punt:
    """One value of a series in one period; `jaar` places it on the time axis (None: no date known)."""

    periode: str
    jaar: float | None
    waarde: Decimal | None
    bron: str | None


@dataclass(frozen=True)
class Reeks:
    gebied: Gebied
    rol: str  # "focusgebied", "gemeente", "norm" or "vereist pad"
    punten: tuple[Punt, ...]


@dataclass(frozen=True)
class Trendverloop:
    indicator: Indicator
    reeksen: tuple[Reeks, ...]  # the focus area first, then the municipality, the benchmark, the required path

    @property
    def perioden(self) -> list[str]:
        """Every period of any series, in time order (undated periods last, by name)."""
        seen: dict[str, float] = {}
        for reeks in self.reeksen:
            for punt in reeks.punten:
                seen.setdefault(punt.periode, punt.jaar if punt.jaar is not None else float("inf"))
        return sorted(seen, key=lambda periode: (seen[periode], periode))

    def waarde(self, reeks: Reeks, periode: str) -> Punt | None:
        return next((p for p in reeks.punten if p.periode == periode), None)


def _points(metingen: list[Meting]) -> tuple[Punt, ...]:
    return tuple(Punt(m.waarneming.periode, m.jaar, m.waarneming.waarde, m.waarneming.bron) for m in metingen)


def _norm_points(metingen: list[Meting]) -> tuple[Punt, ...]:
    return tuple(Punt(m.norm.periode, m.jaar, m.norm.waarde, m.norm.bron) for m in metingen if m.norm is not None)


def required_path(item: Voortgang) -> tuple[Punt, ...]:
    """Per measurement of the focus area from the nulmeting on: the value the path asks, against the benchmark
    of that period."""
    start = item.nulmeting
    polariteit = item.indicator.polariteit
    if (start is None or start.jaar is None or start.afstand is None or start.afstand.achterstand is None
            or item.doeljaar is None or polariteit is Polariteit.NEUTRAAL):
        return ()
    teken = Decimal(-1) if polariteit is Polariteit.HOGER_IS_BETER else Decimal(1)
    punten = []
    for meting in item.metingen:
        # before the nulmeting there is no path to be on
        if meting.norm is None or meting.norm.waarde is None or meting.jaar is None or meting.jaar < start.jaar:
            continue
        toegestaan = required_gap(start.afstand.achterstand, start.jaar, meting.jaar, item.doeljaar)
        punten.append(Punt(meting.waarneming.periode, meting.jaar, meting.norm.waarde + teken * toegestaan, None))
    return tuple(punten)


def trends(records: Records, today: date) -> list[Trendverloop]:
    """One trend per indicator the focus area has measurements of, in the order of `progress_report`."""
    items = voortgang_report(records, today)
    if not items:
        return []
    focus = items[0].gebied
    result = []
    for item in (i for i in items if i.gebied.id == focus.id):
        reeksen = [Reeks(item.gebied, "focusgebied", _points(item.metingen))]
        gemeente = next((i for i in items if i.indicator.id == item.indicator.id
                         and i.gebied.soort is GebiedSoort.GEMEENTE), None)
        if gemeente is not None:
            reeksen.append(Reeks(gemeente.gebied, "gemeente", _points(gemeente.metingen)))
        if item.norm_gebied is not None:
            norm = {p.periode: p for r in [item, *([gemeente] if gemeente else [])] for p in _norm_points(r.metingen)}
            reeksen.append(Reeks(item.norm_gebied, "norm", tuple(norm.values())))
        path = required_path(item)
        if path:
            reeksen.append(Reeks(item.gebied, "vereist pad", path))
        result.append(Trendverloop(item.indicator, tuple(reeksen)))
    return result
