"""A map of one indicator (issue 18): each buurt of an area against the national average of the same period.

Pure: records and boundaries in, a `Buurtkaart` out; the web draws it (web/charts_map.py) beside a table
with the same figures. A buurt's class says how it compares with the country, in words, so that nothing
depends on colour alone:

- for an indicator where higher or lower is better: "beter dan", "ongeveer gelijk aan" (within 5% of the
  national value) or "slechter dan" Nederland;
- for a neutral indicator: "hoger dan", "ongeveer gelijk aan" or "lager dan" Nederland;
- "onbekend" when the buurt or the country has no value in that period (empty is unknown, never zero).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from raadsmonitor.domain.boundaries import Gebiedsgrens
from raadsmonitor.domain.enums import GebiedSoort, Polariteit
from raadsmonitor.domain.indicators import Indicator, Waarneming
from raadsmonitor.domain.programme import Gebied, GebiedOnderdeel
from raadsmonitor.domain.records import Records

NEAR = Decimal("0.05")  # within 5% of the national value counts as about equal


class Klasse(Enum):
    """How a buurt compares with the country; value = (order in the legend, key for colour and pattern)."""

    BETER = "beter"
    HOGER = "hoger"
    GELIJK = "gelijk"
    LAGER = "lager"
    SLECHTER = "slechter"
    ONBEKEND = "onbekend"


LABELS = {Klasse.BETER: "beter dan Nederland", Klasse.HOGER: "hoger dan Nederland",
          Klasse.GELIJK: "ongeveer gelijk aan Nederland (binnen 5%)", Klasse.LAGER: "lager dan Nederland",
          Klasse.SLECHTER: "slechter dan Nederland", Klasse.ONBEKEND: "onbekend"}


@dataclass(frozen=True)
class Kaartvlak:
    """One buurt on the map."""

    gebied: Gebied
    waarneming: Waarneming | None
    klasse: Klasse
    grens: Gebiedsgrens | None

    @property
    def waarde(self) -> Decimal | None:
        return self.waarneming.waarde if self.waarneming else None


@dataclass(frozen=True)
class Buurtkaart:
    indicator: Indicator
    gebied: Gebied
    periode: str | None
    perioden: list[str]
    land: Gebied | None
    landelijk: Waarneming | None
    vlakken: list[Kaartvlak]

    @property
    def klassen(self) -> list[Klasse]:
        """The classes of the legend: the three of this indicator's polarity, and unknown."""
        if self.indicator.polariteit is Polariteit.NEUTRAAL:
            return [Klasse.HOGER, Klasse.GELIJK, Klasse.LAGER, Klasse.ONBEKEND]
        return [Klasse.BETER, Klasse.GELIJK, Klasse.SLECHTER, Klasse.ONBEKEND]

    @property
    def op_kaart(self) -> list[Kaartvlak]:
        return [v for v in self.vlakken if v.grens is not None]

    @property
    def zonder_grens(self) -> list[Kaartvlak]:
        return [v for v in self.vlakken if v.grens is None]


def classify(value: Decimal | None, national: Decimal | None, polariteit: Polariteit) -> Klasse:
    if value is None or national is None:
        return Klasse.ONBEKEND
    margin = abs(national) * NEAR
    if abs(value - national) <= margin:
        return Klasse.GELIJK
    higher = value > national
    if polariteit is Polariteit.NEUTRAAL:
        return Klasse.HOGER if higher else Klasse.LAGER
    better = higher == (polariteit is Polariteit.HOGER_IS_BETER)
    return Klasse.BETER if better else Klasse.SLECHTER


