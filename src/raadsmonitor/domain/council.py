"""The council's information position: what it was told and asked, agreements, participation, stories."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from raadsmonitor.domain.columns import col, entity
from raadsmonitor.domain.dates import Datum
from raadsmonitor.domain.enums import AfdoeningStatus, KoppelingSoort, ParticipatieSoort, StukSoort, Uitkomst
from raadsmonitor.domain.programme import BRON


@entity
class Informatiestuk:
    """An item in the council's register: a letter, meeting, proposal, question, motie, toezegging."""

    id: str = col("Sleutel", key=True)
    soort: StukSoort = col("Soort stuk")
    datum: Datum = col("Datum (JJJJ-MM-DD, of JJJJ-MM als de bron alleen de maand geeft)")
    onderwerp: str = col("Onderwerp, zoals de bron het noemt")
    gremium: str | None = col("Vergadering of commissie (Raadsvergadering, Commissie MF, ...)", default=None)
    vorm_in_bron: str | None = col("Hoe de bron het stuk noemt (kolom 'Hoe')", default=None)
    kenmerk: str | None = col("Kenmerk of zaaknummer", default=None)
    url: str | None = col("Adres van het stuk bij de bron (OpenBesluitvorming, raadsinformatiesysteem)",
                          default=None)
    programma: str | None = col("Programma", ref="programmas", default=None)
    thema: str | None = col("Thema", ref="themas", default=None)
    portefeuillehouder: str | None = col("Verantwoordelijk wethouder of burgemeester", default=None)
    indiener: str | None = col("Indiener (fractie, raadslid, inspreker)", default=None)
    uitkomst: Uitkomst | None = col("Uitkomst van een motie of amendement", default=None)
    status: AfdoeningStatus | None = col("Stand van een motie of toezegging", default=None)
    termijn: date | None = col("Uiterste datum van afdoening (JJJJ-MM-DD)", default=None)
    toelichting: str | None = col("Opmerking", default=None)
    nagegaan_op: date | None = col(
        "Bij een vraag, motie of toezegging zonder antwoord of afdoening in het register: de datum waarop de "
        "griffie voor het laatst naging dat er nog geen antwoord of afdoening is (JJJJ-MM-DD); leeg is: "
        "niet nagegaan, de stand is dan onbekend zodra de termijn voorbij is", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Informatiekoppeling:
    """A link between register items: an answer to a question, a letter that handles a motie."""

    van: str = col("Het latere stuk (het antwoord, de afdoening)", ref="informatiestukken", key=True)
    naar: str = col("Het stuk waar het op ingaat (de vraag, de motie)", ref="informatiestukken", key=True)
    soort: KoppelingSoort = col("Soort koppeling", key=True)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Informatieafspraak:
    """An agreement on who informs the council about what, how often and by when (report 8.3, 6.4)."""

    id: str = col("Sleutel", key=True)
    programma: str = col("Programma", ref="programmas")
    omschrijving: str = col("De afspraak in de woorden van de bron")
    leverancier: str = col("Orgaan dat de informatie levert", ref="organen")
    soort_stuk: StukSoort | None = col("Soort stuk waarmee de afspraak wordt nagekomen", default=None)
    aantal_per_jaar: int | None = col("Hoe vaak per jaar ten minste", minimum=1, maximum=52, default=None)
    uiterlijk_maand: int | None = col("Maand waarin het stuk uiterlijk komt (1-12)", minimum=1,
                                      maximum=12, default=None)
    verslagperiode: str | None = col("Waarover het stuk gaat (voorgaand jaar, eerste halfjaar)",
                                     default=None)
    ingangsdatum: Datum | None = col("Sinds wanneer de afspraak geldt (leeg: altijd al)", default=None)
    einddatum: Datum | None = col("Tot en met wanneer de afspraak geldt (leeg: nog steeds)", default=None)
    onderdeel_van: str | None = col(
        "Overkoepelende afspraak waarvan dit een onderdeel is (zoals 'twee keer door de gemeente' onder "
        "'ten minste vier keer per jaar'); de overkoepelende afspraak wordt dan getoetst via haar onderdelen",
        ref="informatieafspraken", default=None)
    toelichting: str | None = col("Opmerking, bijvoorbeeld waar de ingangsdatum vandaan komt", default=None)
    bron: str = col(BRON, ref="bronnen")


class TermijnEenheid(StrEnum):
    KALENDERDAGEN = "kalenderdagen"
    WERKDAGEN = "werkdagen"


class SturingsRegel(StrEnum):
    """The deviations a council can ask to hear about that the model can evaluate (report 3.3)."""

    GELDSTROOM_EINDIGT = "geldstroom eindigt binnenkort"
    GELDSTROOM_VERVALT = "geldstroom vervalt of daalt"
    BESTEDING_WIJKT_AF = "besteding wijkt af van raming"
    INDICATOR_VERSLECHTERT = "status indicator verslechtert"
    DOEL_GEWIJZIGD = "doel of streefwaarde gewijzigd"


@entity
class Termijninstelling:
    """How long the college has to answer or settle an item of a kind, and the rule it rests on."""

    id: str = col("Sleutel", key=True)
    soort_stuk: StukSoort = col("Soort stuk waarvoor de termijn geldt (artikel 33-vragen, toezegging, motie)")
    aantal: int = col("Lengte van de termijn", minimum=1, maximum=3650)
    eenheid: TermijnEenheid = col("Kalenderdagen of werkdagen")
    omschrijving: str = col("De regel in woorden, met het artikel van het reglement van orde")
    programma: str | None = col("Programma waarvoor de termijn geldt; leeg: voor elk programma in de database",
                                ref="programmas", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Afspraaknakoming:
    """A register item that keeps an information agreement, for the year in which it was due."""

    afspraak: str = col("Informatieafspraak", ref="informatieafspraken", key=True)
    informatiestuk: str = col("Het stuk waarmee de afspraak is nagekomen", ref="informatiestukken", key=True)
    jaar: int = col("Jaar waarin de afspraak het stuk vraagt (bij 'in april over het voorgaande jaar': "
                    "het jaar van die april)", minimum=1990, maximum=2100)
    toelichting: str | None = col("Opmerking", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Sturingsafspraak:
    """A deviation the council wants to hear about, per theme, goal or funding stream (report 3.3)."""

    id: str = col("Sleutel", key=True)
    programma: str = col("Programma", ref="programmas")
    regel: SturingsRegel = col("Soort afwijking waarover de raad wil horen")
    omschrijving: str = col("De afspraak in woorden")
    thema: str | None = col("Thema", ref="themas", default=None)
    doel: str | None = col("Doel", ref="doelen", default=None)
    geldstroom: str | None = col("Geldstroom; leeg is: alle geldstromen van het programma", ref="geldstromen",
                                 default=None)
    indicator: str | None = col("Indicator (bij de regel over de status van een indicator)", ref="indicatoren",
                                default=None)
    maanden: int | None = col("Aantal maanden vooruit (bij 'geldstroom eindigt binnenkort')", minimum=1,
                              maximum=120, default=None)
    drempel_procent: Decimal | None = col("Afwijking in procenten van de raming die de raad wil horen",
                                          scale=2, minimum=0, default=None)
    drempel_bedrag: Decimal | None = col("Afwijking in euro's van de raming die de raad wil horen", scale=2,
                                         minimum=0, default=None)
    gewenste_richting: str | None = col("Richting of uitkomst die de raad gewenst vindt", default=None)
    ongewenste_richting: str | None = col("Richting of uitkomst die de raad ongewenst vindt", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Participatieactiviteit:
    """What residents were asked, where, how many were reached, and what was done with it."""

    id: str = col("Sleutel", key=True)
    programma: str = col("Programma", ref="programmas")
    soort: ParticipatieSoort = col("Soort activiteit")
    naam: str = col("Naam of korte omschrijving")
    datum: Datum | None = col("Datum of periode", default=None)
    frequentie: str | None = col("Hoe vaak, zoals de bron het zegt", default=None)
    plaats: str | None = col("Waar", default=None)
    bereik: int | None = col("Aantal bereikte bewoners; leeg als onbekend", minimum=0, default=None)
    thema: str | None = col("Thema", ref="themas", default=None)
    gevraagd: str | None = col("Wat aan bewoners is gevraagd", default=None)
    gedaan_met_inbreng: str | None = col("Wat met de inbreng is gedaan", default=None)
    raadsbesluit: str | None = col("Raadsbesluit waar de inbreng parallel aan liep",
                                   ref="informatiestukken", default=None)
    bron: str = col(BRON, ref="bronnen")


@entity
class Verhaal:
    """An experience of a resident or professional, told beside the numbers."""

    id: str = col("Sleutel", key=True)
    programma: str = col("Programma", ref="programmas")
    titel: str = col("Titel")
    tekst: str = col("Het verhaal of citaat")
    verteller: str | None = col("Wie het vertelt (functie of rol, geen naam van bewoners)", default=None)
    thema: str | None = col("Thema", ref="themas", default=None)
    doel: str | None = col("Doel", ref="doelen", default=None)
    datum: Datum | None = col("Datum", default=None)
    bron: str = col(BRON, ref="bronnen")


__all__ = [
    "Afspraaknakoming", "Informatieafspraak", "Informatiekoppeling", "Informatiestuk", "Participatieactiviteit",
    "Sturingsafspraak", "SturingsRegel", "TermijnEenheid", "Termijninstelling", "Verhaal",
]
