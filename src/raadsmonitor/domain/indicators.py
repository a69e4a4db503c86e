"""Indicators and their observations: what is measured, where, when, with what result."""

from __future__ import annotations

from decimal import Decimal

from raadsmonitor.domain.columns import col, entity
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import Aggregatie, Eenheid, GebiedSoort, Polariteit
from raadsmonitor.domain.programme import BRON


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
    weegindicator: str | None = col(
        "Bij een gewogen gemiddelde: de indicator waarvan de waarden per buurt de gewichten zijn "
        "(bijvoorbeeld het aantal inwoners); de bron van die waarden is de bron van de gewichten",
        ref="indicatoren", default=None)
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


@entity
class Voortgangsinstelling:
    """How progress toward the benchmark is judged for a programme (issue 4): baseline and tolerance.

    A setting, not a fact: where it is not in a source document it must say so in `toelichting`
    and point to a bron that describes it as an example setting.
    """

    programma: str = col("Programma", ref="programmas", key=True)
    nulmeting_periode: str | None = col(
        "De periode (zoals in waarnemingen) die de nulmeting is; leeg: de vroegste waarneming met een datum",
        max_length=40, default=None)
    tolerantie: Decimal = col(
        "Hoe ver een gebied achter het vereiste pad mag liggen met status 'aandacht' in plaats van 'achter', "
        "als deel van de achterstand bij de nulmeting (0.1 = 10%)", scale=4, minimum=0, maximum=1)
    toelichting: str | None = col("Waar de instelling op berust", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Leefbaarometerscore:
    """A Leefbaarometer score of an area in a year (Leefbaarometer 3.0 open data, report bijlage 3).

    `lbm` is the total score; the five dimension scores are, as the Leefbaarometer publishes them,
    the deviation from the national average on the original scale (they add up to the total's deviation).
    """

    gebied: str = col("Gebied (buurt, wijk of gemeente)", ref="gebieden", key=True)
    jaar: int = col("Jaar van de score", minimum=1990, maximum=2100, key=True)
    lbm: Decimal | None = col("Totaalscore leefbaarheid", scale=6, default=None)
    fys: Decimal | None = col("Dimensie fysieke omgeving: afwijking van het landelijk gemiddelde", scale=6,
                              default=None)
    onv: Decimal | None = col("Dimensie overlast en onveiligheid: afwijking van het landelijk gemiddelde",
                              scale=6, default=None)
    soc: Decimal | None = col("Dimensie sociale samenhang: afwijking van het landelijk gemiddelde", scale=6,
                              default=None)
    vrz: Decimal | None = col("Dimensie voorzieningen: afwijking van het landelijk gemiddelde", scale=6,
                              default=None)
    won: Decimal | None = col("Dimensie woningvoorraad: afwijking van het landelijk gemiddelde", scale=6,
                              default=None)
    bron: str = col(BRON, ref="bronnen")


__all__ = ["Indicator", "Leefbaarometerscore", "Voortgangsinstelling", "Waarneming"]