def buurten_of(records: Records, gebied: Gebied) -> list[Gebied]:
    """The buurten of a focus area (its parts; a wijk part brings its buurten), a municipality or a wijk.

    Level by level through `ligt_in` with keyed reads, so a national store is not read whole (issue 18)."""
    roots = [gebied.id]
    if gebied.soort is GebiedSoort.FOCUSGEBIED:
        roots = sorted({o.gebied for o in records.where(GebiedOnderdeel, focusgebied=gebied.id)})
    found: dict[str, Gebied] = {}
    seen: set[str] = set()
    level = [g for g in records.where(Gebied, id=roots)] if roots else []
    while level:  # a loop per level, not recursion: a long chain of areas must not exhaust the stack
        fresh = [g for g in level if g.id not in seen]
        seen.update(g.id for g in fresh)
        found.update((g.id, g) for g in fresh if g.soort is GebiedSoort.BUURT)
        parents = sorted(g.id for g in fresh if g.soort is not GebiedSoort.BUURT)
        level = records.where(Gebied, ligt_in=parents) if parents else []
    return sorted(found.values(), key=lambda g: (g.naam, g.id))


def map_areas(records: Records) -> list[Gebied]:
    """The areas offered for a map: the focus areas, their municipalities and wijken; without a focus area,
    every municipality. (Any municipality or wijk can still be asked for by its key.)"""
    parts = records.all(GebiedOnderdeel)
    focus = {g.id: g for g in records.where(Gebied, soort=GebiedSoort.FOCUSGEBIED)}
    focus.update((g.id, g) for g in records.where(Gebied, id=sorted({o.focusgebied for o in parts})))
    linked = sorted({g.ligt_in for g in focus.values() if g.ligt_in} | {o.gebied for o in parts})
    around = [g for g in records.where(Gebied, id=linked) if g.soort in (GebiedSoort.GEMEENTE, GebiedSoort.WIJK)]
    areas = [*focus.values(), *around] if focus else records.where(Gebied, soort=GebiedSoort.GEMEENTE)
    order = {GebiedSoort.FOCUSGEBIED: 0, GebiedSoort.GEMEENTE: 1, GebiedSoort.WIJK: 2}
    return sorted({g.id: g for g in areas}.values(), key=lambda g: (order.get(g.soort, 3), g.naam))


MAP_KINDS = (GebiedSoort.FOCUSGEBIED, GebiedSoort.GEMEENTE, GebiedSoort.WIJK)


def buurtkaart(records: Records, indicator: Indicator, gebied: Gebied, grenzen: Sequence[Gebiedsgrens],
               periode: str | None = None) -> Buurtkaart:
    """The buurten of `gebied` on `indicator` in `periode` (default: the latest with a buurt value)."""
    buurten = buurten_of(records, gebied)
    ids = {b.id for b in buurten}
    land = next(iter(records.where(Gebied, soort=GebiedSoort.LAND)), None)
    asked = sorted(ids | ({land.id} if land else set()))
    waarnemingen = records.where(Waarneming, indicator=indicator.id, gebied=asked) if asked else []
    in_area = [w for w in waarnemingen if w.gebied in ids]
    perioden = sorted({w.periode for w in in_area if w.waarde is not None}, reverse=True)
    if periode not in perioden:
        periode = perioden[0] if perioden else None
    by_area = {w.gebied: w for w in in_area if w.periode == periode}
    landelijk = next((w for w in waarnemingen if land and w.gebied == land.id and w.periode == periode), None)
    national = landelijk.waarde if landelijk else None
    by_code = {g.cbs_code: g for g in grenzen}
    vlakken = []
    for buurt in buurten:
        w = by_area.get(buurt.id)
        grens = by_code.get((buurt.cbs_code or buurt.id).strip())
        vlakken.append(Kaartvlak(buurt, w, classify(w.waarde if w else None, national, indicator.polariteit), grens))
    return Buurtkaart(indicator, gebied, periode, perioden, land, landelijk, vlakken)


def codes_of(records: Records, gebied: Gebied) -> list[str]:
    """The CBS codes (or keys) of an area's buurten: which boundaries a map needs."""
    return [(b.cbs_code or b.id).strip() for b in buurten_of(records, gebied)]
