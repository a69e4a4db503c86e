"""Money: funding streams, their yearly amounts, allocations, and the municipal budget they land in."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from raadsmonitor.domain.columns import col
from raadsmonitor.domain.enums import (
    BedragSoort,
    Categorie,
    GeldstroomStatus,
    Herkomst,
    Instrument,
    Reikwijdte,
    Zeggenschap,
)
from raadsmonitor.domain.programme import BRON

entity = dataclass(frozen=True, kw_only=True, slots=True)

EURO = "Bedrag in euro's, zonder scheidingstekens voor duizendtallen (1350000 of 212084,50)"


@entity
class Geldstroom:
    """A funding stream: where money comes from, through which instrument, for when and for whom."""

    id: str = col("Sleutel van de geldstroom", key=True)
    naam: str = col("Naam van de geldstroom")
    programma: str = col("Programma", ref="programmas")
    herkomst: Herkomst = col("Wie het geld geeft: rijk, gemeente, partner, ...")
    instrument: Instrument | None = col("Via welk instrument; leeg als de bron het niet zegt", default=None)
    verstrekker: str | None = col("Organisatie die het geld verstrekt", ref="organisaties", default=None)
    ontvanger: str | None = col("Formele ontvanger of aanvrager", ref="organisaties", default=None)
    begin_jaar: int | None = col("Eerste jaar", minimum=1990, maximum=2100, default=None)
    eind_jaar: int | None = col("Laatste jaar", minimum=1990, maximum=2100, default=None)
    status: GeldstroomStatus | None = col("Stand van de aanvraag of toekenning", default=None)
    categorie: Categorie | None = col("Bureau, programma, extra of regulier (figuur 8)", default=None)
    reikwijdte: Reikwijdte | None = col("Voor wie het geld is: focusgebied, hele gemeente of regio",
                                        default=None)
    totaalbedrag: Decimal | None = col(EURO + "; leeg als onbekend", scale=2, minimum=0, default=None)
    bedrag_focusgebied: Decimal | None = col("Deel van het totaal dat specifiek voor het focusgebied is",
                                             scale=2, minimum=0, default=None)
    cofinanciering_vereist: bool | None = col("ja als de gemeente moet meebetalen", default=None)
    cofinanciering_van: str | None = col("Geldstroom waarvan dit de cofinanciering is",
                                         ref="geldstromen", default=None)
    onderdeel_van: str | None = col("Geldstroom waar deze stroom een deel van is", ref="geldstromen",
                                    default=None)
    zeggenschap: Zeggenschap | None = col(
        "Alleen invullen om de regel voor zeggenschap van de raad te overschrijven", default=None)
    zeggenschap_reden: str | None = col("Verplicht als zeggenschap is ingevuld: waarom", default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class GeldstroomBedrag:
    """The amount of a stream in one year, by kind: estimated, granted, received or spent."""

    geldstroom: str = col("Geldstroom", ref="geldstromen", key=True)
    jaar: int = col("Jaar", minimum=1990, maximum=2100, key=True)
    soort: BedragSoort = col("Geraamd, toegekend, ontvangen of besteed", key=True)
    bedrag: Decimal = col(EURO, scale=2, minimum=0)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Begrotingsprogramma:
    """A programme of the municipal budget (report figure 9)."""

    id: str = col("Sleutel", key=True)
    nummer: int = col("Nummer in de begroting", minimum=0)
    naam: str = col("Naam")
    bron: str = col(BRON, ref="bronnen")


@entity
class Kernthema:
    """A kernthema within a municipal budget programme (report figure 9)."""

    id: str = col("Sleutel", key=True)
    begrotingsprogramma: str = col("Begrotingsprogramma", ref="begrotingsprogrammas")
    naam: str = col("Naam")
    bron: str = col(BRON, ref="bronnen")


@entity
class Taakveld:
    """An Iv3 taakveld from the official list of a book year."""

    id: str = col("Sleutel: boekjaar en code, bijvoorbeeld 2025-1.2", key=True)
    code: str = col("Code van het taakveld, bijvoorbeeld 1.2", max_length=10)
    naam: str = col("Naam van het taakveld")
    boekjaar: int = col("Boekjaar waarvoor de lijst geldt", minimum=2000, maximum=2100)
    bron: str = col(BRON, ref="bronnen")


@entity
class Begrotingskoppeling:
    """Where a part of the programme sits in the municipal budget (report figure 9)."""

    id: str = col("Sleutel", key=True)
    kernthema: str = col("Kernthema van de begroting", ref="kernthemas")
    thema: str | None = col("Thema van het programma; leeg als het overkoepelend is", ref="themas",
                            default=None)
    onderdeel: str = col("Onderdeel van het programma, zoals de bron het noemt")
    interventie: str | None = col("Interventie", ref="interventies", default=None)
    geldstroom: str | None = col("Geldstroom", ref="geldstromen", default=None)
    taakveld: str | None = col("Iv3-taakveld", ref="taakvelden", default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Toewijzing:
    """Part of a stream assigned to a project, theme, budget line or area."""

    id: str = col("Sleutel", key=True)
    geldstroom: str = col("Geldstroom", ref="geldstromen")
    omschrijving: str = col("Waaraan het geld is toegewezen")
    bedrag: Decimal | None = col(EURO + "; leeg als onbekend", scale=2, minimum=0, default=None)
    interventie: str | None = col("Interventie", ref="interventies", default=None)
    thema: str | None = col("Thema", ref="themas", default=None)
    kernthema: str | None = col("Kernthema van de begroting", ref="kernthemas", default=None)
    taakveld: str | None = col("Iv3-taakveld", ref="taakvelden", default=None)
    gebied: str | None = col("Gebied waar het geld landt", ref="gebieden", default=None)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


__all__ = [
    "Begrotingskoppeling", "Begrotingsprogramma", "Geldstroom", "GeldstroomBedrag", "Kernthema",
    "Taakveld", "Toewijzing",
]
