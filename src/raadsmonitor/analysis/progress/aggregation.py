"""Buurt figures added up to a focus area, by the rule the indicator declares (issue 4).

- **som** (counts): value = Σ vᵢ over the focus area's onderdelen (gebiedsonderdelen).
- **gewogen gemiddelde** (rates, shares): value = Σ wᵢ·vᵢ / Σ wᵢ, with wᵢ the value of the indicator's
  `weegindicator` (e.g. inwoners) for the same onderdeel and period; the weights' source is the bron of
  those observations.
- **niet optelbaar**, or no rule declared: refused.

Every onderdeel must have a value (and a weight) in the period; otherwise the aggregate is refused with
a reason naming what is missing (`Optelweigering`), because a total over part of the area would look like the whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from raadsmonitor.analysis.progress.observations import Observations
from raadsmonitor.domain.enums import Aggregatie
from raadsmonitor.domain.indicators import Indicator, Waarneming
from raadsmonitor.domain.programme import Gebied, GebiedOnderdeel
from raadsmonitor.domain.records import Records


class Optelreden(StrEnum):
    """Why buurt figures do not add up to the focus area."""

    NIET_OPTELBAAR = "niet_optelbaar"  # the indicator has no rule to add up (or 'niet optelbaar')
    GEEN_ONDERDELEN = "geen_onderdelen"  # the focus area has no gebiedsonderdelen
    WAARDEN_ONTBREKEN = "waarden_ontbreken"  # onderdelen without a value in the period
    GEEN_WEEGINDICATOR = "geen_weegindicator"  # a weighted mean asked, no weegindicator named
    GEWICHTEN_ONTBREKEN = "gewichten_ontbreken"  # onderdelen without a weight in the period
    GEWICHTEN_NUL = "gewichten_nul"  # the weights add up to 0


@dataclass(frozen=True)
class Optelweigering:
    """A refused aggregate as values; presentation/progress.py words it."""

    reden: Optelreden
    indicator: str  # the indicator's name
    periode: str
    ontbrekend: tuple[str, ...] = ()  # the names of the onderdelen without a value or weight
    weegindicator: str | None = None


@dataclass(frozen=True)
class Aggregaat:
    """A focus-area value derived from its onderdelen, with what it rests on."""

    indicator: str
    gebied: str
    periode: str
    waarde: Decimal | None
    regel: Aggregatie | None
    onderdelen: list[Waarneming]
    gewichten: list[Waarneming]
    weigering: Optelweigering | None = None  # why no value could be derived

    @property
    def bronnen(self) -> list[str]:
        return sorted({w.bron for w in self.onderdelen} | {w.bron for w in self.gewichten})


def _values(observations: Observations, indicator: str, periode: str, gebieden: list[str]) -> dict[str, Waarneming]:
    observations.load([indicator], gebieden)
    return {w.gebied: w for key in gebieden for w in observations.of(indicator, key)
            if w.periode == periode and w.waarde is not None}


def _names(records: Records, keys: list[str]) -> tuple[str, ...]:
    found = {key: records.get(Gebied, key) for key in keys}
    return tuple(gebied.naam if gebied else key for key, gebied in found.items())


def aggregate(records: Records, indicator_id: str, focusgebied: str, periode: str,
              observations: Observations | None = None) -> Aggregaat:
    """The focus area's value in a period from its onderdelen, or a refusal saying why not."""
    indicator = records.get(Indicator, indicator_id)
    if indicator is None:
        raise KeyError(indicator_id)
    onderdelen = sorted(o.gebied for o in records.where(GebiedOnderdeel, focusgebied=focusgebied))
    observations = observations or Observations(records)

    def refuse(reden: Optelreden, ontbrekend: tuple[str, ...] = ()) -> Aggregaat:
        return Aggregaat(indicator_id, focusgebied, periode, None, indicator.aggregatie, [], [],
                         Optelweigering(reden, indicator.naam, periode, ontbrekend))

    if indicator.aggregatie in (None, Aggregatie.NIET_OPTELBAAR):
        return refuse(Optelreden.NIET_OPTELBAAR)
    if not onderdelen:
        return refuse(Optelreden.GEEN_ONDERDELEN)
    values = _values(observations, indicator_id, periode, onderdelen)
    missing = [key for key in onderdelen if key not in values]
    if missing:
        return refuse(Optelreden.WAARDEN_ONTBREKEN, _names(records, missing))
    parts = [values[key] for key in onderdelen]
    if indicator.aggregatie is Aggregatie.SOM:
        total = sum((w.waarde for w in parts if w.waarde is not None), Decimal(0))
        return Aggregaat(indicator_id, focusgebied, periode, total, Aggregatie.SOM, parts, [])
    return _weighted(records, observations, indicator, focusgebied, periode, onderdelen, parts)


def _weighted(records: Records, observations: Observations, indicator: Indicator, focusgebied: str, periode: str,
              onderdelen: list[str], parts: list[Waarneming]) -> Aggregaat:
    regel = Aggregatie.GEWOGEN_GEMIDDELDE

    def refuse(reden: Optelreden, ontbrekend: tuple[str, ...] = ()) -> Aggregaat:
        return Aggregaat(indicator.id, focusgebied, periode, None, regel, [], [],
                         Optelweigering(reden, indicator.naam, periode, ontbrekend, indicator.weegindicator))

    if indicator.weegindicator is None:
        return refuse(Optelreden.GEEN_WEEGINDICATOR)
    weights = _values(observations, indicator.weegindicator, periode, onderdelen)
    missing = [key for key in onderdelen if key not in weights]
    if missing:
        return refuse(Optelreden.GEWICHTEN_ONTBREKEN, _names(records, missing))
    weight_rows = [weights[key] for key in onderdelen]
    total_weight = sum((w.waarde for w in weight_rows if w.waarde is not None), Decimal(0))
    if total_weight == 0:
        return refuse(Optelreden.GEWICHTEN_NUL)
    weighted = sum((v.waarde * w.waarde for v, w in zip(parts, weight_rows, strict=True)
                    if v.waarde is not None and w.waarde is not None), Decimal(0))
    return Aggregaat(indicator.id, focusgebied, periode, weighted / total_weight, regel, parts, weight_rows)
