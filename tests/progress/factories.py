"""Synthetic records for progress tests (labelled synthetic: not figures from the report)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import Aggregatie, Eenheid, GebiedSoort, Polariteit, VergelijkingRol
from raadsmonitor.domain.indicators import Indicator, Voortgangsinstelling, Waarneming
from raadsmonitor.domain.programme import Bron, Gebied, GebiedOnderdeel, Programma, Vergelijkingsgebied
from raadsmonitor.domain.records import MemoryRecords

BRON = "synthetisch"


def base() -> list[Any]:
    return [
        Bron(id=BRON, document="Synthetische testgegevens (geen gegevens uit het rapport)"),
        Gebied(id="NL01", naam="Nederland", soort=GebiedSoort.LAND, bron=BRON),
        Gebied(id="GM0917", naam="Heerlen", soort=GebiedSoort.GEMEENTE, ligt_in="NL01", bron=BRON),
        Gebied(id="hn", naam="Heerlen-Noord", soort=GebiedSoort.FOCUSGEBIED, ligt_in="GM0917", bron=BRON),
        Gebied(id="BU1", naam="Buurt Een", soort=GebiedSoort.BUURT, ligt_in="GM0917", bron=BRON),
        Gebied(id="BU2", naam="Buurt Twee", soort=GebiedSoort.BUURT, ligt_in="GM0917", bron=BRON),
        GebiedOnderdeel(focusgebied="hn", gebied="BU1", bron=BRON),
        GebiedOnderdeel(focusgebied="hn", gebied="BU2", bron=BRON),
        Vergelijkingsgebied(focusgebied="hn", gebied="NL01", rol=VergelijkingRol.NORM, bron=BRON),
        Vergelijkingsgebied(focusgebied="hn", gebied="GM0917", rol=VergelijkingRol.GEMEENTE, bron=BRON),
        Programma(id="p", naam="Programma", focusgebied="hn", startdatum=Datum(2021, 1, 1), doeljaar=2041, bron=BRON),
        Voortgangsinstelling(programma="p", nulmeting_periode="nulmeting", tolerantie=Decimal("0.1"), bron=BRON),
    ]


def indicator(id: str = "werk", polariteit: Polariteit = Polariteit.HOGER_IS_BETER,
              aggregatie: Aggregatie | None = None, weegindicator: str | None = None) -> Indicator:
    return Indicator(id=id, naam=id.capitalize(), eenheid=Eenheid.PROCENT, polariteit=polariteit,
                     aggregatie=aggregatie, weegindicator=weegindicator, bron=BRON)


def obs(gebied: str, periode: str, waarde: str | None, indicator: str = "werk", peildatum: Datum | None = None,
        reeksbreuk: bool = False) -> Waarneming:
    return Waarneming(indicator=indicator, gebied=gebied, periode=periode, peildatum=peildatum,
                      waarde=Decimal(waarde) if waarde is not None else None, reeksbreuk=reeksbreuk, bron=BRON)


def records(*extra: Any) -> MemoryRecords:
    return MemoryRecords([*base(), *extra])
