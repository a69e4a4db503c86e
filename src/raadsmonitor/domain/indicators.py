"""Indicators and their observations: what is measured, where, when, with what result."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from raadsmonitor.domain.columns import col
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import Aggregatie, Eenheid, GebiedSoort, Polariteit
from raadsmonitor.domain.programme import BRON

entity = dataclass(frozen=True, kw_only=True, slots=True)


@entity
class Indicator:
    """What is measured, in which unit, and which direction is better."""

    id: str = col("Sleutel van de indicator", key=True)
    naam: str = col("Naam van de indicator")
    eenheid: Eenheid = col("Eenheid van de waarden")
    polariteit: Polariteit = col("Of een hogere of een lagere waarde beter is")
    leefgebied: str | None = col("Leefgebied", ref="leefgebieden", default=None)
    thema: str | None = col("Thema", ref="themas", default=None)
    doel: str | None = col("Doel dat de indicator meet", ref="doelen", default=None)
    actielijn: str | None = col("Actielijn van het nationale programma", ref="actielijnen", default=None)
    kernindicator: bool = col("ja als het een landelijke kernindicator is (bijlage 4)", default=False)
    gegevensbron: str | None = col("Wie de cijfers meet (CBS, GGD, Zicht op wijken, ...)", default=None)
    gebiedsniveau: GebiedSoort | None = col("Laagste gebiedsniveau waarop gemeten wordt", default=None)
    aggregatie: Aggregatie | None = col("Hoe buurtcijfers optellen tot een focusgebied", default=None)
    definitie: str | None = col("Definitie of toelichting", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Waarneming:
    """One value of an indicator for an area and period. An empty value is unknown, never zero."""

    indicator: str = col("Indicator", ref="indicatoren", key=True)
    gebied: str = col("Gebied", ref="gebieden", key=True)
    periode: str = col("Periode waarop de waarde slaat (2022, 2023-H1, nulmeting)", key=True,
                       max_length=40)
    peildatum: Datum | None = col("Datum waarop de waarde is vastgesteld of gepubliceerd", default=None)
    waarde: Decimal | None = col("De waarde; leeg als de bron haar niet geeft (onbekend)", scale=6,
                                 default=None)
    reeksbreuk: bool = col("ja als de definitie of de gebiedsgrenzen vanaf hier anders zijn",
                           default=False)
    toelichting: str | None = col("Opmerking over deze waarde", default=None)
    bron: str = col(BRON, ref="bronnen")


__all__ = ["Indicator", "Waarneming"]
