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
    """The buurten of a focus area (its parts; a wijk part brings its buurten), a municipality or a wijk."""
    alle = records.all(Gebied)
    children: dict[str, list[Gebied]] = {}
    for g in alle:
        if g.ligt_in:
            children.setdefault(g.ligt_in, []).append(g)
    roots = [gebied.id]
    if gebied.soort is GebiedSoort.FOCUSGEBIED:
        roots = [o.gebied for o in records.all(GebiedOnderdeel) if o.focusgebied == gebied.id]
    by_id = {g.id: g for g in alle}
    found: dict[str, Gebied] = {}
    stack = list(roots)
    seen: set[str] = set()
    while stack:  # an explicit stack: a long chain of areas must not exhaust recursion
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        area = by_id.get(current)
        if area is not None and area.soort is GebiedSoort.BUURT:
            found[area.id] = area
        stack.extend(child.id for child in children.get(current, []))
    return sorted(found.values(), key=lambda g: (g.naam, g.id))


def map_areas(records: Records) -> list[Gebied]:
    """Areas a map can be drawn for: focus areas, municipalities and wijken that have buurten."""
    with_buurten = {g.ligt_in for g in records.all(Gebied) if g.soort is GebiedSoort.BUURT and g.ligt_in}
    focus = {o.focusgebied for o in records.all(GebiedOnderdeel)}
    parents = {g.ligt_in for g in records.all(Gebied) if g.id in with_buurten and g.ligt_in}
    kinds = (GebiedSoort.FOCUSGEBIED, GebiedSoort.GEMEENTE, GebiedSoort.WIJK)
    areas = [g for g in records.all(Gebied) if g.soort in kinds and (g.id in focus or g.id in with_buurten
                                                                        or g.id in parents)]
    order = {soort: index for index, soort in enumerate(kinds)}
    return sorted(areas, key=lambda g: (order[g.soort], g.naam))


def buurtkaart(records: Records, indicator: Indicator, gebied: Gebied, grenzen: Sequence[Gebiedsgrens],
               periode: str | None = None) -> Buurtkaart:
    """The buurten of `gebied` on `indicator` in `periode` (default: the latest with a buurt value)."""
    buurten = buurten_of(records, gebied)
    ids = {b.id for b in buurten}
    land = next((g for g in sorted(records.all(Gebied), key=lambda g: g.id) if g.soort is GebiedSoort.LAND), None)
    waarnemingen = records.where(Waarneming, indicator=indicator.id)
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
